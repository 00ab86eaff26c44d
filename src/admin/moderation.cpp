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
    return problem(404, &who, "Not found", "There is no such comment status.");
  }
  constexpr int kPerPage = 50;
  store::CommentQuery q{status, kPerPage, (page_number - 1) * kPerPage};
  auto found = store.find_comments(q);
  auto counts = store.comment_counts();
  auto editions = store.editions();
  if (!found || !counts || !editions) {
    return problem(503, &who, "Unavailable", "The database did not answer.");
  }
  const std::string status_name(core::status_name(*status));
  mustache::data tabs(mustache::data::type::list);
  for (const auto& [tab, label] : std::vector<std::pair<core::CommentStatus, std::string>>{
           {core::CommentStatus::kPending, "Pending"},
           {core::CommentStatus::kApproved, "Approved"},
           {core::CommentStatus::kSpam, "Spam"},
           {core::CommentStatus::kRejected, "Rejected"}}) {
    mustache::data t;
    t.set("status", std::string(core::status_name(tab)));
    t.set("label", label);
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
      articles[c.article_id] = {a ? a->title : "article " + std::to_string(c.article_id), href};
    }
    mustache::data item;
    item.set("id", std::to_string(c.id));
    item.set("name", c.name);
    if (!c.email.empty()) {
      item.set("email", c.email);
    }
    item.set("body", c.body);
    item.set("iso", core::format_iso8601(c.created_at));
    item.set("when", fmt::format("{:%Y-%m-%d %H:%M} UTC",
                                 std::chrono::floor<std::chrono::seconds>(c.created_at)));
    item.set("is_staff", c.is_staff);
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
  d.set("caption",
        fmt::format("{} of {} comments, newest first", found->items.size(), found->total));
  const std::string base = "/admin/comments?status=" + status_name;
  if (page_number > 1) {
    d.set("prev_href", base + "&page=" + std::to_string(page_number - 1));
  }
  if (page_number * kPerPage < found->total) {
    d.set("next_href", base + "&page=" + std::to_string(page_number + 1));
  }
  const auto done = req.query_param("done");
  return page(200, "comments", d, &who, "Comments", done ? *done : "");
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
    return problem(400, &who, "Bad request", "Choose what to do with the comments.");
  }
  const core::Result<int> done = newsroom.moderate(who.user, std::move(ids), *moderation);
  if (!done) {
    return failed(&who, done.error());
  }
  const std::string tab = field(fields, "status");
  const std::string back = core::parse_comment_status(tab) ? tab : "pending";
  const std::string notice = *done == 0
                                 ? "No comment was selected."
                                 : fmt::format("{} comment{} {}.", *done, *done == 1 ? "" : "s",
                                               action == "delete"    ? "deleted"
                                               : action == "spam"    ? "marked as spam"
                                               : action == "reject"  ? "rejected"
                                               : action == "pending" ? "returned to the queue"
                                                                     : "approved");
  return guarded(
      see_other("/admin/comments?status=" + back + "&done=" + http::percent_encode_path(notice)));
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
                                       int status, const std::string& text,
                                       const std::string& error) const {
  mustache::data d;
  d.set("id", std::to_string(c.id));
  d.set("name", c.name);
  d.set("body", c.body);
  d.set("iso", core::format_iso8601(c.created_at));
  d.set("when", fmt::format("{:%Y-%m-%d %H:%M} UTC",
                            std::chrono::floor<std::chrono::seconds>(c.created_at)));
  d.set("reply", text);
  if (!error.empty()) {
    d.set("reply_error", error);
  }
  return page(status, "reply", d, &who, "Reply as staff");
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
  const std::string text = field(fields, "reply");
  if (auto saved = newsroom.reply(who.user, parent.id, text); !saved) {
    if (saved.error().code == core::ErrorCode::kInvalid) {
      return reply_page(who, parent, 422, text, saved.error().message);
    }
    return failed(&who, saved.error());
  }
  return guarded(
      see_other("/admin/comments?status=" + std::string(core::status_name(parent.status)) +
                "&done=" + http::percent_encode_path("Your reply is published.")));
}

}  // namespace tapchi::admin
