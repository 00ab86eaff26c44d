// Front pages: editors choose the lead story and the order of the top stories of each edition's
// front page and of each section page, each pin until a time or not.
#include <algorithm>

#include "admin/impl.h"

namespace tapchi::admin {

namespace {

constexpr int kChoices = 60;  // the page's newest articles offered in each place's list

}  // namespace

http::Response Admin::Impl::front_page(const http::Request& req) const {
  auto checked = edition_list_page(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const EditionListPage& list = std::get<EditionListPage>(checked);
  const accounts::SignedIn& who = list.who;
  const core::Edition& shown = list.shown();
  const Language lang = language(&who);
  const core::Id section_id = query_id(req, "section");
  auto sections = store.sections(shown.id);
  if (!sections) {
    return unavailable(&who, sections.error().message);
  }
  const auto section = std::find_if(sections->begin(), sections->end(),
                                    [&](const core::Section& s) { return s.id == section_id; });
  if (section_id != 0 && section == sections->end()) {
    return problem(404, &who, "no_such_section");
  }
  const std::string self = fmt::format("/admin/front?edition={}&section={}", shown.id, section_id);

  // What the form says: the article and lapse time of each place, and what is wrong with them.
  std::vector<core::Pin> pins;
  std::map<int, std::string> typed_until;
  newsroom::FieldErrors errors;
  int status = 200;
  if (req.method == http::Method::kPost) {
    auto form = checked_form(req, &who);
    if (auto* refused = std::get_if<http::Response>(&form)) {
      return std::move(*refused);
    }
    const Fields& fields = std::get<Fields>(form);
    newsroom::FrontDraft draft{shown.id, section_id, {}};
    for (int place = 0; place < newsroom::kMaxPins; ++place) {
      const core::Id article = parse_id(field(fields, "article_" + std::to_string(place)));
      const std::string until = core::trimmed(field(fields, "until_" + std::to_string(place)));
      if (article == 0) {
        continue;
      }
      core::Pin p{article, place, std::nullopt};
      typed_until[place] = until;
      if (!until.empty()) {
        if (auto t = core::parse_instant(until, zone())) {
          p.until = *t;
        } else {
          errors["until_" + std::to_string(place)] = "A date and time like 2026-12-01T07:30.";
        }
      }
      draft.pins.push_back(p);
    }
    if (errors.empty()) {
      errors = newsroom.check_front(draft);
    }
    if (errors.empty()) {
      auto saved = newsroom.save_front(who.user, draft);
      if (!saved) {
        return failed(&who, saved.error());
      }
      return guarded(see_other(self + "&done=front_saved"));
    }
    pins = draft.pins;
    status = 422;
  } else {
    auto stored = newsroom.front(who.user, shown.id, section_id);
    if (!stored) {
      return failed(&who, stored.error());
    }
    pins = *stored;
    for (const core::Pin& p : pins) {
      typed_until[p.place] = p.until ? local_input(*p.until) : "";
    }
  }

  // The articles each place may hold: the page's newest published ones (scheduled included),
  // and whatever is pinned now.
  store::ArticleFilter f;
  f.edition_id = shown.id;
  f.section_id = section_id;
  f.status = core::ArticleStatus::kPublished;
  f.now = core::Instant::max();  // published at any time: scheduled ones too
  f.limit = kChoices;
  auto newest = store.filter_articles(f);
  if (!newest) {
    return unavailable(&who, newest.error().message);
  }
  std::vector<core::Article> offered = newest->items;
  for (const core::Pin& p : pins) {
    const bool listed = std::any_of(offered.begin(), offered.end(),
                                    [&](const core::Article& a) { return a.id == p.article_id; });
    if (!listed) {
      if (auto a = store.article(p.article_id)) {
        offered.insert(offered.begin(), *a);
      }
    }
  }
  const core::Instant now = clock.now();
  mustache::data places(mustache::data::type::list);
  for (int place = 0; place < newsroom::kMaxPins; ++place) {
    const auto pin = std::find_if(pins.begin(), pins.end(),
                                  [&](const core::Pin& p) { return p.place == place; });
    const core::Id chosen = pin == pins.end() ? 0 : pin->article_id;
    mustache::data row;
    const std::string n = std::to_string(place);
    row.set("place", n);
    row.set("label",
            place == 0 ? std::string(text(lang, "lead_story")) : say(lang, "top_story_n", place));
    mustache::data choices_of(mustache::data::type::list);
    for (const core::Article& a : offered) {
      std::string note;  // what an editor weighs when choosing
      if (a.published_at && *a.published_at > now) {
        note = fmt::format(" ({})", status_label(lang, core::ArticleStatus::kScheduled));
      } else if (a.featured_media_id == 0) {
        note = fmt::format(" — {}", text(lang, "no_photo"));
      }
      mustache::data o;
      o.set("id", std::to_string(a.id));
      o.set("label", fmt::format("#{} {}{}", a.id, core::excerpt(a.title, 80), note));
      o.set("selected", a.id == chosen);
      choices_of.push_back(o);
    }
    row.set("articles", choices_of);
    row.set("until", typed_until.contains(place) ? typed_until[place] : "");
    if (pin != pins.end() && pin->until && *pin->until <= now) {
      row.set("lapsed", std::string(text(lang, "pin_lapsed")));
    }
    for (const char* kind : {"place_", "until_"}) {
      if (const auto e = errors.find(kind + n); e != errors.end()) {
        row.set(std::string(kind) + "error", translated(lang, e->second));
      }
    }
    places.push_back(row);
  }
  mustache::data pages(mustache::data::type::list);
  const auto page_link = [&](core::Id id, std::string name) {
    mustache::data link;
    link.set("href", fmt::format("/admin/front?edition={}&section={}", shown.id, id));
    link.set("name", std::move(name));
    link.set("current", id == section_id);
    pages.push_back(link);
  };
  page_link(0, std::string(text(lang, "front_page")));
  for (const core::Section& s : *sections) {
    page_link(s.id, s.name);
  }
  mustache::data d;
  d.set("tabs", edition_tabs(list.editions, shown, "/admin/front"));
  d.set("pages", pages);
  d.set("places", places);
  d.set("action", self);
  d.set("zone_hint", say(lang, "pins_hint", zone().name()));
  d.set("heading", section_id == 0
                       ? say(lang, "front_of", shown.name.empty() ? shown.code : shown.name)
                       : say(lang, "section_page_of", section->name));
  d.set("public_href", section_id == 0 ? shown.prefix : site::section_href(shown, section->slug));
  return page(status, "front", d, &who, std::string(text(lang, "front_pages")), notice(lang, req));
}

}  // namespace tapchi::admin
