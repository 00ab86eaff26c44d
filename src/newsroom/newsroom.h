// newsroom: what the newsroom does to its journal, whichever door it comes through — the back
// office's forms today, the Admin API next. Each operation takes the acting account and plain
// values, checks the account's role, writes in one transaction with its audit line, and returns
// a core::Result whose error code the door translates: kForbidden (403), kNotFound (404),
// kInvalid (422, naming the field), kConflict (409), kUnavailable (503). Doors do no checks of
// their own beyond reading their request. Safe to call from every thread at once.
#pragma once
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "http/http.h"
#include "store/store.h"

namespace tapchi::newsroom {

// What a moderator does to comments.
enum class Moderation { kApprove, kReject, kSpam, kPending, kDelete };
// "approve", "reject", "spam", "pending", "delete".
std::optional<Moderation> parse_moderation(std::string_view name);

// The longest staff reply, in bytes.
constexpr std::size_t kMaxReplyBytes = 5000;

// Articles: each role's rights. Whether `u` may change `a`: editors and admins any article;
// authors their own; contributors their own until it is published. (A new article, id 0, is
// everyone's own.)
bool may_edit(const core::User& u, const core::Article& a);
// Whether `u` may publish, schedule, unpublish or delete `a`: editors and admins any, authors
// their own.
bool may_publish(const core::User& u, const core::Article& a);

// Whether `u` keeps the journal: moderates comments, manages sections, tags, authors and the
// library's photos (editors and admins).
inline bool may_keep_journal(const core::User& u) { return u.role >= core::Role::kEditor; }

// What is wrong with a draft, by field ("slug" → "The address needs letters or digits.").
using FieldErrors = std::map<std::string, std::string>;

// What a writer does with an article besides saving its text.
enum class ArticleAction { kSave, kSubmit, kPublish, kUnpublish };
// "save", "submit", "publish", "unpublish".
std::optional<ArticleAction> parse_article_action(std::string_view name);

// An article's limits, in bytes and tags.
constexpr std::size_t kMaxTitleBytes = 300;
constexpr std::size_t kMaxLeadBytes = 2000;
constexpr std::size_t kMaxBodyBytes = 512 * 1024;
constexpr std::size_t kMaxSlugBytes = 200;
constexpr std::size_t kMaxTags = 30;
constexpr std::size_t kMaxTagBytes = 100;

// An article as a form or a request gives it.
struct ArticleDraft {
  core::Id edition_id = 0;  // a new article's edition; an existing one keeps its own
  int version = 0;          // the version a change is based on: required for an existing article
  std::string title;
  std::string lead;
  std::string body;  // Markdown
  std::string slug;  // empty: made from the title
  core::Id section_id = 0;
  std::vector<std::string> tags;     // names; a name new to the edition makes a tag
  std::vector<core::Id> author_ids;  // in byline order
  core::Id featured_media_id = 0;
  core::Id translation_of = 0;  // an article of another edition this one translates
  bool comments_open = true;
  std::string comment_mode;  // "", "open" or "moderated"
  // Publish (or, for a published article, move) to this time; a later one schedules.
  std::optional<core::Instant> publish_at;
};

// Why a save was refused as stale: the version the article is at, who saved it and when, and
// the revision that keeps the refused text.
struct Stale {
  int version = 0;
  std::string by;
  std::optional<core::Instant> saved_at;
  core::Id kept_revision = 0;
};

// A section as a form or a request gives it.
struct SectionDraft {
  core::Id edition_id = 0;  // a new section's edition; an existing one keeps its own
  std::string name;
  std::string slug;      // empty: made from the name
  std::string position;  // as typed: a whole number from 0
};

// A tag as a form or a request gives it (a tag keeps its edition).
struct TagDraft {
  std::string name;
  std::string slug;  // empty: made from the name
};

// A static page as a form or a request gives it.
struct PageDraft {
  core::Id edition_id = 0;  // a new page's edition; an existing one keeps its own
  int version = 0;          // the version a change is based on: required for an existing page
  std::string title;
  std::string slug;  // empty: made from the title
  std::string body;  // Markdown
  bool is_published = false;
  std::string footer_position;  // as typed: its place in the footer from 1, or empty (not there)
};
constexpr int kMaxFooterPosition = 99;

// The key an old address is kept and looked up under (store::Redirect::from): the request's
// path without a trailing '/', or "/?p=12" when it carries one of WordPress's ids (?p=,
// ?page_id=, ?attachment_id=, ?cat=, ?tag_ID=).
std::string redirect_key(const http::Request& r);

// A redirect as a form or a request gives it: an old address and where it leads now.
struct RedirectDraft {
  std::string from;  // a path ("/2019/08/old-slug/") or a whole URL of the old site
  std::string to;    // a page of this journal (its path) or an http(s) URL elsewhere
};
constexpr std::size_t kMaxAddressBytes = 1000;

// The longest name of a tag, an author or the site, in bytes.
constexpr std::size_t kMaxNameBytes = 120;
// The longest byline position ("Head of the Military History Institute") and biography.
constexpr std::size_t kMaxPositionBytes = 200;
constexpr std::size_t kMaxBioBytes = 2000;

// An author as a form or a request gives it.
struct AuthorDraft {
  core::Id edition_id = 0;  // a new author's edition; an existing one keeps its own
  std::string name;
  std::string slug;  // empty: made from the name
  std::string position;
  std::string bio;
  core::Id photo_id = 0;  // a photo of the library, or 0
};

// A photo's words as a form or a request gives them.
struct MediaDraft {
  std::string alt;  // required: what the photo shows, for readers who cannot see it
  std::string caption;
  std::string credit;
};
constexpr std::size_t kMaxAltBytes = 300;
constexpr std::size_t kMaxCaptionBytes = 500;  // longer captions and credits are cut
constexpr std::size_t kMaxCreditBytes = 200;

// Where the media library keeps its files.
struct Library {
  std::filesystem::path dir;
  std::size_t max_upload_bytes = 20 * 1024 * 1024;
  // The site's zone now (uploads are filed by its year and month); UTC when unset.
  std::function<core::Zone()> zone;
};

// The site's settings as a form or a request gives them. They override the config file's
// values and reach public pages at once.
struct SettingsDraft {
  std::string site_name;
  std::string time_zone;         // an IANA name tzdata knows
  std::string policy;            // comments: "open", "moderated" or "closed"
  std::string close_after_days;  // as typed: whole days from 0 (never) to kMaxCloseAfterDays
  bool require_email = false;
  std::map<core::Id, std::string> edition_names;  // by edition id; editions not named keep theirs
};
constexpr int kMaxCloseAfterDays = 3650;

// The editors' choice of a front page as a form or a request gives it: the article at each
// place (0: the lead story), each until a time or not.
struct FrontDraft {
  core::Id edition_id = 0;
  core::Id section_id = 0;  // 0: the edition's front page
  std::vector<core::Pin> pins;
};
constexpr int kMaxPins = 7;  // the lead story and six top stories

// What the site shows now where nothing is stored (the config file's name and zone), so that
// the audit line says what a setting was.
struct SiteNow {
  std::string name;
  std::string zone;
};

// Webhooks' events. The JSON body told of an article's or a comment's event: {"event",
// "occurred_at" (UTC), "article" or "comment": what it is now}. Receivers read the rest through
// the Content API.
std::string article_event(std::string_view event, const core::Article& a, core::Instant at);
std::string comment_event(std::string_view event, const core::Comment& c, core::Instant at);

class Newsroom {
 public:
  Newsroom(store::Store& store, const core::Clock& clock, Library library = {})
      : store_(store), clock_(clock), library_(std::move(library)) {}

  // Editors and admins may moderate. Applies `m` to the comments of `ids` that exist (ids of
  // none are passed over) and returns how many it changed; a deletion leaves an audit line per
  // comment in its transaction.
  core::Result<int> moderate(const core::User& actor, std::vector<core::Id> ids,
                             Moderation m) const;

  // The comment `id`, for an editor or admin about to answer it.
  core::Result<core::Comment> comment_to_answer(const core::User& actor, core::Id id) const;

  // Publishes `text` as the staff's answer to comment `id` (one level of replies: an answer to
  // a reply joins its thread), approved at once and marked as staff, in the actor's name.
  // kInvalid on "reply" when the text is blank or longer than kMaxReplyBytes.
  core::Result<core::Comment> reply(const core::User& actor, core::Id id,
                                    std::string_view text) const;

  // What `draft` makes of `into` (an article read with editable_article(), or a new one) and what
  // is wrong with it, by field: title, lead, body, slug, tags, section, authors, featured,
  // translation_of, comment_mode.
  FieldErrors check_article(const ArticleDraft& draft, core::Article& into) const;
  // Creates (id 0) or changes an article and does `action` to it, in one transaction with its
  // revision, its new tags, a linked translation's own revision and the audit line. Publishing
  // and unpublishing need may_publish(); a change needs the draft's version to be the article's
  // (else kConflict on "version": nothing changes, the draft's text is kept as a revision and,
  // given `stale`, what happened is told there). Returns the article as saved.
  core::Result<core::Article> save_article(const core::User& actor, core::Id id,
                                           const ArticleDraft& draft, ArticleAction action,
                                           Stale* stale = nullptr) const;

  // Keeps `draft`'s title, lead and body as `actor`'s automatic save of article `id`: a revision
  // that changes nothing readers see and replaces the writer's previous one (a save of the
  // article drops it). Refused as editable_article() refuses, and with kConflict on "version"
  // (`stale` told who saved) when the article has moved on from draft.version.
  core::Result<core::Revision> autosave(const core::User& actor, core::Id id,
                                        const ArticleDraft& draft, Stale* stale = nullptr) const;

  // The article `id` for `actor` to change: kNotFound, or kForbidden when may_edit() says no.
  core::Result<core::Article> editable_article(const core::User& actor, core::Id id) const;
  // Deletes article `id` with its audit line; returns what it was.
  core::Result<core::Article> delete_article(const core::User& actor, core::Id id) const;
  // Gives revision `id`'s article that revision's title, lead and body again, saved on the
  // version just read (kConflict when another save came between) with a revision of its own
  // ("restored revision N"); a published article shows the change as an update. Returns the
  // article as saved.
  core::Result<core::Article> restore_revision(const core::User& actor, core::Id id) const;

  // Sections (editors and admins). The section `id`, to edit it.
  core::Result<core::Section> section(const core::User& actor, core::Id id) const;
  // What `draft` makes of section `id` (0: a new one) in `into`, and what is wrong with it:
  // every field's problem at once, for a form to show them all.
  FieldErrors check_section(core::Id id, const SectionDraft& draft, core::Section& into) const;
  // Adds (id 0) or changes a section; kInvalid naming the first field check_section() finds
  // wrong, kNotFound for an id that is not a section's.
  core::Result<core::Section> save_section(const core::User& actor, core::Id id,
                                           const SectionDraft& draft) const;

  // Static pages (editors and admins). The page `id`, to edit it.
  core::Result<core::StaticPage> static_page(const core::User& actor, core::Id id) const;
  // What `draft` makes of `into` (a page read with static_page(), or a new one), and what is
  // wrong with it, by field: title, slug, body, footer_position, edition.
  FieldErrors check_page(const PageDraft& draft, core::StaticPage& into) const;
  // Adds (id 0) or changes a page, with its revision and audit line in one transaction;
  // kInvalid naming the first field check_page() finds wrong, kConflict on "version" when the
  // page was saved by someone else since draft.version (nothing changes, and `stale` says who).
  core::Result<core::StaticPage> save_page(const core::User& actor, core::Id id,
                                           const PageDraft& draft, Stale* stale = nullptr) const;
  // Deletes page `id` with its revisions, audited; returns what it was.
  core::Result<core::StaticPage> delete_page(const core::User& actor, core::Id id) const;
  // Gives revision `id`'s page that revision's title and text again, with a revision of its
  // own ("restored revision N"). Returns the page as saved.
  core::Result<core::StaticPage> restore_page_revision(const core::User& actor, core::Id id) const;

  // Redirects (editors and admins). What `draft` makes of a redirect in `into` — the old path
  // as requests are looked up (percent-decoded, without a trailing '/', WordPress's ?p=12 kind
  // as "/?p=12"), and where it leads: an article, section, tag, author or static page of the
  // journal by id when `to` is its address, so that it follows later changes; else that
  // address — and what is wrong with it, by field ("from", "to").
  FieldErrors check_redirect(const RedirectDraft& draft, store::Redirect& into) const;
  // Keeps a redirect (replacing one from the same old path), audited; kInvalid naming the field
  // check_redirect() finds wrong.
  core::Result<store::Redirect> add_redirect(const core::User& actor,
                                             const RedirectDraft& draft) const;
  // Forgets the redirect of old path `from` (as kept), audited.
  core::Result<void> delete_redirect(const core::User& actor, std::string_view from) const;

  // Tags (editors and admins). The tag `id`, to edit it.
  core::Result<core::Tag> tag(const core::User& actor, core::Id id) const;
  // What `draft` makes of `into` (a tag read with tag()), and what is wrong with it, by field.
  FieldErrors check_tag(const TagDraft& draft, core::Tag& into) const;
  // Renames tag `id`; kInvalid naming the first field check_tag() finds wrong.
  core::Result<core::Tag> save_tag(const core::User& actor, core::Id id,
                                   const TagDraft& draft) const;
  // Deletes tag `id` from the journal and every article, with an audit line saying from how
  // many; returns the tag and that number.
  struct DeletedTag {
    core::Tag tag;
    int articles = 0;
  };
  core::Result<DeletedTag> delete_tag(const core::User& actor, core::Id id) const;

  // Authors (editors and admins). The author `id`, to edit it.
  core::Result<core::Author> author(const core::User& actor, core::Id id) const;
  // What `draft` makes of `into` (an author read with author(), or a new one), and what is wrong
  // with it, by field; a photo no longer in the library is dropped from `into`.
  FieldErrors check_author(const AuthorDraft& draft, core::Author& into) const;
  // Adds (id 0) or changes an author; kInvalid naming the first field check_author() finds
  // wrong.
  core::Result<core::Author> save_author(const core::User& actor, core::Id id,
                                         const AuthorDraft& draft) const;

  // The media library. What `draft` makes of `into`, and what is wrong with it, by field.
  FieldErrors check_media(const MediaDraft& draft, core::Media& into) const;
  // Stores the image `bytes` (any account may upload): checked by content, without its
  // metadata, with its variants, described by `draft`. kInvalid on "file" for an empty file or
  // one that is not a JPEG, PNG, WebP or GIF image, kTooLarge on "file" over the library's
  // limit or kMaxPixels; a failed write leaves no file behind.
  core::Result<core::Media> upload_media(const core::User& actor, std::string_view bytes,
                                         std::string_view file_name, const MediaDraft& draft) const;
  // Describes photo `id` anew (editors and admins).
  core::Result<core::Media> describe_media(const core::User& actor, core::Id id,
                                           const MediaDraft& draft) const;
  // Deletes photo `id` and its files with an audit line (editors and admins); kConflict while
  // an article or an author uses it. Returns what it was.
  core::Result<core::Media> delete_media(const core::User& actor, core::Id id) const;

  // Settings (admins). What is wrong with `draft`, by field ("edition_ID" for an edition's name).
  FieldErrors check_settings(const SettingsDraft& draft) const;
  // Saves the settings and edition names that change, with an audit line naming each change
  // ("site.name: A → B; edition en: Journal"); returns that line, empty when nothing changed
  // (nothing is written then).
  core::Result<std::string> save_settings(const core::User& actor, const SettingsDraft& draft,
                                          const SiteNow& shown) const;

  // Front pages (editors and admins). The pins of edition `edition_id`'s front page (section
  // 0) or of one of its section pages.
  core::Result<std::vector<core::Pin>> front(const core::User& actor, core::Id edition_id,
                                             core::Id section_id) const;
  // What is wrong with `draft`, by field ("place_N", "until_N"): an article that is not a
  // published one of the edition (and of the section, for a section page), pinned twice, a
  // place out of 0…kMaxPins-1, a lapse time already past.
  FieldErrors check_front(const FrontDraft& draft) const;
  // Replaces the page's pins, audited as "front"; the page changes at once.
  core::Result<void> save_front(const core::User& actor, const FrontDraft& draft) const;

  // Webhooks (admins). Adds one for `url` and `events` (of core::kWebhookEvents), with a new
  // secret; audited. kInvalid on "url" or "events".
  core::Result<core::Webhook> add_webhook(const core::User& actor, std::string_view url,
                                          const std::vector<std::string>& events) const;
  // Changes a webhook's address, events and activity; audited.
  core::Result<core::Webhook> change_webhook(const core::User& actor, core::Id id,
                                             std::string_view url,
                                             const std::vector<std::string>& events,
                                             bool is_active) const;
  // Deletes a webhook with its deliveries; audited.
  core::Result<core::Webhook> delete_webhook(const core::User& actor, core::Id id) const;
  // A webhook, and its newest deliveries (admins).
  core::Result<core::Webhook> webhook(const core::User& actor, core::Id id) const;

  // Accounts (admins). Gives user `id` the role `role` and access or not; a disabled account's
  // sessions end with it. An admin cannot change their own account (another admin must), so
  // that a journal never locks out its last admin by mistake. Audited as "role" with the
  // change ("editor → author, disabled"); nothing is written when nothing changes.
  core::Result<core::User> set_access(const core::User& actor, core::Id id, core::Role role,
                                      bool is_active) const;

 private:
  // Who saved `version` of the article, and when (for a stale save's message).
  Stale moved_on(core::Id article_id, int version) const;

  store::Store& store_;
  const core::Clock& clock_;
  Library library_;
};

}  // namespace tapchi::newsroom
