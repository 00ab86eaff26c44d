// The site's settings: its name and zone, the comment policy, the editions' names.
#include <string>

#include <fmt/format.h>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

FieldErrors Newsroom::check_settings(const SettingsDraft& draft) const {
  FieldErrors errors;
  if (is_blank(draft.site_name) || draft.site_name.size() > kMaxNameBytes) {
    errors["site_name"] = fmt::format("A name of 1 to {} bytes.", kMaxNameBytes);
  }
  if (!core::Zone::locate(draft.time_zone)) {
    errors["time_zone"] = "Not a time zone tzdata knows; choose one such as Asia/Ho_Chi_Minh.";
  }
  if (draft.policy != "open" && draft.policy != "moderated" && draft.policy != "closed") {
    errors["policy"] = "Choose open, moderated or closed.";
  }
  const std::string& days = draft.close_after_days;
  if (days.empty() || days.size() > 4 || days.find_first_not_of("0123456789") != days.npos ||
      std::stoi(days) > kMaxCloseAfterDays) {
    errors["close_after_days"] =
        fmt::format("A whole number of days from 0 (never) to {}.", kMaxCloseAfterDays);
  }
  auto editions = store_.editions();
  for (const auto& [edition_id, name] : draft.edition_names) {
    const core::Id id = edition_id;  // clang 14 cannot capture a structured binding
    const std::string key = "edition_" + std::to_string(id);
    if (editions && std::none_of(editions->begin(), editions->end(),
                                 [&](const core::Edition& e) { return e.id == id; })) {
      errors[key] = "There is no such edition.";
    } else if (name.size() > kMaxNameBytes) {
      errors[key] = fmt::format("At most {} bytes.", kMaxNameBytes);
    }
  }
  return errors;
}

core::Result<std::string> Newsroom::save_settings(const core::User& actor,
                                                  const SettingsDraft& draft,
                                                  const SiteNow& shown) const {
  if (auto allowed = at_least(actor, core::Role::kAdmin, "Only admins change the settings.");
      !allowed) {
    return core::fail(allowed.error());
  }
  if (const FieldErrors errors = check_settings(draft); !errors.empty()) {
    return core::fail(core::invalid(errors.begin()->second, errors.begin()->first));
  }
  auto editions = store_.editions();
  auto before = store_.settings();
  if (!editions || !before) {
    return core::fail(core::unavailable("The database did not answer."));
  }
  using namespace store::setting;
  const std::map<std::string, std::string> values{
      {std::string(kSiteName), draft.site_name},
      {std::string(kTimeZone), draft.time_zone},
      {std::string(kCommentPolicy), draft.policy},
      {std::string(kCommentsCloseAfterDays), std::to_string(std::stoi(draft.close_after_days))},
      {std::string(kCommentsRequireEmail), draft.require_email ? "1" : "0"}};
  // What changed, for the audit log: "site.name: A → B; …".
  std::string changes;
  for (const auto& [key, value] : values) {
    const auto stored = before->find(key);
    const std::string old = key == kSiteName          ? shown.name
                            : key == kTimeZone        ? shown.zone
                            : stored == before->end() ? std::string()
                                                      : stored->second;
    if (old != value) {
      changes += fmt::format("{}{}: {} → {}", changes.empty() ? "" : "; ", key, old, value);
    }
  }
  std::vector<core::Edition> renamed;
  for (core::Edition e : *editions) {
    const auto name = draft.edition_names.find(e.id);
    if (name != draft.edition_names.end() && name->second != e.name) {
      e.name = name->second;
      changes += fmt::format("{}edition {}: {}", changes.empty() ? "" : "; ", e.code, e.name);
      renamed.push_back(std::move(e));
    }
  }
  if (changes.empty()) {
    return changes;
  }
  auto done = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto saved = s.save_settings(values); !saved) {
      return saved;
    }
    for (const core::Edition& e : renamed) {
      if (auto saved = s.save_edition(e); !saved) {
        return core::fail(saved.error());
      }
    }
    auto logged = s.record({0, clock_.now(), actor.id, "settings", "site", changes});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    return core::fail(done.error());
  }
  return changes;
}

}  // namespace tapchi::newsroom
