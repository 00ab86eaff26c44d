// core: the journal's domain types, the Result type every module returns at its edges, time shown
// in the site's zone, and text folding for slugs. Knows nothing of storage, HTML or HTTP.
// Everything here is a value type or a pure function, safe to use from any thread (TokenBuckets
// locks inside).
#pragma once
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace date {
class time_zone;
}

namespace tapchi::core {

// errors

enum class ErrorCode {
  kNotFound,
  kInvalid,
  kConflict,
  kTooLarge,
  kForbidden,
  kUnavailable,
  kInternal
};

// A failure a person can act on: what went wrong and, when one input is to blame, which.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;  // the offending config key, form field or file; empty when none

  // "field: message", or the message alone.
  std::string describe() const { return field.empty() ? message : field + ": " + message; }
};

Error not_found(std::string message, std::string field = {});
Error invalid(std::string message, std::string field = {});
Error conflict(std::string message, std::string field = {});
Error internal(std::string message, std::string field = {});
Error unavailable(std::string message, std::string field = {});
Error too_large(std::string message, std::string field = {});
Error forbidden(std::string message, std::string field = {});

// Wraps an Error so that it converts into any Result<T>, as std::unexpected does.
struct Unexpected {
  Error error;
};
inline Unexpected fail(Error e) { return Unexpected{std::move(e)}; }

// A value or an Error, with std::expected's surface (g++ 12 has that only under -std=c++2b).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value)
      : state_(std::in_place_index<0>, std::move(value)) {
  }  // NOLINT(google-explicit-constructor): as std::expected
  Result(Unexpected u)
      : state_(std::in_place_index<1>, std::move(u.error)) {
  }  // NOLINT(google-explicit-constructor): as std::expected

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected u)
      : error_(std::move(u.error)) {}  // NOLINT(google-explicit-constructor): as std::expected

  bool has_value() const { return !error_; }
  explicit operator bool() const { return has_value(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

// Returns the failure of a Result-valued expression from the enclosing function, if it failed.
#define TAPCHI_TRY(expr)                       \
  do {                                         \
    if (auto r_ = (expr); !r_) {               \
      return ::tapchi::core::fail(r_.error()); \
    }                                          \
  } while (false)

// Declares `var` as the Result of `expr`, returning its failure from the enclosing function.
#define TAPCHI_TRY_ASSIGN(var, expr)          \
  auto var = (expr);                          \
  if (!var) {                                 \
    return ::tapchi::core::fail(var.error()); \
  }

// time

// Instants are UTC seconds; they are shown in the site's zone.
using Instant = std::chrono::sys_seconds;

// Parses "2019-08-26T07:06:00+07:00" (or Z); fails with kInvalid quoting the text.
Result<Instant> parse_instant(std::string_view text);
// "2019-08-26T00:06:00Z".
std::string format_iso8601(Instant t);

// The source of "now", a seam for tests.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant now() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant t) : now_(t) {}
  Instant now() const override { return now_; }
  void set(Instant t) { now_ = t; }

 private:
  Instant now_;
};

// An IANA time zone from the system's tzdata.
class Zone {
 public:
  // Fails with kInvalid naming the zone when tzdata does not know it.
  static Result<Zone> locate(std::string_view iana_name);
  // Every zone name tzdata knows ("Africa/Abidjan" … "Pacific/Wallis"), sorted; links left out.
  static std::vector<std::string> names();
  const std::string& name() const { return name_; }
  // Seconds east of UTC at `t` (daylight saving included).
  std::chrono::seconds offset_at(Instant t) const;
  // Calendar fields of `t` in this zone.
  struct Local {
    int year, month, day, hour, minute, weekday;  // weekday: 0 = Sunday
    int second;
    std::chrono::seconds offset;  // east of UTC, as offset_at(t)
  };
  Local local(Instant t) const;
  // The instant of a wall-clock time in this zone (the earlier one when the time occurs twice,
  // the first after the gap when it does not occur).
  Instant from_local(int year, int month, int day, int hour = 0, int minute = 0) const;

 private:
  Zone(const date::time_zone* tz, std::string name) : tz_(tz), name_(std::move(name)) {}
  const date::time_zone* tz_;  // owned by the date library's tzdb, lives for the program
  std::string name_;
};

// As parse_instant, and a time without an offset ("2026-12-01T07:30", seconds optional) is a
// wall-clock time in `zone`: the back office's and the Admin API's publication times.
Result<Instant> parse_instant(std::string_view text, const Zone& zone);

// The local date of `t` in `zone` as a number, YYYYMMDD (20261129): a day as readership counts.
int day_number(Instant t, const Zone& zone);

// How an edition writes dates.
enum class DateStyle {
  kEnglish,     // Monday, August 26, 2019, 07:06 (GMT+7)
  kVietnamese,  // Thứ Hai, 26/08/2019, 07:06 (GMT+7)
};

Result<DateStyle> parse_date_style(std::string_view name);  // "en" or "vi"
std::string_view date_style_name(DateStyle style);

// The full date and time of `t` in `zone`, written in `style`.
std::string format_datetime(Instant t, const Zone& zone, DateStyle style);
// The date alone: "August 26, 2019" / "26/08/2019".
std::string format_date(Instant t, const Zone& zone, DateStyle style);
// A time in a table: "Aug 26, 2019 07:06" / "26/08/2019 07:06".
std::string format_compact(Instant t, const Zone& zone, DateStyle style);
// How far `t` is from `now` in words: "in 2 days", "3 hours ago", "just now" / "2 ngày nữa",
// "3 giờ trước", "vừa xong". Counted down to whole units: minutes, hours, days, and months or
// years from two of them.
std::string format_relative(Instant t, Instant now, DateStyle style);
// "August 2019" / "Tháng 8/2019".
std::string format_month(int year, int month, DateStyle style);
// "GMT+7", "GMT-4", "GMT+5:30", "GMT".
std::string format_gmt_offset(std::chrono::seconds offset);
// RFC 3339 with the zone's offset at `t`: "2019-08-26T07:06:00+07:00" (feeds, JSON-LD, sitemaps).
std::string format_rfc3339(Instant t, const Zone& zone);
// RFC 822 as RSS writes dates, with the zone's offset: "Mon, 26 Aug 2019 07:06:00 +0700".
std::string format_rfc822(Instant t, const Zone& zone);

// Token buckets by key (a client address, an email): `burst` tokens at once, one more every
// `refill`, however they are kept: in this process's memory (TokenBuckets) or in the database,
// shared by every node of a journal (store::buckets on PostgreSQL).
class Buckets {
 public:
  struct Rate {
    int burst = 1;
    std::chrono::seconds refill{1};
  };
  virtual ~Buckets() = default;
  // How long `key` must wait for a token, or nullopt when it has one.
  virtual std::optional<std::chrono::seconds> wait(std::string_view key, Instant now) const = 0;
  // Spends a token of `key`, even one it does not have (the count goes below zero).
  virtual void take(std::string_view key, Instant now) = 0;
  // Spends a token when `key` has one (nullopt); else spends nothing and says how long to wait.
  virtual std::optional<std::chrono::seconds> try_take(std::string_view key, Instant now) = 0;
  virtual void forget(std::string_view key) = 0;
  // Gives back a token taken from `key` (up to the burst): the attempt it paid for did not count.
  virtual void refund(std::string_view key, Instant now) = 0;
};

// Token buckets held in memory; when more than `max_keys` keys are held the least restricting
// are forgotten, so made-up keys cannot grow memory without bound.
class TokenBuckets final : public Buckets {
 public:
  // At most `max_keys` keys are remembered: past it, the tenth that restrict least (most tokens
  // left, then the longest untouched) are forgotten, so that a flood of new keys cannot wipe
  // the state of the keys it is meant to hold back.
  explicit TokenBuckets(Rate rate, std::size_t max_keys = 100'000);
  const Rate& rate() const { return rate_; }
  std::optional<std::chrono::seconds> wait(std::string_view key, Instant now) const override;
  void take(std::string_view key, Instant now) override;
  std::optional<std::chrono::seconds> try_take(std::string_view key, Instant now) override;
  void forget(std::string_view key) override;
  void refund(std::string_view key, Instant now) override;
  std::size_t size() const;

 private:
  struct State {
    double tokens = 0;
    Instant at{};
  };
  double tokens_now(const State& s, Instant now) const;
  std::optional<std::chrono::seconds> wait_locked(std::string_view key, Instant now) const;
  void take_locked(std::string_view key, Instant now);
  void evict_locked(Instant now);

  Rate rate_;
  std::size_t max_keys_;
  mutable std::mutex mutex_;
  std::map<std::string, State, std::less<>> states_;
};

// text

bool is_valid_utf8(std::string_view text);
// The byte offset of the first malformed UTF-8 sequence, or npos when there is none.
std::size_t first_invalid_utf8(std::string_view text);
// `text` with each byte of a malformed sequence replaced by U+FFFD, to show back what was sent.
std::string repair_utf8(std::string_view text);
// Decodes %XX escapes (and '+' as space when `plus_is_space`), as URLs and forms write bytes;
// nullopt on a malformed escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);
// What is wrong with a text, and on which line (counted from 1).
struct TextFault {
  std::size_t line = 0;
  std::string reason;
};
// Readies a TOML document for toml++ 3.3, whose whitespace test reaches undefined behaviour for
// some non-ASCII characters (U+00A1 to U+0499 among them) where TOML expects whitespace. A
// non-ASCII character that comes first after a line-ending backslash in a multi-line string is
// written as its \u escape instead: the same document. One outside strings and comments (TOML
// allows none there) or after a backslash that does not end its line is refused, as is
// malformed UTF-8.
std::optional<TextFault> ready_toml(std::string& text);
// A row id written in decimal digits ("42"); 0 for anything else (empty, signs, spaces, other
// characters, zero, or too long to be one).
std::int64_t parse_id(std::string_view text);
// Whether `text` has `lower_prefix` (lower-case ASCII) at byte `at`, ASCII case aside:
// ("HTTPS://x", 0, "https://") is true.
bool has_prefix_at(std::string_view text, std::size_t at, std::string_view lower_prefix);
// FNV-1a, 64 bits: a fast hash that is the same in every build (for fingerprints kept on disk
// or in URLs; not for secrets).
std::uint64_t fnv1a(std::string_view text);
// Unicode normalization form C ("e" + combining acute becomes "é"); empty for invalid UTF-8.
std::string nfc(std::string_view text);
// Lower case without diacritics; đ/Đ become d (utf8proc does not: đ is a letter, not a mark).
std::string fold(std::string_view text);
// "Điện Biên Phủ" → "dien-bien-phu": folded, ASCII letters and digits joined by single hyphens.
std::string slugify(std::string_view text);
// `text` without the spaces, tabs and line breaks around it.
std::string trimmed(std::string_view text);
// The words of `text`: runs of letters and digits (any non-ASCII code point counts as a letter),
// so a Vietnamese syllable is a word, as Vietnamese counts "chữ".
std::size_t word_count(std::string_view text);
// The code points of valid UTF-8 `text`.
std::size_t char_count(std::string_view text);
// At most `max_chars` code points of `text`, cut at a word boundary, with "…" when shortened.
std::string excerpt(std::string_view text, std::size_t max_chars);

// One line of a line-by-line comparison of two texts.
struct DiffLine {
  enum class Kind { kSame, kRemoved, kAdded };
  Kind kind = Kind::kSame;
  std::string text;
};

// The lines of `before` and `after` as a shortest edit: lines both keep, lines only `before`
// has, lines only `after` has, in reading order (removals before additions where they meet).
// Texts whose changed middles exceed 4,000 lines each are compared as one removed and one added
// block there.
std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after);

// the journal

using Id = std::int64_t;

// One language edition of the journal, served under its own path prefix.
struct Edition {
  Id id = 0;
  std::string code;      // "vi", "en": stable key used in config and imports
  std::string language;  // BCP 47 tag for <html lang>
  std::string name;      // shown in the masthead
  std::string prefix;    // "/" or "/en/": always starts and ends with '/'
  DateStyle date_style = DateStyle::kVietnamese;
  int position = 0;  // the default edition is the one at position 0
};

// An editors' choice on a front page (an edition's, or a section page's): the article at a
// place until a time. Place 0 is the lead story; 1, 2… the top stories in their order.
struct Pin {
  Id article_id = 0;
  int place = 0;
  std::optional<Instant> until;  // the pin lapses then; none: until unpinned
};

struct Section {
  Id id = 0;
  Id edition_id = 0;
  std::string slug;
  std::string name;
  int position = 0;  // order in the navigation
};

struct Tag {
  Id id = 0;
  Id edition_id = 0;
  std::string slug;
  std::string name;
};

struct Media {
  Id id = 0;
  std::string path;  // relative to the data directory's media/ folder, e.g. "2019/08/a.jpg"
  std::string mime;
  int width = 0;
  int height = 0;
  std::string alt;
  std::string caption;
  std::string credit;
  // Widths of the responsive variants made beside the file ("a-640.webp", "a-640.jpg"), narrowest
  // first; empty for media that has none (imported files).
  std::vector<int> variant_widths;
  std::int64_t bytes = 0;  // of the original file; 0 when not known
  Instant created_at{};    // when it was uploaded or imported
};

// The path of a media file's variant `width` pixels wide with `extension` ("webp", or empty for
// the original's own): "2026/11/a.jpg" → "2026/11/a-640.webp", "2026/11/a-640.jpg".
std::string variant_path(std::string_view path, int width, std::string_view extension = {});

// Authors belong to an edition: their position is written in its language.
struct Author {
  Id id = 0;
  Id edition_id = 0;
  std::string slug;
  std::string name;
  std::string position;  // "Head of the Military History Institute"
  std::string bio;
  Id photo_id = 0;  // 0 when none
};

enum class ArticleStatus { kDraft, kReview, kScheduled, kPublished, kUnpublished };
std::string_view status_name(ArticleStatus s);
Result<ArticleStatus> parse_status(std::string_view name);

struct Article {
  Id id = 0;
  Id edition_id = 0;
  std::string translation_key;  // links the same article across editions; empty when alone
  std::string slug;
  ArticleStatus status = ArticleStatus::kDraft;
  std::string title;
  std::string lead;  // the sapo, plain text
  std::string body;  // Markdown
  Id featured_media_id = 0;
  Id section_id = 0;
  std::vector<Id> tag_ids;
  std::vector<Id> author_ids;  // in byline order
  std::optional<Instant> published_at;
  std::optional<Instant> updated_at;  // set when edited after publication
  bool comments_open = true;
  std::string comment_mode;  // "open" or "moderated" for this article; empty: the site's policy
  // Counts saves: a save that names the version it was based on is refused when another save came
  // in between. 0 on a new article and for saves that check nothing (imports).
  int version = 0;
  Id created_by = 0;  // the back-office user who created it; 0 for imports and the demo

  bool is_visible_at(Instant now) const {
    return status == ArticleStatus::kPublished && published_at && *published_at <= now;
  }
};

// One saved text of an article: every save in the back office keeps one, and a save refused as
// stale keeps the text it carried (version 0) so that nothing typed is lost.
struct Revision {
  Id id = 0;
  Id article_id = 0;
  int version = 0;  // the article version this save made; 0 when the save was refused
  Id user_id = 0;
  Instant saved_at{};
  std::string note;  // "saved", "published", "restored revision 12", "refused: stale"…
  std::string title;
  std::string lead;
  std::string body;
  // An automatic save: the version its writer was typing on. It changes nothing readers see,
  // and each writer has at most one per article. 0 for every other revision.
  int autosave_of = 0;
};

// A page that stands apart from the news: "About us", "Contact", "Editorial board". Served at
// {prefix}page/{slug} when published, never listed with articles; the footer lists those given
// a place there.
struct StaticPage {
  Id id = 0;
  Id edition_id = 0;
  std::string slug;
  std::string title;
  std::string body;  // Markdown
  bool is_published = false;
  int footer_position = 0;  // its place in the footer's list, from 1; 0: not listed there
  Instant updated_at{};     // its last save
  // Counts saves, as an article's version does: a save based on an older one is refused.
  int version = 0;
};

// One saved text of a static page: every save keeps one.
struct PageRevision {
  Id id = 0;
  Id page_id = 0;
  int version = 0;  // the page version this save made
  Id user_id = 0;   // 0 for imports
  Instant saved_at{};
  std::string note;  // "saved", "published", "restored revision 12"…
  std::string title;
  std::string body;
};

enum class CommentStatus { kPending, kApproved, kSpam, kRejected };
std::string_view status_name(CommentStatus s);
Result<CommentStatus> parse_comment_status(std::string_view name);

struct Comment {
  Id id = 0;
  Id article_id = 0;
  Id parent_id = 0;  // 0 for a top-level comment
  std::string name;
  std::string email;  // never shown publicly
  std::string body;   // plain text
  CommentStatus status = CommentStatus::kPending;
  bool is_staff = false;
  Instant created_at{};
  std::string client_hash;  // keyed hash of the sender's address (readers' comments); never shown
};

// Newsroom roles, each allowed what the one before it is and more: a contributor writes and
// submits drafts; an author publishes their own articles; an editor publishes and edits any,
// moderates comments and manages sections and tags; an admin manages users and settings.
enum class Role { kContributor, kAuthor, kEditor, kAdmin };
std::string_view role_name(Role r);
Result<Role> parse_role(std::string_view name);

// A back-office account. The password is kept only as an Argon2id hash string.
struct User {
  Id id = 0;
  std::string email;  // lower case; the login name
  std::string name;
  Role role = Role::kContributor;
  std::string password_hash;
  bool is_active = true;
  Instant created_at{};
  std::string language;  // of the back office: "vi", "en"; empty for the journal's first edition's
};

// A key for the JSON API. A content key only reads; an admin key acts as its account (made
// for the key, with the key's role) and is audited as that account. The secret is shown once;
// only its hash is kept.
struct ApiKey {
  Id id = 0;
  std::string name;            // what the key is for: "Wire desk script"
  std::string kind = "admin";  // "content" or "admin"
  Id user_id = 0;              // an admin key's account; 0 for content keys
  std::string token_hash;      // of the secret
  std::string prefix;          // the secret's first characters, to tell keys apart
  Id created_by = 0;           // the admin who made it; 0 from the command line
  Instant created_at{};
  std::optional<Instant> revoked_at;
};

// An address told of the journal's events (webhooks): each delivery is signed with `secret`.
struct Webhook {
  Id id = 0;
  std::string url;                  // http:// or https://
  std::vector<std::string> events;  // "article.published", …; see kWebhookEvents
  std::string secret;               // the HMAC-SHA-256 key, shown to the admin who adds it
  bool is_active = true;
  Id created_by = 0;
  Instant created_at{};
};
// Every event a webhook may ask for.
inline constexpr std::string_view kWebhookEvents[] = {"article.published",   "article.updated",
                                                      "article.unpublished", "article.deleted",
                                                      "comment.created",     "comment.approved"};

// One event on its way to one webhook: written in the transaction of the change it tells of,
// sent by the delivery worker, retried until it is answered 2xx or a day has passed.
struct Delivery {
  Id id = 0;
  Id webhook_id = 0;
  std::string event;
  std::string payload;             // the JSON body sent
  std::string status = "pending";  // pending, delivered, failed
  int attempts = 0;
  Instant created_at{};
  Instant next_attempt_at{};
  int last_status = 0;     // the receiver's HTTP status; 0 when it did not answer
  std::string last_error;  // why the last attempt failed
};

// A signed-in back-office session. The cookie carries a random token; only its hash is stored.
struct Session {
  std::string token_hash;
  Id user_id = 0;
  std::string csrf_token;  // every state-changing form of this session carries it
  std::string client;      // the address it was opened from
  Instant created_at{};
  Instant expires_at{};
};

// One line of the audit log: who (0 for nobody signed in) did what to which subject.
struct AuditEntry {
  Id id = 0;
  Instant at{};
  Id user_id = 0;
  std::string action;   // "publish", "unpublish", "delete", "role", "login-failed", "user-add"
  std::string subject;  // "article 42", "user lan@example.org"
  std::string detail;
  int repeats = 1;  // how many times it happened (repeated events share a row; see record_repeat)
};

// Whether `email` looks like an address: one '@', something before it, a dot after it, no
// spaces or control characters, at most 254 bytes.
bool is_plausible_email(std::string_view email);

}  // namespace tapchi::core
