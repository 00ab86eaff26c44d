// What webhooks are told: the event, when, and the article or comment as it is now.
#include <nlohmann/json.hpp>

#include "newsroom/newsroom.h"

namespace tapchi::newsroom {

namespace {

using json = nlohmann::ordered_json;

json time_or_null(const std::optional<core::Instant>& t) {
  return t ? json(core::format_iso8601(*t)) : json(nullptr);
}

}  // namespace

std::string article_event(std::string_view event, const core::Article& a, core::Instant at) {
  const bool scheduled =
      a.status == core::ArticleStatus::kPublished && a.published_at && *a.published_at > at;
  const json body{{"event", event},
                  {"occurred_at", core::format_iso8601(at)},
                  {"article",
                   {{"id", a.id},
                    {"edition_id", a.edition_id},
                    {"slug", a.slug},
                    {"title", a.title},
                    {"status", scheduled ? "scheduled" : std::string(core::status_name(a.status))},
                    {"version", a.version},
                    {"published_at", time_or_null(a.published_at)},
                    {"updated_at", time_or_null(a.updated_at)}}}};
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string comment_event(std::string_view event, const core::Comment& c, core::Instant at) {
  const json body{{"event", event},
                  {"occurred_at", core::format_iso8601(at)},
                  {"comment",
                   {{"id", c.id},
                    {"article_id", c.article_id},
                    {"parent_id", c.parent_id == 0 ? json(nullptr) : json(c.parent_id)},
                    {"name", c.name},
                    {"body", c.body},
                    {"status", std::string(core::status_name(c.status))},
                    {"is_staff", c.is_staff},
                    {"created_at", core::format_iso8601(c.created_at)}}}};
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace tapchi::newsroom
