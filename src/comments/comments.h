// comments: what a reader's comment must pass before it is stored. Text cleaning (UTF-8, NFC,
// no control or direction-override characters), limits, links, the spam word list, the signed
// form token that binds a form to its article for a while, the site's and the article's policy,
// and the keyed hash that stands for a client's address. Pure functions and value types, safe
// from any thread.
#pragma once
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/core.h"

namespace tapchi::comments {

// --- policy

enum class Mode { kOpen, kModerated, kClosed };  // open: shown at once; moderated: held
std::string_view mode_name(Mode m);
std::optional<Mode> parse_mode(std::string_view name);

struct Policy {
  Mode mode = Mode::kModerated;
  int close_after_days = 0;  // 0: never
  bool require_email = false;
};

// The site's policy from the store's settings (store::setting keys); unknown values keep the
// defaults.
Policy site_policy(const std::map<std::string, std::string>& settings);

// What applies to a new comment on `a` at `now`: closed when the article's comments are off,
// the site is closed, or the article was published more than close_after_days ago; else the
// article's own mode when it has one ("open", "moderated"), else the site's.
Mode effective_mode(const Policy& site, const core::Article& a, core::Instant now);

// --- limits and checks

struct Limits {
  std::size_t name_chars = 80;
  std::size_t email_bytes = 254;
  std::size_t body_chars = 5000;
  int links = 2;  // more links than this is refused
};

// `text` as it will be stored: NFC, CR LF and CR as LF, tabs as spaces, other control
// characters, bidirectional overrides and isolates, and zero-width characters removed, trailing
// spaces of lines and blank lines beyond one cut, trimmed. Fails with kInvalid on malformed
// UTF-8.
core::Result<std::string> clean_text(std::string_view text);
// A one-line field (name, email): clean_text, then line breaks and runs of spaces become one
// space.
core::Result<std::string> clean_line(std::string_view text);

// How many links a reader wrote: http://, https:// and www. starts.
int count_links(std::string_view text);

// Whether the folded text contains one of the folded words as a whole word (words may have
// spaces: "online casino"). Diacritics and case do not matter.
bool has_listed_word(std::string_view text, const std::vector<std::string>& folded_words);

// A field's problem, for the form: which field and what kind, so each edition words it.
enum class Problem {
  kMissing,    // empty
  kTooLong,    // over the limit
  kMalformed,  // invalid UTF-8, or not an email address
  kTooManyLinks
};
struct FieldProblem {
  std::string field;  // "name", "email", "body"
  Problem problem;
};

struct Draft {
  std::string name, email, body;
};
// Cleans the draft in place and lists what is wrong with it (nothing: it may be stored).
std::vector<FieldProblem> check(Draft& draft, const Policy& policy, const Limits& limits);

// --- form tokens and client hashes (HMAC-SHA-256 with the server's secret)

class Signer {
 public:
  // `secret` is at least 32 bytes of randomness, kept by the store.
  explicit Signer(std::string secret);

  // A token for the comment form of `article_id`, valid from `now` until the end of the next
  // UTC day: "<day>.<mac>", the same for every reader of the page that day (pages are cached).
  std::string form_token(core::Id article_id, core::Instant now) const;
  // Whether `token` was made by this server for `article_id` today or yesterday.
  bool is_valid_token(std::string_view token, core::Id article_id, core::Instant now) const;
  // The day of `now` (days since 1970-01-01, UTC): tokens change with it.
  static std::int64_t day_of(core::Instant now);

  // The keyed hash stored instead of a client's address: 32 hex digits. Without the secret
  // it cannot be turned back into the address, even by trying every IPv4 address.
  std::string client_hash(std::string_view address) const;

 private:
  std::string mac(std::string_view message) const;
  std::string secret_;
};

// 32 random bytes, hex-encoded: a new server secret.
std::string new_secret();

}  // namespace tapchi::comments
