#include <string>

#include <fmt/format.h>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

core::Result<core::User> Newsroom::set_access(const core::User& actor, core::Id id, core::Role role,
                                              bool is_active) const {
  if (auto allowed = at_least(actor, core::Role::kAdmin, "Only admins may change accounts.");
      !allowed) {
    return core::fail(allowed.error());
  }
  auto user = existing<core::User>(id, "user", [&](core::Id i) { return store_.user(i); });
  if (!user) {
    return user;
  }
  if (user->id == actor.id) {
    return core::fail(
        core::forbidden("You cannot change your own role or access; ask another admin."));
  }
  const auto access = [](core::Role r, bool active) {
    return fmt::format("{}{}", core::role_name(r), active ? "" : ", disabled");
  };
  const std::string before = access(user->role, user->is_active);
  const std::string after = access(role, is_active);
  if (before == after) {
    return user;
  }
  user->role = role;
  user->is_active = is_active;
  // The change and its audit line commit together; a disabled account's sessions end.
  auto done = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto saved = s.save_user(*user); !saved) {
      return core::fail(saved.error());
    }
    if (!is_active) {
      if (auto ended = s.delete_sessions_of(user->id); !ended) {
        return ended;
      }
    }
    auto logged = s.record(
        {0, clock_.now(), actor.id, "role", "user " + user->email, before + " → " + after});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    return core::fail(done.error());
  }
  return user;
}

}  // namespace tapchi::newsroom
