#include <string>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

core::Result<core::Section> Newsroom::section(const core::User& actor, core::Id id) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  return existing<core::Section>(id, "section", [&](core::Id i) { return store_.section(i); });
}

FieldErrors Newsroom::check_section(core::Id id, const SectionDraft& draft,
                                    core::Section& into) const {
  FieldErrors errors;
  into.id = id;
  if (id == 0) {
    into.edition_id = draft.edition_id;
  }
  into.name = draft.name;
  into.slug = core::slugify(draft.slug.empty() ? draft.name : draft.slug);
  if (into.name.find_first_not_of(' ') == std::string::npos || into.name.size() > 100) {
    errors["name"] = "A section needs a name of at most 100 bytes.";
  }
  if (!errors.contains("name") && (into.slug.empty() || into.slug.size() > 100)) {
    errors["slug"] = "The address needs letters or digits.";
  }
  const std::string& position = draft.position;
  if (position.empty() || position.size() > 6 ||
      position.find_first_not_of("0123456789") != std::string::npos) {
    errors["position"] = "A whole number from 0.";
  } else {
    into.position = std::stoi(position);
  }
  if (errors.empty()) {
    // Another section of the edition with this address?
    if (auto other = store_.section_by_slug(into.edition_id, into.slug);
        other && other->id != into.id) {
      errors["slug"] = "Another section, " + other->name + ", has this address.";
    }
  }
  return errors;
}

core::Result<core::Section> Newsroom::save_section(const core::User& actor, core::Id id,
                                                   const SectionDraft& draft) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  core::Section sec;
  if (id != 0) {
    auto found = section(actor, id);
    if (!found) {
      return found;
    }
    sec = *found;
  }
  if (const FieldErrors errors = check_section(id, draft, sec); !errors.empty()) {
    return core::fail(core::invalid(errors.begin()->second, errors.begin()->first));
  }
  auto saved = store_.save_section(sec);
  if (!saved && saved.error().code == core::ErrorCode::kConflict) {
    return core::fail(core::invalid("Another section has this address.", "slug"));
  }
  return saved;
}

}  // namespace tapchi::newsroom
