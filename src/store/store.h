// store: the journal's persistent state behind one interface, with versioned schema migrations.
// Never knows about HTML or HTTP. A Store is safe to call from any thread: each call takes a
// connection from the backend's pool. Every write touching several rows is one transaction.
#pragma once
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"
#include "search/search.h"

namespace tapchi::store {

// Which published articles to list. Zero ids mean "any".
struct ArticleQuery {
  core::Id edition_id = 0;
  core::Id section_id = 0;
  core::Id tag_id = 0;
  core::Id author_id = 0;
  std::optional<core::Instant> published_from;   // inclusive
  std::optional<core::Instant> published_until;  // exclusive
  core::Instant now{};  // only articles published at or before this instant are listed
  // Only articles changed (published, or edited since) after this instant: incremental sync.
  std::optional<core::Instant> changed_after;
  // Keyset paging: only articles listed after the one published at `first` with id `second`
  // (older, or as old with a smaller id). Stable while articles are published meanwhile.
  std::optional<std::pair<core::Instant, core::Id>> after;
  int limit = 20;
  int offset = 0;
  bool count_total = true;  // false spares counting when the caller needs no page count
  bool with_body = false;   // listed articles come without their body unless asked
};

// One page of a listing, newest first, and how many match in all (0 when not counted). Listed
// articles come without their body, which only article() and article_by_slug() read.
struct ArticlePage {
  std::vector<core::Article> items;
  int total = 0;
};

// A reader's search: published articles matching `query` at `now`. Zero ids mean "any".
struct SearchQuery {
  search::Query query;
  core::Id edition_id = 0;
  core::Id section_id = 0;
  core::Id author_id = 0;
  std::optional<core::Instant> published_from;   // inclusive
  std::optional<core::Instant> published_until;  // exclusive
  core::Instant now{};
  bool is_newest_first = false;  // else by relevance (BM25), newest first among equals
  int limit = 20;
  int offset = 0;
};

// A found article (without its body) and its body's reading text, for a snippet.
struct SearchHit {
  core::Article article;
  std::string text;
};

// `total` counts at most the newest 1,000 matches, which are the ones ranked; `is_more` says
// that more articles match (a common word): the reader narrows the search to reach them.
struct SearchPage {
  std::vector<SearchHit> hits;
  int total = 0;
  bool is_more = false;
};

// Which articles a sitemap lists: those visible at `now`, by id.
struct SitemapQuery {
  core::Id edition_id = 0;  // 0: every edition
  core::Instant now{};
  int offset = 0;
  int limit = 50'000;
};

// What a sitemap says of an article.
struct SitemapEntry {
  // A translation of the article in another edition, visible at the same time.
  struct Translation {
    core::Id id = 0;
    core::Id edition_id = 0;
    std::string slug;
  };
  core::Id id = 0;
  core::Id edition_id = 0;
  std::string slug;
  core::Instant published_at{};
  std::optional<core::Instant> updated_at;
  std::string image_path;                 // the featured media's path; empty without one
  std::vector<Translation> translations;  // by id; empty when it has none
};

// What a committed write changed, for caches that must forget what they showed. Listeners hear
// of a change only after its transaction has committed, and never of a rolled-back one.
struct Change {
  // kFront: the editors' choice of an edition's front page or section page changed.
  enum class Kind {
    kEdition,
    kSection,
    kTag,
    kAuthor,
    kMedia,
    kArticle,
    kComment,
    kSettings,
    kFront,
    kPage,
    kRedirect
  };
  Kind kind = Kind::kArticle;
  core::Id id = 0;              // of the changed row
  core::Id edition_id = 0;      // for sections, tags, authors, articles and pages; 0 otherwise
  core::Id article_id = 0;      // for comments
  std::string translation_key;  // for articles: pages of its translations show it too
};

using ChangeListener = std::function<void(const Change&)>;

// What spend_token does to a bucket kept in the database.
enum class TokenOp { kWait, kTake, kTryTake, kRefund, kForget };

// How long a worker's claim on due webhook deliveries lasts (due_deliveries).
inline constexpr std::chrono::minutes kDeliveryClaim{10};

// What other processes committed after a sequence number (changes_after).
struct HeardChanges {
  std::int64_t last = 0;        // the newest sequence number read: the next call's `after`
  std::vector<Change> changes;  // other processes' changes, in commit order
  // Some changes after `after` are no longer kept (a node away for longer than they are): the
  // caller cannot tell what they touched and must forget everything.
  bool is_incomplete = false;
  // Read from a read replica that has not yet replayed every change the primary has committed:
  // more will come without a notification of their own, so the caller reads again shortly.
  bool is_replica_behind = false;
};

// Articles for the back office, every status, newest first (by id). Zero ids and empty text
// mean "any".
struct ArticleFilter {
  core::Id edition_id = 0;
  core::Id section_id = 0;
  core::Id author_id = 0;
  std::optional<core::ArticleStatus> status;
  // Words as readers search them (search::parse_query) in the full-text index; a text with
  // nothing to look for (only punctuation) filters nothing, one with only exclusions finds none.
  std::string text;
  // When set, only articles readers see at `now` and those this user created (a contributor's
  // view: others' drafts, reviews and embargoed articles stay hidden).
  core::Id visible_to = 0;
  core::Id created_by = 0;  // when set, only articles this user created
  // kScheduled means published with a time after `now`, kPublished published at or before it:
  // the back office schedules an article by publishing it with a future time.
  core::Instant now{};
  // Newest first (by id), or by publication time, soonest first (the next scheduled).
  bool is_soonest_first = false;
  int limit = 30;
  int offset = 0;
};

// An old address answered with a permanent redirect: to an article, section, tag, author or
// photo or static page (followed when its address changes), or to a fixed address.
struct Redirect {
  enum class To { kArticle, kSection, kTag, kAuthor, kMedia, kAddress, kPage };
  std::string from;  // a request's path, percent-decoded, without a trailing '/'; WordPress's
                     // "?p=12" kind of address as "/?p=12"
  To to = To::kAddress;
  core::Id id = 0;      // what it leads to, for all but kAddress
  std::string address;  // for kAddress: a path on this site or an absolute http(s) URL
  core::Instant created_at{};
};

// Comments for the moderation queue: one status (or all), newest first.
struct CommentQuery {
  std::optional<core::CommentStatus> status;
  int limit = 50;
  int offset = 0;
};

struct CommentPage {
  std::vector<core::Comment> items;
  int total = 0;
};

// Readers' views of an article on a day: its local date in the site's zone as YYYYMMDD.
struct ViewCount {
  core::Id article_id = 0;
  int day = 0;
  std::int64_t views = 0;
};

// What a request sent with an Idempotency-Key was answered.
struct IdempotentAnswer {
  std::string request_hash;  // of its method, path and body: the same key with another
                             // request is refused
  int status = 0;            // 0 while the first request is being answered
  std::string body;
  core::Instant created_at{};
};

// Keys of Store::settings(): what the back office changes while the journal runs. Each overrides
// the config file's value; a key never saved means "as configured".
namespace setting {
inline constexpr std::string_view kSiteName = "site.name";
inline constexpr std::string_view kTimeZone = "site.time_zone";        // an IANA zone name
inline constexpr std::string_view kCommentPolicy = "comments.policy";  // open, moderated, closed
inline constexpr std::string_view kCommentsCloseAfterDays =
    "comments.close_after_days";                                                     // 0: never
inline constexpr std::string_view kCommentsRequireEmail = "comments.require_email";  // "1" or "0"
// The server's secret for signed comment forms and client hashes: made on first start, never
// shown in the back office.
inline constexpr std::string_view kServerSecret = "server.secret";
}  // namespace setting

struct StoreOptions {
  // Connections; one is used for ":memory:". A server needs one per event loop, per blocking
  // thread and for its watcher, so that no loop ever waits for a connection (app sizes it).
  int pool_size = 4;
  int busy_timeout_ms = 5000;  // how long a writer waits for the lock
  // How much of the file reads map instead of copying (0: none). Mapped pages are the kernel's
  // file cache, yet they count in the process's resident memory: a bulk import that reads
  // little maps nothing, so that its resident memory shows what it holds.
  std::int64_t mmap_bytes = std::int64_t{1} << 30;
  // PostgreSQL: a read replica (a streaming hot standby of the database) for in_public_snapshot();
  // empty: none. It gets a pool of pool_size connections of its own.
  std::string replica;
};

class Store {
 public:
  virtual ~Store() = default;

  // How many migrations this open applied (0 when the schema was already current).
  virtual int migrations_applied_at_open() const = 0;
  virtual int schema_version() = 0;

  // Calls `listener` for every committed change, on the writer's thread, after the commit and
  // before the write returns. Subscribe before serving; listeners are never removed.
  virtual void subscribe(ChangeListener listener) = 0;

  // A number that changes whenever another connection (another process, or another of this
  // store's own connections) has committed a write; 0 for an in-memory store. Lets a cache
  // notice writes it heard no event for.
  virtual core::Result<std::int64_t> outside_commits() = 0;
  // How many transactions this store's own connections have committed (this process's writes).
  virtual std::int64_t own_commits() const = 0;

  // A token bucket of `rate` kept in the database by `scope` and `key`, shared by every process
  // of the journal (see buckets()): `op` as core::Buckets' methods of the same names; the wait
  // when kWait or kTryTake finds no token.
  virtual core::Result<std::optional<std::chrono::seconds>> spend_token(TokenOp op,
                                                                        std::string_view scope,
                                                                        std::string_view key,
                                                                        core::Buckets::Rate rate,
                                                                        core::Instant now) = 0;

  // Whether other processes' changes can be followed one by one (PostgreSQL: each committed change
  // is kept in a table, numbered, and announced by NOTIFY); SQLite's followers watch
  // outside_commits() instead.
  virtual bool follows_changes() const = 0;
  // The newest change's sequence number (0 when none): where a follower starts.
  virtual core::Result<std::int64_t> last_change() = 0;
  // Other processes' changes after sequence number `after`, at most `limit` of them.
  // With a read replica, both read the replica's changes table, this process's own changes
  // included: what in_public_snapshot() shows has changed only once the replica has a change.
  virtual core::Result<HeardChanges> changes_after(std::int64_t after, int limit) = 0;
  // Waits up to `timeout` on a connection of its own for another process to announce a change:
  // true when one did, false when none did, an error when the connection is lost (the next call
  // connects again). Called by one thread at a time.
  virtual core::Result<bool> wait_for_changes(std::chrono::milliseconds timeout) = 0;

  // The next instant after `now` at which pages change by themselves: a scheduled article's
  // publication or a pin's lapse; nullopt when there is none.
  virtual core::Result<std::optional<core::Instant>> next_publication_after(core::Instant now) = 0;

  // Runs `body` as one transaction: every store call it makes on this thread commits together
  // when it returns a value, and none does when it returns an error. Nested calls join it.
  virtual core::Result<void> in_transaction(
      const std::function<core::Result<void>(Store&)>& body) = 0;

  // Runs `body` with every read it makes on this thread seeing the database as of one instant
  // (one read transaction), which also spares each read its own. `body` must not write: a write
  // inside fails. Inside in_transaction(), it simply runs.
  virtual core::Result<void> in_snapshot(const std::function<core::Result<void>(Store&)>& body) = 0;
  // in_snapshot() for the public's reads (pages, feeds, the Content API): on the read replica
  // when the store has one (a moment behind the primary, so that the back office and writes, which
  // use the primary, never read there), else the same as in_snapshot().
  virtual core::Result<void> in_public_snapshot(
      const std::function<core::Result<void>(Store&)>& body) = 0;

  // Inserts, or updates the edition with the same code; returns it with its id.
  virtual core::Result<core::Edition> save_edition(core::Edition e) = 0;
  // All editions, ordered by position.
  virtual core::Result<std::vector<core::Edition>> editions() = 0;

  // Inserts when id is 0 (or updates the one with the same edition and slug), else updates.
  virtual core::Result<core::Section> save_section(core::Section s) = 0;
  virtual core::Result<std::vector<core::Section>> sections(core::Id edition_id) = 0;
  virtual core::Result<core::Section> section(core::Id id) = 0;
  virtual core::Result<core::Section> section_by_slug(core::Id edition_id,
                                                      std::string_view slug) = 0;

  // Same upsert rule as sections.
  virtual core::Result<core::Tag> save_tag(core::Tag t) = 0;
  virtual core::Result<core::Tag> tag_by_slug(core::Id edition_id, std::string_view slug) = 0;
  // The tags with these ids, in the order given; unknown ids are left out.
  virtual core::Result<std::vector<core::Tag>> tags(const std::vector<core::Id>& ids) = 0;

  // Same upsert rule as sections.
  virtual core::Result<core::Author> save_author(core::Author a) = 0;
  virtual core::Result<core::Author> author_by_slug(core::Id edition_id, std::string_view slug) = 0;
  virtual core::Result<std::vector<core::Author>> authors(const std::vector<core::Id>& ids) = 0;
  // The edition's authors by name.
  virtual core::Result<std::vector<core::Author>> authors_of(core::Id edition_id) = 0;
  // The edition's tags by name.
  virtual core::Result<std::vector<core::Tag>> tags_of(core::Id edition_id) = 0;
  virtual core::Result<core::Tag> tag(core::Id id) = 0;
  // How many articles (any status) carry each of the edition's tags; tags without any are left
  // out.
  virtual core::Result<std::map<core::Id, int>> tag_usage(core::Id edition_id) = 0;
  // Deletes the tag and its links to articles in one transaction; each article it left hears of it.
  virtual core::Result<void> delete_tag(core::Id id) = 0;
  virtual core::Result<core::Author> author(core::Id id) = 0;

  // Inserts when id is 0 (or updates the one with the same path), else updates.
  virtual core::Result<core::Media> save_media(core::Media m) = 0;
  virtual core::Result<core::Media> media(core::Id id) = 0;
  // The media with these ids, in the order given; unknown ids are left out.
  virtual core::Result<std::vector<core::Media>> media(const std::vector<core::Id>& ids) = 0;
  // The media library, newest first.
  virtual core::Result<std::vector<core::Media>> recent_media(int limit, int offset) = 0;
  virtual core::Result<int> media_count() = 0;
  // Articles (any status, without bodies) that show the media: as their featured image or in
  // their body ("media:ID" in Markdown); and the authors whose photo it is.
  virtual core::Result<std::vector<core::Article>> articles_using(core::Id media_id) = 0;
  virtual core::Result<std::vector<core::Author>> authors_pictured_by(core::Id media_id) = 0;
  // Deletes the media row; fails with kConflict while an article or an author uses it.
  virtual core::Result<void> delete_media(core::Id id) = 0;

  // Inserts when id is 0, else updates; tags and authors are replaced in the same transaction.
  // Fails with kConflict when the edition already has an article with this slug. An update whose
  // `version` is not 0 is a save based on that version: when the article has moved on since, it
  // changes nothing and fails with kConflict on the field "version". Returns the article with its
  // new version.
  virtual core::Result<core::Article> save_article(core::Article a) = 0;
  // Deletes the article with its links, revisions and comments.
  virtual core::Result<void> delete_article(core::Id id) = 0;
  virtual core::Result<core::Article> article(core::Id id) = 0;
  virtual core::Result<core::Article> article_by_slug(core::Id edition_id,
                                                      std::string_view slug) = 0;
  // The article of `translation_key` in every edition that has one, without bodies.
  virtual core::Result<std::vector<core::Article>> translations(
      std::string_view translation_key) = 0;
  // Published articles matching `q`, newest first.
  virtual core::Result<ArticlePage> find_articles(const ArticleQuery& q) = 0;
  // Up to `limit` published articles of the same edition, never `a` itself: first those ranked
  // by content when a (or one of them) was saved — the distinctive words of a's title, lead and
  // names they share, by inverse document frequency, blended with the tags they share — then by
  // tags shared, same section and recency. With `by_content` false (and for an article not yet
  // saved) the second ranking alone, the benchmarks' baseline.
  virtual core::Result<std::vector<core::Article>> related(const core::Article& a,
                                                           core::Instant now, int limit,
                                                           bool by_content) = 0;
  // Published articles visible at q.now matching q.query in the full-text index, best first (or
  // newest first) among the newest 1,000 matches, with their count. Fails with kInvalid when the
  // query has nothing to look for.
  virtual core::Result<SearchPage> search(const SearchQuery& q) = 0;
  // Rebuilds the full-text index of every article and ranks their related articles again, in
  // one transaction, telling `progress` the step ("Indexing", "Relating") and how many are done
  // of how many after each batch; returns how many articles were indexed.
  virtual core::Result<int> reindex(
      const std::function<void(std::string_view step, int done, int total)>& progress) = 0;
  // Articles for a sitemap, by id, in one read however many there are.
  virtual core::Result<std::vector<SitemapEntry>> sitemap_entries(const SitemapQuery& q) = 0;
  // Articles of any status matching `f`, with their tags and authors, without bodies.
  virtual core::Result<ArticlePage> filter_articles(const ArticleFilter& f) = 0;
  // Publication instants of every article visible at `now` in the edition, newest first.
  virtual core::Result<std::vector<core::Instant>> publication_times(core::Id edition_id,
                                                                     core::Instant now) = 0;

  // Static pages. Inserts when id is 0, else updates, keeping `revision` (its page and version
  // filled in here) in the same transaction. Fails with kConflict when the edition has another
  // page with this slug, and, for an update whose `version` is not 0 when the page has moved on
  // since that version, with kConflict on the field "version" (nothing changes). Returns the
  // page with its new version.
  virtual core::Result<core::StaticPage> save_static_page(core::StaticPage p,
                                                          core::PageRevision revision) = 0;
  virtual core::Result<core::StaticPage> static_page(core::Id id) = 0;
  virtual core::Result<core::StaticPage> static_page_by_slug(core::Id edition_id,
                                                             std::string_view slug) = 0;
  // The pages of edition `edition_id` (0: of every edition), without bodies: those in the
  // footer first by their place there, then the others by title.
  virtual core::Result<std::vector<core::StaticPage>> static_pages(core::Id edition_id) = 0;
  // Deletes the page with its revisions.
  virtual core::Result<void> delete_static_page(core::Id id) = 0;
  // The page's revisions, newest first, without their body.
  virtual core::Result<std::vector<core::PageRevision>> page_revisions(core::Id page_id) = 0;
  virtual core::Result<core::PageRevision> page_revision(core::Id id) = 0;

  // Keeps a revision; returns it with its id.
  virtual core::Result<core::Revision> add_revision(core::Revision r) = 0;
  // What an import made of an item from elsewhere: `source` names the export (its site's
  // address), `kind` the item's kind there ("post", "attachment", "comment"), `external_id` its
  // id there. nullopt when it was never imported.
  virtual core::Result<std::optional<core::Id>> imported(std::string_view source,
                                                         std::string_view kind,
                                                         std::string_view external_id) = 0;
  // Records (or moves) what an item was imported as.
  virtual core::Result<void> remember_import(std::string_view source, std::string_view kind,
                                             std::string_view external_id, core::Id local_id) = 0;
  // The redirect kept for `from` (as Redirect::from), if any.
  virtual core::Result<std::optional<Redirect>> redirect(std::string_view from) = 0;
  // Keeps `r`, replacing what `r.from` led to before.
  virtual core::Result<void> save_redirect(const Redirect& r) = 0;
  // How many redirects are kept: none means no lookup is worth making.
  virtual core::Result<int> redirect_count() = 0;
  // The kept redirects whose old path contains `text` (all when empty), newest first.
  virtual core::Result<std::vector<Redirect>> redirects(std::string_view text, int limit,
                                                        int offset) = 0;
  // Forgets the redirect of `from`; kNotFound when none is kept.
  virtual core::Result<void> delete_redirect(std::string_view from) = 0;
  // Drops `user_id`'s automatic saves of the article (revisions with autosave_of > 0).
  virtual core::Result<void> delete_autosaves(core::Id article_id, core::Id user_id) = 0;
  // The article's revisions, newest first, without their lead and body.
  virtual core::Result<std::vector<core::Revision>> revisions(core::Id article_id) = 0;
  virtual core::Result<core::Revision> revision(core::Id id) = 0;
  // The newest saves (revisions that made a version) by anyone but `except_user`, of every
  // article, newest first, with their title but without lead and body.
  virtual core::Result<std::vector<core::Revision>> recent_revisions(core::Id except_user,
                                                                     int limit) = 0;

  // Inserts when id is 0, else updates. A held (pending, spam, rejected) new comment changes no
  // page, so only approved ones and updates are announced.
  virtual core::Result<core::Comment> save_comment(core::Comment c) = 0;
  // Stores a reader's comment unless the same client sent the same text to the same article and
  // parent since `duplicate_since`: then that earlier one is answered, marked as a duplicate.
  // One transaction; durable (synchronous=FULL) when it returns.
  struct NewComment {
    core::Comment comment;
    bool is_duplicate = false;
  };
  virtual core::Result<NewComment> add_reader_comment(core::Comment c,
                                                      core::Instant duplicate_since) = 0;
  // Approved comments of the article, oldest first.
  virtual core::Result<std::vector<core::Comment>> approved_comments(core::Id article_id) = 0;
  virtual core::Result<int> approved_comment_count(core::Id article_id) = 0;
  virtual core::Result<core::Comment> comment(core::Id id) = 0;
  virtual core::Result<CommentPage> find_comments(const CommentQuery& q) = 0;
  // How many comments have each status (statuses without any are left out).
  virtual core::Result<std::map<core::CommentStatus, int>> comment_counts() = 0;
  // Moves these comments to `status` in one transaction; returns how many there were. Each
  // one's article hears of it (a Change of kind kComment).
  virtual core::Result<int> set_comment_status(const std::vector<core::Id>& ids,
                                               core::CommentStatus status) = 0;
  // Deletes these comments and their replies in one transaction; returns how many were asked
  // for and found.
  virtual core::Result<int> delete_comments(const std::vector<core::Id>& ids) = 0;

  // Inserts when id is 0, else updates; fails with kConflict when the email is taken. Emails are
  // stored as given: callers lower-case them.
  virtual core::Result<core::User> save_user(core::User u) = 0;
  virtual core::Result<core::User> user(core::Id id) = 0;
  virtual core::Result<core::User> user_by_email(std::string_view email) = 0;
  // Every user, by email.
  virtual core::Result<std::vector<core::User>> users() = 0;

  // API keys. Adds (id 0) or changes a key (its name, its revocation).
  virtual core::Result<core::ApiKey> save_api_key(core::ApiKey k) = 0;
  // The key whose secret has this hash, revoked or not; kNotFound when none.
  virtual core::Result<core::ApiKey> api_key_by_hash(std::string_view token_hash) = 0;
  virtual core::Result<core::ApiKey> api_key(core::Id id) = 0;
  // Every key, newest first.
  virtual core::Result<std::vector<core::ApiKey>> api_keys() = 0;
  // The answer kept for key `key_id`'s request with `idempotency_key`; nullopt when none.
  // status 0 means the first request is still being answered.
  virtual core::Result<std::optional<IdempotentAnswer>> idempotent_answer(
      core::Id key_id, std::string_view idempotency_key) = 0;
  // Reserves `idempotency_key` for a request (an answer of status 0); kConflict when it is taken.
  virtual core::Result<void> reserve_idempotency_key(core::Id key_id,
                                                     std::string_view idempotency_key,
                                                     std::string_view request_hash,
                                                     core::Instant now) = 0;
  // Keeps the answer of a reserved key's request; status 0 forgets the reservation (the
  // request failed before changing anything, and may be sent again).
  virtual core::Result<void> keep_idempotent_answer(core::Id key_id,
                                                    std::string_view idempotency_key, int status,
                                                    std::string_view body) = 0;
  // Forgets answers kept since before `before`.
  virtual core::Result<void> forget_idempotent_answers(core::Instant before) = 0;

  // The editors' choice of a front page: edition `edition_id`'s (section_id 0) or a section
  // page's, by place, lapsed pins included.
  virtual core::Result<std::vector<core::Pin>> pins(core::Id edition_id, core::Id section_id) = 0;
  // Replaces a front page's pins in one transaction; announced as kFront for the edition.
  virtual core::Result<void> save_pins(core::Id edition_id, core::Id section_id,
                                       const std::vector<core::Pin>& pins) = 0;

  // Readership. Adds `counts` to the articles' views in one transaction; the counts of articles
  // deleted since they were read are dropped.
  virtual core::Result<void> add_views(const std::vector<ViewCount>& counts) = 0;
  // The articles of edition `edition_id` (0: of every edition) visible at `now` most read on the
  // days from `first_day` on, most first (equal views: the newest first), each with its views.
  virtual core::Result<std::vector<std::pair<core::Article, std::int64_t>>> most_read(
      core::Id edition_id, int first_day, core::Instant now, int limit) = 0;
  // The journal's views per day from `first_day` to `last_day`, in order; days without views
  // are left out.
  virtual core::Result<std::vector<std::pair<int, std::int64_t>>> views_per_day(int first_day,
                                                                                int last_day) = 0;
  // Readers' comments (staff replies left out) written from `from` on, of every status, counted
  // per quarter hour: each quarter's start and its count, in order; quarters without one are
  // left out. Quarter hours fall within one local day in every zone's offset.
  virtual core::Result<std::vector<std::pair<core::Instant, int>>> comments_per_quarter_hour(
      core::Instant from) = 0;

  // Webhooks. Adds (id 0) or changes one (its URL, events, activity).
  virtual core::Result<core::Webhook> save_webhook(core::Webhook h) = 0;
  virtual core::Result<core::Webhook> webhook(core::Id id) = 0;
  virtual core::Result<std::vector<core::Webhook>> webhooks() = 0;
  virtual core::Result<void> delete_webhook(core::Id id) = 0;
  // Writes a delivery of `event` about `subject` ("article 42") with `payload` for each active
  // webhook asking for it, due at `due`; inside a transaction, it commits or rolls back with the
  // change. Returns how many.
  virtual core::Result<int> enqueue_event(std::string_view event, std::string_view subject,
                                          std::string_view payload, core::Instant due) = 0;
  // Forgets the deliveries of `event` about `subject` not yet due at `now` (a scheduled
  // publication moved or withdrawn). Returns how many.
  virtual core::Result<int> cancel_events(std::string_view event, std::string_view subject,
                                          core::Instant now) = 0;
  // Claims up to `limit` pending deliveries due at `now`, oldest first: no worker of any process
  // gets them again until they are saved or kDeliveryClaim has passed (a worker that stopped
  // midway leaves them to the next).
  virtual core::Result<std::vector<core::Delivery>> due_deliveries(core::Instant now,
                                                                   int limit) = 0;
  // Records an attempt: its status, attempts, next time, the receiver's answer.
  virtual core::Result<void> save_delivery(const core::Delivery& d) = 0;
  // The newest `limit` deliveries of webhook `id`.
  virtual core::Result<std::vector<core::Delivery>> deliveries(core::Id webhook_id, int limit) = 0;
  // The next time a pending delivery is due, or nullopt when none is pending.
  virtual core::Result<std::optional<core::Instant>> next_delivery_at() = 0;

  // Inserts or replaces the session with the same token hash.
  virtual core::Result<void> save_session(const core::Session& s) = 0;
  virtual core::Result<core::Session> session(std::string_view token_hash) = 0;
  virtual core::Result<void> delete_session(std::string_view token_hash) = 0;
  // Ends every session of the user (after a password change, a role change, a disabled account).
  virtual core::Result<void> delete_sessions_of(core::Id user_id) = 0;
  // Forgets sessions that expired before `now`.
  virtual core::Result<void> delete_expired_sessions(core::Instant now) = 0;

  // Every saved setting by key ("site.name", "site.time_zone", "comments.policy", …).
  virtual core::Result<std::map<std::string, std::string>> settings() = 0;
  // Saves these settings (others keep their values) in one transaction.
  virtual core::Result<void> save_settings(const std::map<std::string, std::string>& values) = 0;

  virtual core::Result<core::AuditEntry> record(core::AuditEntry e) = 0;
  // Records `e`, or, when an entry of the same action and subject was recorded at or after
  // `since`, counts `e` as a repeat of it (the entry takes e's time, user and detail), so that a
  // flood of one event takes one row per window. One transaction.
  virtual core::Result<core::AuditEntry> record_repeat(core::AuditEntry e, core::Instant since) = 0;
  // The newest entries first.
  virtual core::Result<std::vector<core::AuditEntry>> audit_log(int limit, int offset) = 0;
};

// Opens (creating if needed) the SQLite database at `path` (":memory:" for a private in-memory
// one) with WAL, foreign keys and a busy timeout, and applies pending migrations.
core::Result<std::unique_ptr<Store>> open_sqlite(const std::string& path,
                                                 const StoreOptions& options = {});

// Opens the PostgreSQL database at `url` (postgresql://user@host:port/name) and applies pending
// migrations, one node at a time. The same schema and behaviour as SQLite's: writers take turns
// on one lock (as SQLite's writers do), readers never wait.
core::Result<std::unique_ptr<Store>> open_postgres(const std::string& url,
                                                   const StoreOptions& options = {});

// Whether a `database` setting names a PostgreSQL database rather than a SQLite file.
bool is_postgres_url(std::string_view database);

// Opens the store a `database` setting names: a PostgreSQL URL or a SQLite file path.
core::Result<std::unique_ptr<Store>> open(const std::string& database,
                                          const StoreOptions& options = {});

// One table a copy of a journal moved, with its rows (the same on both sides, checked).
struct CopiedTable {
  std::string name;
  std::int64_t rows = 0;
};

// Copies every row of the journal in the database `from` (a SQLite file or a PostgreSQL URL)
// into the empty journal database `to` (either kind, created or migrated first), in one
// transaction, and builds the search index there (related articles are copied as they were ranked).
// Counts each table on both sides after the copy: a difference is an error and nothing is kept.
// `progress` hears each table as it is copied. kConflict when `to` already holds a journal.
core::Result<std::vector<CopiedTable>> copy_database(
    const std::string& from, const std::string& to,
    const std::function<void(std::string_view table, std::int64_t rows)>& progress);

// Creates the database `url` names on its server, connecting to the server's `postgres`
// database; an existing database is left as it is.
core::Result<void> create_postgres_database(const std::string& url);

// Token buckets for `scope` ("login-account", "comments"…) of `rate`: in the database when the
// store is shared by several processes (PostgreSQL: so that N nodes do not multiply an
// attacker's attempts), else in this process's memory. A database error lets the attempt
// through: the call it guards reaches the same database and fails there.
std::unique_ptr<core::Buckets> buckets(Store& store, std::string scope, core::Buckets::Rate rate);
// Always in the database (tests use it on SQLite too).
std::unique_ptr<core::Buckets> shared_buckets(Store& store, std::string scope,
                                              core::Buckets::Rate rate);

// The number of migrations this build knows; a current database has this schema_version.
int latest_schema_version();

}  // namespace tapchi::store
