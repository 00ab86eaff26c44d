// The media library: uploads checked by content with their variants, alt text, caption and
// credit, and deletion refused while an article or an author uses the photo.
#include <filesystem>

#include "admin/impl.h"
#include "media/media.h"

namespace tapchi::admin {

namespace {

constexpr int kPerPage = 48;
std::string size_text(std::int64_t bytes) {
  if (bytes <= 0) {
    return "size unknown";
  }
  if (bytes < 1024 * 1024) {
    return fmt::format("{} KB", (bytes + 1023) / 1024);
  }
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

// The photo's words in a form.
newsroom::MediaDraft media_draft(const std::map<std::string, std::string>& typed) {
  const auto value = [&](const char* name) {
    const auto it = typed.find(name);
    return it == typed.end() ? std::string() : it->second;
  };
  return {value("alt"), value("caption"), value("credit")};
}

}  // namespace

mustache::data Admin::Impl::media_choices(const std::vector<core::Media>& recent,
                                          core::Id selected) const {
  std::vector<core::Media> choices = recent;
  if (selected != 0 && std::none_of(choices.begin(), choices.end(),
                                    [&](const core::Media& m) { return m.id == selected; })) {
    if (auto current = store.media(selected)) {
      choices.insert(choices.begin(), *current);
    }
  }
  mustache::data list(mustache::data::type::list);
  for (const core::Media& m : choices) {
    const std::string name = m.caption.empty() ? m.path : core::excerpt(m.caption, 60);
    mustache::data o;
    o.set("id", std::to_string(m.id));
    o.set("label", fmt::format("#{} {} ({}×{})", m.id, name, m.width, m.height));
    o.set("thumb", thumb_href(m));
    o.set("selected", m.id == selected);
    list.push_back(o);
  }
  return list;
}

http::Response Admin::Impl::library_page(const accounts::SignedIn& who, int page_number, int status,
                                         const std::map<std::string, std::string>& typed,
                                         const std::map<std::string, std::string>& errors,
                                         std::string notice) const {
  auto items = store.recent_media(kPerPage, (page_number - 1) * kPerPage);
  auto count = store.media_count();
  if (!items || !count) {
    return unavailable(&who, "listing the library failed");
  }
  const Language lang = language(&who);
  mustache::data list(mustache::data::type::list);
  for (const core::Media& m : *items) {
    mustache::data item;
    item.set("id", std::to_string(m.id));
    item.set("thumb", thumb_href(m));
    item.set("thumb_height", std::to_string(m.width > 0 ? 160 * m.height / m.width : 120));
    item.set("alt", m.alt);
    item.set("label", m.caption.empty() ? std::filesystem::path(m.path).filename().string()
                                        : core::excerpt(m.caption, 50));
    item.set("width", std::to_string(m.width));
    item.set("height", std::to_string(m.height));
    item.set("size", size_text(m.bytes));
    list.push_back(item);
  }
  mustache::data d;
  d.set("items", list);
  d.set("has_items", !items->empty());
  d.set("count_heading", say(lang, "photos_newest_first", *count));
  d.set("file_label", say(lang, "photo_file", options.max_upload_bytes / (1024 * 1024)));
  for (const auto& [name, value] : typed) {
    d.set(name, value);
  }
  for (const auto& [name, message] : errors) {
    d.set(name + "_error", translated(lang, message));
  }
  if (page_number > 1) {
    d.set("prev_href", "/admin/media?page=" + std::to_string(page_number - 1));
  }
  if (page_number * kPerPage < *count) {
    d.set("next_href", "/admin/media?page=" + std::to_string(page_number + 1));
  }
  return page(status, "media", d, &who, std::string(text(lang, "media_library")),
              std::move(notice));
}

http::Response Admin::Impl::media_library(const http::Request& req) const {
  const auto who = signed_in(req);
  if (!who) {
    return guarded(see_other("/admin/login"));
  }
  return library_page(*who, query_page(req), 200, {}, {}, notice(language(&*who), req));
}

http::Response Admin::Impl::upload_media(const http::Request& req) const {
  const auto who = signed_in(req);
  if (!who) {
    return problem(403, nullptr, "sign_in_first");
  }
  auto parts = http::parse_multipart(req.body, req.header("content-type"));
  if (!parts) {
    return problem_saying(400, &*who, translated(language(&*who), parts.error().message));
  }
  std::map<std::string, std::string> typed;
  const http::FormPart* file = nullptr;
  for (const http::FormPart& p : *parts) {
    if (p.name == "file" && file == nullptr) {
      file = &p;
    } else if (!typed.contains(p.name)) {
      typed[p.name] = p.data;
    }
  }
  if (!accounts::same_secret(typed["csrf"], who->session.csrf_token)) {
    return problem(403, &*who, "form_expired");
  }
  typed.erase("csrf");
  const newsroom::MediaDraft draft = media_draft(typed);
  std::map<std::string, std::string> errors;
  core::Media described;
  errors = newsroom.check_media(draft, described);
  if (file == nullptr || file->data.empty()) {
    errors["file"] = "Choose a photo to upload.";
  }
  if (errors.empty()) {
    auto saved = newsroom.upload_media(who->user, file->data, file->file_name, draft);
    if (saved) {
      return guarded(see_other("/admin/media/" + std::to_string(saved->id) + "?done=uploaded"));
    }
    if (saved.error().field.empty()) {
      return failed(&*who, saved.error());
    }
    errors[saved.error().field] = saved.error().message;
  }
  if (!errors.contains("file")) {
    errors["file"] = text(language(&*who), "choose_again");
  }
  return library_page(*who, 1, 422, typed, errors, "");
}

http::Response Admin::Impl::medium_page(const accounts::SignedIn& who, const core::Media& m,
                                        int status,
                                        const std::map<std::string, std::string>& errors,
                                        std::string notice) const {
  auto articles = store.articles_using(m.id);
  auto authors = store.authors_pictured_by(m.id);
  if (!articles || !authors) {
    return unavailable(&who, "finding where the photo is used failed");
  }
  const Language lang = language(&who);
  mustache::data d;
  d.set("id", std::to_string(m.id));
  d.set("src", "/media/" + m.path);
  d.set("alt", m.alt);
  d.set("caption", m.caption);
  d.set("credit", m.credit);
  d.set("mime", m.mime);
  d.set("width", std::to_string(m.width));
  d.set("height", std::to_string(m.height));
  d.set("size", size_text(m.bytes));
  d.set("uploaded", say(lang, "uploaded_at", when(lang, m.created_at)));
  std::string variants;
  for (const int w : m.variant_widths) {
    variants += (variants.empty() ? "" : ", ") + std::to_string(w);
  }
  d.set("variants", variants.empty()
                        ? std::string(text(lang, "none"))
                        : say(lang, "variants_wide", variants, media::extension_for(m.mime)));
  mustache::data article_list(mustache::data::type::list);
  for (const core::Article& a : *articles) {
    mustache::data item;
    item.set("id", std::to_string(a.id));
    item.set("title", a.title);
    item.set("status", std::string(core::status_name(a.status)));
    item.set("status_label", std::string(status_label(lang, a.status)));
    article_list.push_back(item);
  }
  mustache::data author_list(mustache::data::type::list);
  for (const core::Author& au : *authors) {
    mustache::data item;
    item.set("label", say(lang, "author_photo", au.name));
    author_list.push_back(item);
  }
  const bool in_use = !articles->empty() || !authors->empty();
  d.set("articles", article_list);
  d.set("authors", author_list);
  d.set("in_use", in_use);
  d.set("may_edit", newsroom::may_keep_journal(who.user));
  d.set("may_delete", newsroom::may_keep_journal(who.user) && !in_use);
  for (const auto& [name, message] : errors) {
    d.set(name + "_error", translated(lang, message));
  }
  const std::string heading = say(lang, "photo_number", m.id);
  d.set("heading", heading);
  return page(status, "medium", d, &who, heading, std::move(notice));
}

http::Response Admin::Impl::medium(const http::Request& req, std::string_view id) const {
  const auto who = signed_in(req);
  if (!who) {
    return req.method == http::Method::kPost ? problem(403, nullptr, "sign_in_first")
                                             : guarded(see_other("/admin/login"));
  }
  const core::Id media_id = parse_id(id);
  auto m = media_id > 0 ? store.media(media_id) : core::fail(core::not_found("no such media"));
  if (!m) {
    return problem(404, &*who, "no_such_photo");
  }
  if (req.method != http::Method::kPost) {
    return medium_page(*who, *m, 200, {}, notice(language(&*who), req));
  }
  auto form = checked_form(req, &*who);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  std::map<std::string, std::string> typed;
  for (const auto& [name, value] : std::get<Fields>(form)) {
    typed.try_emplace(name, value);
  }
  const newsroom::MediaDraft draft = media_draft(typed);
  if (auto saved = newsroom.describe_media(who->user, m->id, draft); !saved) {
    if (saved.error().code != core::ErrorCode::kInvalid) {
      return failed(&*who, saved.error());
    }
    core::Media changed = *m;
    return medium_page(*who, changed, 422, newsroom.check_media(draft, changed), "");
  }
  return guarded(see_other("/admin/media/" + std::to_string(m->id) + "?done=saved"));
}

http::Response Admin::Impl::delete_medium(const http::Request& req, std::string_view id) const {
  const auto who = signed_in(req);
  auto form = checked_form(req, who ? &*who : nullptr);
  if (auto* refused = std::get_if<http::Response>(&form)) {
    return std::move(*refused);
  }
  auto deleted = newsroom.delete_media(who->user, parse_id(id));
  if (!deleted && deleted.error().code == core::ErrorCode::kConflict) {
    auto m = store.media(parse_id(id));
    if (m) {
      return medium_page(*who, *m, 409, {}, std::string(text(language(&*who), "photo_in_use")));
    }
  }
  if (!deleted) {
    return failed(&*who, deleted.error());
  }
  return guarded(see_other("/admin/media?done=photo_deleted&n=" + std::to_string(deleted->id)));
}

}  // namespace tapchi::admin
