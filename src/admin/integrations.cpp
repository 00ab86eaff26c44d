// Integrations (admins): keys of the JSON API and webhooks with their recent deliveries. A new
// key's secret and a new webhook's secret are shown on the answer that makes them, once.
#include "admin/impl.h"

namespace tapchi::admin {

http::Response Admin::Impl::integrations_page(const accounts::SignedIn& who, int status,
                                              mustache::data shown, std::string notice) const {
  auto keys = store.api_keys();
  auto hooks = store.webhooks();
  if (!keys || !hooks) {
    return unavailable(&who, "listing keys and webhooks failed");
  }
  const Language lang = language(&who);
  const auto minute = [&](core::Instant t) { return when(lang, t); };
  mustache::data key_rows(mustache::data::type::list);
  for (const core::ApiKey& k : *keys) {
    mustache::data row;
    row.set("id", std::to_string(k.id));
    row.set("name", k.name);
    row.set("prefix", k.prefix);
    std::string kind(text(lang, "reads_content"));
    if (k.kind != "content") {
      auto u = k.user_id != 0 ? store.user(k.user_id) : core::fail(core::not_found(""));
      kind = say(lang, "acts_as", u ? std::string(role_label(lang, u->role)) : std::string("?"));
    }
    row.set("kind", kind);
    row.set("revoke_label", say(lang, "revoke_key", k.name));
    row.set("created", minute(k.created_at));
    row.set("revoked",
            k.revoked_at ? say(lang, "revoked_at", minute(*k.revoked_at)) : std::string());
    row.set("active", !k.revoked_at.has_value());
    key_rows.push_back(row);
  }
  mustache::data hook_rows(mustache::data::type::list);
  for (const core::Webhook& h : *hooks) {
    mustache::data row;
    row.set("id", std::to_string(h.id));
    row.set("url", h.url);
    std::string events;
    for (const std::string& e : h.events) {
      events += (events.empty() ? "" : ", ") + e;
    }
    row.set("events", events);
    row.set("active", h.is_active);
    row.set("delete_label", say(lang, "delete_webhook", h.url));
    mustache::data deliveries(mustache::data::type::list);
    if (auto list = store.deliveries(h.id, 10)) {
      for (const core::Delivery& d : *list) {
        mustache::data item;
        item.set("id", std::to_string(d.id));
        item.set("event", d.event);
        item.set("status", d.status);
        item.set("when", minute(d.created_at));
        item.set("attempts", std::to_string(d.attempts));
        item.set("answer", d.last_status != 0 ? std::to_string(d.last_status) : d.last_error);
        deliveries.push_back(item);
      }
      row.set("has_deliveries", !list->empty());
    }
    row.set("deliveries", deliveries);
    hook_rows.push_back(row);
  }
  mustache::data events(mustache::data::type::list);
  for (const std::string_view e : core::kWebhookEvents) {
    events.push_back(mustache::data(std::string(e)));
  }
  shown.set("keys", key_rows);
  shown.set("webhooks", hook_rows);
  shown.set("events", events);
  shown.set("roles", choices({{"", text(lang, "content_key")},
                              {"contributor", text(lang, "key_as_contributor")},
                              {"author", text(lang, "key_as_author")},
                              {"editor", text(lang, "key_as_editor")},
                              {"admin", text(lang, "key_as_admin")}},
                             ""));
  if (shown.get("new_secret") != nullptr) {
    shown.set("key_made", say(lang, "key_made", shown.get("new_name")->string_value()));
  }
  if (shown.get("new_hook_secret") != nullptr) {
    shown.set("hook_added", say(lang, "hook_added", shown.get("new_hook_url")->string_value()));
  }
  return page(status, "integrations", shown, &who, std::string(text(lang, "integrations")),
              std::move(notice));
}

http::Response Admin::Impl::integrations(const http::Request& req) const {
  auto checked = admin(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  return integrations_page(who, 200, {}, notice(language(&who), req));
}

http::Response Admin::Impl::add_key(const http::Request& req) const {
  auto checked = admin_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<RoleForm>(checked);
  std::optional<core::Role> role;
  if (const std::string text = field(fields, "role"); !text.empty()) {
    auto parsed = core::parse_role(text);
    if (!parsed) {
      return problem_saying(400, &who, translated(language(&who), parsed.error().message));
    }
    role = *parsed;
  }
  auto made = accounts::add_api_key(store, field(fields, "name"), role, who.user.id, clock.now());
  mustache::data shown;
  if (!made) {
    if (made.error().code != core::ErrorCode::kInvalid) {
      return failed(&who, made.error());
    }
    shown.set("key_name_error", translated(language(&who), made.error().message));
    shown.set("key_name", field(fields, "name"));
    return integrations_page(who, 422, shown, "");
  }
  shown.set("new_secret", made->secret);
  shown.set("new_name", made->key.name);
  return integrations_page(who, 201, shown, "");
}

http::Response Admin::Impl::revoke_key(const http::Request& req, std::string_view id) const {
  auto checked = admin_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<RoleForm>(checked).who;
  auto revoked = accounts::revoke_api_key(store, parse_id(id), who.user.id, clock.now());
  if (!revoked) {
    return failed(&who, revoked.error());
  }
  return guarded(see_other("/admin/integrations?done=key_revoked"));
}

http::Response Admin::Impl::add_webhook(const http::Request& req) const {
  auto checked = admin_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<RoleForm>(checked);
  std::vector<std::string> events;
  for (const auto& [name, value] : fields) {
    if (name == "event") {
      events.push_back(value);
    }
  }
  auto made = newsroom.add_webhook(who.user, field(fields, "url"), events);
  mustache::data shown;
  if (!made) {
    if (made.error().code != core::ErrorCode::kInvalid) {
      return failed(&who, made.error());
    }
    shown.set(made.error().field == "events" ? "events_error" : "url_error",
              translated(language(&who), made.error().message));
    shown.set("hook_url", field(fields, "url"));
    return integrations_page(who, 422, shown, "");
  }
  shown.set("new_hook_secret", made->secret);
  shown.set("new_hook_url", made->url);
  return integrations_page(who, 201, shown, "");
}

http::Response Admin::Impl::delete_webhook(const http::Request& req, std::string_view id) const {
  auto checked = admin_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<RoleForm>(checked).who;
  auto gone = newsroom.delete_webhook(who.user, parse_id(id));
  if (!gone) {
    return failed(&who, gone.error());
  }
  return guarded(see_other("/admin/integrations?done=webhook_deleted"));
}

}  // namespace tapchi::admin
