// The Admin API's webhooks (admins): add (the secret is in that answer only), list, change,
// delete, and each one's recent deliveries.
#include "api/admin_body.h"

namespace tapchi::api {

namespace {

using Params = http::Router::Params;

json hook_json(const Api::Impl& api, const core::Webhook& h, bool with_secret) {
  json j{{"id", h.id}, {"url", h.url}, {"events", h.events}, {"active", h.is_active}};
  api.put_time(j, "created_at", h.created_at);
  if (with_secret) {
    j["secret"] = h.secret;
  }
  return j;
}

json delivery_json(const Api::Impl& api, const core::Delivery& d) {
  json j{{"id", d.id}, {"event", d.event}, {"status", d.status}, {"attempts", d.attempts}};
  api.put_time(j, "created_at", d.created_at);
  api.put_time(j, "next_attempt_at",
               d.status == "pending" ? std::optional(d.next_attempt_at) : std::nullopt);
  j["last_status"] = d.last_status == 0 ? json(nullptr) : json(d.last_status);
  j["last_error"] = d.last_error;
  return j;
}

}  // namespace

void Api::Impl::add_hook_routes() {
  using http::Method;
  on({Method::kGet}, "/api/v1/admin/webhooks",
     [this](const core::User& actor, const http::Request&, const Params&) {
       if (actor.role != core::Role::kAdmin) {
         return problem(403, "Only admins manage webhooks.");
       }
       auto list = store.webhooks();
       if (!list) {
         return failed(list.error());
       }
       json items = json::array();
       for (const core::Webhook& h : *list) {
         items.push_back(hook_json(*this, h, false));
       }
       return answer(200, {{"webhooks", items}});
     });
  on({Method::kPost}, "/api/v1/admin/webhooks",
     [this](const core::User& actor, const http::Request& req, const Params&) {
       auto body = body_of(req);
       if (auto* refused = std::get_if<http::Response>(&body)) {
         return std::move(*refused);
       }
       std::string url;
       std::vector<std::string> events;
       std::string wrong;
       const json& j = std::get<json>(body);
       if (!take(j, "url", url, wrong) || !take(j, "events", events, wrong)) {
         return wrong_type(wrong);
       }
       auto made = newsroom.add_webhook(actor, url, events);
       if (!made) {
         return failed(made.error());
       }
       http::Response r = answer(201, {{"webhook", hook_json(*this, *made, true)}});
       r.set("Location", absolute("/api/v1/admin/webhooks/" + std::to_string(made->id)));
       return r;
     });
  on({Method::kGet}, "/api/v1/admin/webhooks/{id}",
     [this](const core::User& actor, const http::Request&, const Params& p) {
       auto h = newsroom.webhook(actor, core::parse_id(p.front().second));
       if (!h) {
         return failed(h.error());
       }
       auto list = store.deliveries(h->id, 50);
       if (!list) {
         return failed(list.error());
       }
       json deliveries = json::array();
       for (const core::Delivery& d : *list) {
         deliveries.push_back(delivery_json(*this, d));
       }
       json j = hook_json(*this, *h, false);
       j["deliveries"] = std::move(deliveries);
       return answer(200, {{"webhook", j}});
     });
  on({Method::kPatch}, "/api/v1/admin/webhooks/{id}",
     [this](const core::User& actor, const http::Request& req, const Params& p) {
       auto body = body_of(req);
       if (auto* refused = std::get_if<http::Response>(&body)) {
         return std::move(*refused);
       }
       auto h = newsroom.webhook(actor, core::parse_id(p.front().second));
       if (!h) {
         return failed(h.error());
       }
       std::string wrong;
       const json& j = std::get<json>(body);
       if (!take(j, "url", h->url, wrong) || !take(j, "events", h->events, wrong) ||
           !take(j, "active", h->is_active, wrong)) {
         return wrong_type(wrong);
       }
       auto changed = newsroom.change_webhook(actor, h->id, h->url, h->events, h->is_active);
       return changed ? answer(200, {{"webhook", hook_json(*this, *changed, false)}})
                      : failed(changed.error());
     });
  on({Method::kDelete}, "/api/v1/admin/webhooks/{id}",
     [this](const core::User& actor, const http::Request&, const Params& p) {
       auto gone = newsroom.delete_webhook(actor, core::parse_id(p.front().second));
       return gone ? answer(204, nullptr) : failed(gone.error());
     });
}

}  // namespace tapchi::api
