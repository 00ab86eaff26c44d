// Readers' comments in the back office: the moderation queue, moderating, staff replies.
#include "admin/impl.h"

namespace tapchi::admin {

std::optional<core::CommentStatus> Admin::Impl::tab_of(const http::Request& req) {
  const auto status = req.query_param("status");
  auto parsed = core::parse_comment_status(status ? *status : "pending");
  return parsed ? std::optional(*parsed) : std::nullopt;
}

http::Response Admin::Impl::comments(const http::Request& req) const {
  auto checked = moderator(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  const auto status = tab_of(req);
  const int page_number = query_page(req);
  if (!status) {
    return problem(404, &who, "no_such_status");
  }
  constexpr int kPerPage = 50;
  store::CommentQuery q{status, kPerPage, (page_number - 1) * kPerPage};
  auto found = store.find_comments(q);
  auto counts = store.comment_counts();
  auto editions = store.editions();
  if (!found || !counts || !editions) {
    return unavailable(&who, "reading the moderation queue failed");
  }
  const Language lang = language(&who);
  const std::string status_name(core::status_name(*status));
  mustache::data tabs(mustache::data::type::list);
  for (const auto& [tab, label] : std::vector<std::pair<core::CommentStatus, Text>>{
           {core::CommentStatus::kPending, Text("comments_pending")},
           {core::CommentStatus::kApproved, Text("comments_approved")},
           {core::CommentStatus::kSpam, Text("comments_spam")},
           {core::CommentStatus::kRejected, Text("comments_rejected")}}) {
    mustache::data t;
    t.set("status", std::string(core::status_name(tab)));
    t.set("label", std::string(text(lang, label)));
    t.set("count", std::to_string(counts->contains(tab) ? counts->at(tab) : 0));
    t.set("current", tab == *status);
    tabs.push_back(t);
  }
  std::map<core::Id, std::pair<std::string, std::string>> articles;  // title, public href
  mustache::data items(mustache::data::type::list);
  for (const core::Comment& c : found->items) {
    if (!articles.contains(c.article_id)) {
      auto a = store.article(c.article_id);
      std::string href;
      if (a && a->is_visible_at(clock.now())) {
        for (const core::Edition& e : *editions) {
          if (e.id == a->edition_id) {
            href = e.prefix + a->slug + "-" + std::to_string(a->id) + ".html";
          }
        }
      }
      articles[c.article_id] = {a ? a->title : say(lang, "article_number", c.article_id), href};
    }
    mustache::data item;
    item.set("id", std::to_string(c.id));
    item.set("name", c.name);
    if (!c.email.empty()) {
      item.set("email", c.email);
    }
    item.set("body", c.body);
    item.set("iso", core::format_iso8601(c.created_at));
    item.set("when", when(lang, c.created_at));
    item.set("is_staff", c.is_staff);
    item.set("select_label", say(lang, "select_comment_by", c.name));
    item.set("approve_label", say(lang, "approve_comment_by", c.name));
    item.set("reject_label", say(lang, "reject_comment_by", c.name));
    item.set("spam_label", say(lang, "spam_comment_by", c.name));
    item.set("delete_label", say(lang, "delete_comment_by", c.name));
    item.set("reply_label", say(lang, "reply_to", c.name));
    item.set("is_reply", c.parent_id != 0);
    item.set("article_title", articles[c.article_id].first);
    item.set("article_href", articles[c.article_id].second);
    items.push_back(item);
  }
  mustache::data d;
  d.set("tabs", tabs);
  d.set("items", items);
  d.set("has_items", !found->items.empty());
  d.set("status", status_name);
  d.set("caption", say(lang, "comments_caption", found->items.size(), found->total));
  const std::string base = "/admin/comments?status=" + status_name;
  if (page_number > 1) {
    d.set("prev_href", base + "&page=" + std::to_string(page_number - 1));
  }
  if (page_number * kPerPage < found->total) {
    d.set("next_href", base + "&page=" + std::to_string(page_number + 1));
  }
  return page(200, "comments", d, &who, std::string(text(lang, "comments")), notice(lang, req));
}

http::Response Admin::Impl::moderate(const http::Request& req) const {
  auto posted = moderator_form(req);
  if (auto* refused = std::get_if<http::Response>(&posted)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<RoleForm>(posted);
  // One comment's own button ("approve:12"), or a bulk action on the ticked ones.
  std::string action = field(fields, "action");
  std::vector<core::Id> ids;
  if (const std::string one = field(fields, "one"); !one.empty()) {
    const auto colon = one.find(':');
    action = one.substr(0, colon);
    ids.push_back(colon == std::string::npos ? 0 : std::atoll(one.c_str() + colon + 1));
  } else {
    for (const auto& [name, value] : fields) {
      if (name == "id") {
        ids.push_back(std::atoll(value.c_str()));
      }
    }
  }
  const auto moderation = newsroom::parse_moderation(action);
  if (!moderation) {
    return problem(400, &who, "choose_moderation");
  }
  const core::Result<int> done = newsroom.moderate(who.user, std::move(ids), *moderation);
  if (!done) {
    return failed(&who, done.error());
  }
  const std::string tab = field(fields, "status");
  const std::string back = core::parse_comment_status(tab) ? tab : "pending";
  const std::string key = *done == 0            ? "none_selected"
                          : action == "delete"  ? "comments_deleted"
                          : action == "spam"    ? "comments_spammed"
                          : action == "reject"  ? "comments_rejected"
                          : action == "pending" ? "comments_returned"
                                                : "comments_approved";
  return guarded(
      see_other("/admin/comments?status=" + back + "&done=" + key + "&n=" + std::to_string(*done)));
}

std::variant<core::Comment, http::Response> Admin::Impl::replied(const accounts::SignedIn& who,
                                                                 std::string_view id_text) const {
  auto c = newsroom.comment_to_answer(who.user, std::atoll(std::string(id_text).c_str()));
  if (!c) {
    return failed(&who, c.error());
  }
  return std::move(*c);
}

http::Response Admin::Impl::reply_page(const accounts::SignedIn& who, const core::Comment& c,
                                       int status, const std::string& typed,
                                       const std::string& error) const {
  const Language lang = language(&who);
  mustache::data d;
  d.set("id", std::to_string(c.id));
  d.set("name", c.name);
  d.set("body", c.body);
  d.set("iso", core::format_iso8601(c.created_at));
  d.set("when", when(lang, c.created_at));
  d.set("reply", typed);
  if (!error.empty()) {
    d.set("reply_error", translated(lang, error));
  }
  return page(status, "reply", d, &who, std::string(text(lang, "reply_as_staff")));
}

http::Response Admin::Impl::reply_form(const http::Request& req, std::string_view id) const {
  auto checked = moderator(req);
  if (auto* refused = std::get_if<http::Response>(&checked)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(checked);
  auto c = replied(who, id);
  if (auto* refused = std::get_if<http::Response>(&c)) {
    return std::move(*refused);
  }
  return reply_page(who, std::get<core::Comment>(c), 200, "", "");
}

http::Response Admin::Impl::reply(const http::Request& req, std::string_view id) const {
  auto posted = moderator_form(req);
  if (auto* refused = std::get_if<http::Response>(&posted)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<RoleForm>(posted);
  auto found = replied(who, id);
  if (auto* refused = std::get_if<http::Response>(&found)) {
    return std::move(*refused);
  }
  const core::Comment& parent = std::get<core::Comment>(found);
  const std::string typed = field(fields, "reply");
  if (auto saved = newsroom.reply(who.user, parent.id, typed); !saved) {
    if (saved.error().code == core::ErrorCode::kInvalid) {
      return reply_page(who, parent, 422, typed, saved.error().message);
    }
    return failed(&who, saved.error());
  }
  return guarded(see_other(
      "/admin/comments?status=" + std::string(core::status_name(parent.status)) + "&done=replied"));
}

}  // namespace tapchi::admin
