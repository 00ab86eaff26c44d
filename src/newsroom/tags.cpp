#include <string>

#include <fmt/format.h>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

core::Result<core::Tag> Newsroom::tag(const core::User& actor, core::Id id) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  return existing<core::Tag>(id, "tag", [&](core::Id i) { return store_.tag(i); });
}

FieldErrors Newsroom::check_tag(const TagDraft& draft, core::Tag& into) const {
  FieldErrors errors;
  into.name = draft.name;
  into.slug = core::slugify(draft.slug.empty() ? draft.name : draft.slug);
  if (is_blank(into.name) || into.name.size() > kMaxNameBytes) {
    errors["name"] = fmt::format("A name of 1 to {} bytes.", kMaxNameBytes);
  } else if (into.slug.empty() || into.slug.size() > kMaxNameBytes) {
    errors["slug"] = "The address needs letters or digits.";
  } else if (auto other = store_.tag_by_slug(into.edition_id, into.slug);
             other && other->id != into.id) {
    errors["slug"] = "Another tag, " + other->name + ", has this address.";
  }
  return errors;
}

core::Result<core::Tag> Newsroom::save_tag(const core::User& actor, core::Id id,
                                           const TagDraft& draft) const {
  auto edited = tag(actor, id);
  if (!edited) {
    return edited;
  }
  if (const FieldErrors errors = check_tag(draft, *edited); !errors.empty()) {
    return core::fail(core::invalid(errors.begin()->second, errors.begin()->first));
  }
  auto saved = store_.save_tag(*edited);
  if (!saved && saved.error().code == core::ErrorCode::kConflict) {
    return core::fail(core::invalid("Another tag has this address.", "slug"));
  }
  return saved;
}

core::Result<Newsroom::DeletedTag> Newsroom::delete_tag(const core::User& actor,
                                                        core::Id id) const {
  auto found = tag(actor, id);
  if (!found) {
    return core::fail(found.error());
  }
  DeletedTag out{*found, 0};
  auto usage = store_.tag_usage(found->edition_id);
  out.articles = usage && usage->contains(found->id) ? usage->at(found->id) : 0;
  auto done = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto deleted = s.delete_tag(found->id); !deleted) {
      return deleted;
    }
    auto logged = s.record({0, clock_.now(), actor.id, "delete", "tag " + found->name,
                            fmt::format("removed from {} articles", out.articles)});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    return core::fail(done.error());
  }
  return out;
}

}  // namespace tapchi::newsroom
