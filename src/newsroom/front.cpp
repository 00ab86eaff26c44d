// Front pages: the editors' choice of the lead story and the order of the top stories of an
// edition's front page and of each section page, each pin until a time or not.
#include <set>
#include <string>

#include <fmt/format.h>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

namespace {

// The page the draft is for, checked: kNotFound for an unknown edition or section.
core::Result<void> known_page(store::Store& store, core::Id edition_id, core::Id section_id) {
  auto editions = store.editions();
  if (!editions) {
    return core::fail(editions.error());
  }
  bool known = false;
  for (const core::Edition& e : *editions) {
    known = known || e.id == edition_id;
  }
  if (!known) {
    return core::fail(core::not_found("There is no such edition."));
  }
  if (section_id != 0) {
    auto s = store.section(section_id);
    if (!s || s->edition_id != edition_id) {
      return core::fail(core::not_found("There is no such section in this edition."));
    }
  }
  return {};
}

}  // namespace

core::Result<std::vector<core::Pin>> Newsroom::front(const core::User& actor, core::Id edition_id,
                                                     core::Id section_id) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  if (auto known = known_page(store_, edition_id, section_id); !known) {
    return core::fail(known.error());
  }
  return store_.pins(edition_id, section_id);
}

FieldErrors Newsroom::check_front(const FrontDraft& draft) const {
  FieldErrors errors;
  std::set<int> places;
  std::set<core::Id> articles;
  const core::Instant now = clock_.now();
  for (const core::Pin& p : draft.pins) {
    const std::string key = "place_" + std::to_string(p.place);
    if (p.place < 0 || p.place >= kMaxPins || !places.insert(p.place).second) {
      errors[key] = fmt::format("A place from 0 to {}, once each.", kMaxPins - 1);
      continue;
    }
    auto a = store_.article(p.article_id);
    if (!a || a->edition_id != draft.edition_id) {
      errors[key] = "There is no article with this number in this edition.";
    } else if (draft.section_id != 0 && a->section_id != draft.section_id) {
      errors[key] = "This article is not in this section.";
    } else if (a->status != core::ArticleStatus::kPublished) {
      errors[key] = "Only a published or scheduled article can be chosen.";
    } else if (!articles.insert(a->id).second) {
      errors[key] = "This article has another place already.";
    }
    if (p.until && *p.until <= now) {
      errors["until_" + std::to_string(p.place)] = "This time has passed.";
    }
  }
  return errors;
}

core::Result<void> Newsroom::save_front(const core::User& actor, const FrontDraft& draft) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return allowed;
  }
  if (auto known = known_page(store_, draft.edition_id, draft.section_id); !known) {
    return known;
  }
  if (const FieldErrors errors = check_front(draft); !errors.empty()) {
    return core::fail(core::invalid(errors.begin()->second, errors.begin()->first));
  }
  std::string detail;
  for (const core::Pin& p : draft.pins) {
    detail +=
        fmt::format("{}{}: article {}{}", detail.empty() ? "" : "; ",
                    p.place == 0 ? std::string("lead") : std::to_string(p.place), p.article_id,
                    p.until ? " until " + core::format_iso8601(*p.until) : std::string());
  }
  return store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto saved = s.save_pins(draft.edition_id, draft.section_id, draft.pins); !saved) {
      return saved;
    }
    const std::string subject = draft.section_id == 0
                                    ? "front page of edition " + std::to_string(draft.edition_id)
                                    : "section " + std::to_string(draft.section_id);
    auto logged = s.record(
        {0, clock_.now(), actor.id, "front", subject, detail.empty() ? "no pins" : detail});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
}

}  // namespace tapchi::newsroom
