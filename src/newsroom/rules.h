// Checks every operation makes. Private to newsroom.
#pragma once
#include <string>
#include <string_view>

#include "core/core.h"
#include "newsroom/newsroom.h"
#include "store/store.h"

namespace tapchi::newsroom {

// Whether `text` has nothing but spaces, tabs and line breaks.
inline bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Nothing when `actor` has at least `role`; else kForbidden saying `why`.
inline core::Result<void> at_least(const core::User& actor, core::Role role, std::string_view why) {
  if (actor.role < role) {
    return core::fail(core::forbidden(std::string(why)));
  }
  return {};
}

// Editors and admins: moderation, sections, tags, authors.
inline core::Result<void> editor_or_admin(const core::User& actor) {
  if (!may_keep_journal(actor)) {
    return core::fail(core::forbidden("Only editors and admins may do this."));
  }
  return {};
}

// Tells webhooks of `event` about article `a` (in the caller's transaction `s`), due at `at`.
inline core::Result<void> tell(store::Store& s, std::string_view event, const core::Article& a,
                               core::Instant at) {
  auto told =
      s.enqueue_event(event, "article " + std::to_string(a.id), article_event(event, a, at), at);
  return told ? core::Result<void>{} : core::fail(told.error());
}

// `read` (a row looked up by id; `id` ≤ 0 is nobody's) with a missing row said plainly: "There
// is no such section." Other failures pass unchanged.
template <typename T, typename Read>
core::Result<T> existing(core::Id id, std::string_view what, Read&& read) {
  auto found = id > 0 ? read(id) : core::Result<T>(core::fail(core::not_found("")));
  if (!found && found.error().code == core::ErrorCode::kNotFound) {
    return core::fail(core::not_found("There is no such " + std::string(what) + "."));
  }
  return found;
}

}  // namespace tapchi::newsroom
