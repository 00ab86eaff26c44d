#include <string>

#include <fmt/format.h>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

core::Result<core::Author> Newsroom::author(const core::User& actor, core::Id id) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  return existing<core::Author>(id, "author", [&](core::Id i) { return store_.author(i); });
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
  if (is_blank(into.name) || into.name.size() > kMaxNameBytes) {
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
  } else if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
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
