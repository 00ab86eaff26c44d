// Accounts and the audit log in the back office (admins).
#include "admin/impl.h"

namespace tapchi::admin {

http::Response Admin::Impl::users_page(const http::Request& req) const {
  auto checked = admin(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  auto users = store.users();
  if (!users) {
    return unavailable(&who, users.error().message);
  }
  const Language lang = language(&who);
  mustache::data list(mustache::data::type::list);
  for (const core::User& u : *users) {
    mustache::data row;
    row.set("id", std::to_string(u.id));
    row.set("email", u.email);
    row.set("name", u.name);
    row.set("role", std::string(role_label(lang, u.role)));
    row.set("save_label", say(lang, "save_access_of", u.email));
    row.set("active", u.is_active);
    row.set("is_you", u.id == who.user.id);
    row.set("csrf", who.session.csrf_token);
    mustache::data roles(mustache::data::type::list);
    for (const auto role :
         {core::Role::kContributor, core::Role::kAuthor, core::Role::kEditor, core::Role::kAdmin}) {
      mustache::data o;
      o.set("value", std::string(core::role_name(role)));
      o.set("label", std::string(role_label(lang, role)));
      o.set("selected", role == u.role);
      roles.push_back(o);
    }
    row.set("roles", roles);
    list.push_back(row);
  }
  mustache::data d;
  d.set("users", list);
  return page(200, "users", d, &who, std::string(text(lang, "users")), notice(lang, req));
}

http::Response Admin::Impl::change_user(const http::Request& req, std::string_view id_text) const {
  auto checked = admin_form(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<RoleForm>(checked);
  auto role = core::parse_role(field(fields, "role"));
  if (!role) {
    return problem_saying(400, &who, translated(language(&who), role.error().message));
  }
  auto user = newsroom.set_access(who.user, std::atoll(std::string(id_text).c_str()), *role,
                                  field(fields, "active") == "1");
  if (!user) {
    return failed(&who, user.error());
  }
  return guarded(see_other("/admin/users?done=access_saved"));
}

http::Response Admin::Impl::audit(const http::Request& req) const {
  auto checked = admin(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto* who = &std::get<accounts::SignedIn>(checked);
  auto entries = store.audit_log(200, 0);
  if (!entries) {
    return unavailable(who, entries.error().message);
  }
  const Language lang = language(who);
  std::map<core::Id, std::string> names;
  mustache::data list(mustache::data::type::list);
  for (const core::AuditEntry& e : *entries) {
    if (e.user_id != 0 && !names.contains(e.user_id)) {
      auto u = store.user(e.user_id);
      names[e.user_id] = u ? u->email : "user " + std::to_string(e.user_id);
    }
    mustache::data row;
    row.set("iso", core::format_iso8601(e.at));
    row.set("when", core::format_rfc3339(e.at, zone()));
    row.set("who", e.user_id == 0 ? std::string("—") : names[e.user_id]);
    row.set("action", e.action);
    row.set("subject", e.subject);
    row.set("detail", e.repeats > 1 ? say(lang, "times", e.detail, e.repeats) : e.detail);
    list.push_back(row);
  }
  mustache::data d;
  d.set("entries", list);
  d.set("caption", say(lang, "audit_caption", entries->size()));
  return page(200, "audit", d, who, std::string(text(lang, "audit_log")));
}

}  // namespace tapchi::admin
