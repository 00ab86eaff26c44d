#include <string>

#include <fmt/format.h>

#include "newsroom/newsroom.h"

namespace tapchi::newsroom {

core::Result<core::Author> Newsroom::author(const core::User& actor, core::Id id) const {
  if (actor.role < core::Role::kEditor) {
    return core::fail(core::forbidden("Only editors and admins may do this."));
  }
  auto found = id > 0 ? store_.author(id) : core::fail(core::not_found("no such author"));
  if (!found && found.error().code == core::ErrorCode::kNotFound) {
    return core::fail(core::not_found("There is no such author."));
  }
  return found;
}

FieldErrors Newsroom::check_author(const AuthorDraft& draft, core::Author& into) const {
  FieldErrors errors;
  if (into.id == 0) {
    into.edition_id = draft.edition_id;
  }
  into.name = draft.name;
  into.slug = core::slugify(draft.slug.empty() ? draft.name : draft.slug);
  into.position = draft.position;
  into.bio = draft.bio;
  into.photo_id = draft.photo_id;
  if (into.name.find_first_not_of(" \t\r\n") == std::string::npos ||
      into.name.size() > kMaxNameBytes) {
    errors["name"] = fmt::format("A name of 1 to {} bytes.", kMaxNameBytes);
  } else if (into.slug.empty() || into.slug.size() > kMaxNameBytes) {
    errors["slug"] = "The address needs letters or digits.";
  } else if (auto other = store_.author_by_slug(into.edition_id, into.slug);
             other && other->id != into.id) {
    errors["slug"] = "Another author, " + other->name + ", has this address.";
  }
  if (into.position.size() > kMaxPositionBytes) {
    errors["position"] = fmt::format("At most {} bytes.", kMaxPositionBytes);
  }
  if (into.bio.size() > kMaxBioBytes) {
    errors["bio"] = fmt::format("At most {} bytes.", kMaxBioBytes);
  }
  if (into.photo_id != 0 && !store_.media(into.photo_id)) {
    errors["photo"] = "That photo is no longer in the library.";
    into.photo_id = 0;
  }
  return errors;
}

core::Result<core::Author> Newsroom::save_author(const core::User& actor, core::Id id,
                                                 const AuthorDraft& draft) const {
  core::Author edited;
  if (id != 0) {
    auto found = author(actor, id);
    if (!found) {
      return found;
    }
    edited = *found;
  } else if (actor.role < core::Role::kEditor) {
    return core::fail(core::forbidden("Only editors and admins may do this."));
  }
  if (const FieldErrors errors = check_author(draft, edited); !errors.empty()) {
    return core::fail(core::invalid(errors.begin()->second, errors.begin()->first));
  }
  auto saved = store_.save_author(edited);
  if (!saved && saved.error().code == core::ErrorCode::kConflict) {
    return core::fail(core::invalid("Another author has this address.", "slug"));
  }
  return saved;
}

}  // namespace tapchi::newsroom
