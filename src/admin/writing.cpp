// What the writing view's script (editor/, embedded) asks of the server, answered in JSON: the
// script itself, automatic saves, the photo library found by words, a photo uploaded from the
// text with its words, and an author added to the byline in place. Each checks the session and
// its token as the forms do, and says what went wrong in the account's language.
#include <algorithm>
#include <cctype>

#include <nlohmann/json.hpp>

#include "admin/impl.h"

namespace tapchi::admin {

namespace {

using nlohmann::json;

constexpr int kPhotosPerAnswer = 24;
constexpr int kPhotosScanned = 200;  // library rows read at a time while finding by words

http::Response json_answer(int status, const json& body) {
  http::Response r = Admin::Impl::guarded(http::Response::text(status, body.dump()));
  r.set("Content-Type", "application/json; charset=utf-8");
  return r;
}

// A refusal by a module below: its message in `lang`, its status by its kind.
http::Response json_failed(Language lang, const core::Error& e) {
  const int status = e.code == core::ErrorCode::kInvalid     ? 422
                     : e.code == core::ErrorCode::kForbidden ? 403
                     : e.code == core::ErrorCode::kNotFound  ? 404
                     : e.code == core::ErrorCode::kConflict  ? 409
                                                             : 503;
  return json_answer(status, {{"message", translated(lang, e.message)}});
}

// Fields refused, each with its message in `lang`; the first is also said as the answer's.
http::Response json_refused(Language lang, const std::map<std::string, std::string>& errors) {
  json said = json::object();
  for (const auto& [name, message] : errors) {
    said[name] = translated(lang, message);
  }
  return json_answer(422, {{"message", said.begin().value()}, {"errors", said}});
}

// The words of `text` folded: "Bến đò Hội An" → {"ben", "do", "hoi", "an"}.
std::vector<std::string> folded_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : core::fold(text) + " ") {
    if (std::isalnum(static_cast<unsigned char>(c)) != 0) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  return words;
}

// Whether each word asked for begins a word of the photo's caption, credit, description or name.
bool photo_matches(const core::Media& m, const std::vector<std::string>& asked) {
  const auto words = folded_words(m.caption + " " + m.credit + " " + m.alt + " " + m.path);
  return std::all_of(asked.begin(), asked.end(), [&](const std::string& a) {
    return std::any_of(words.begin(), words.end(),
                       [&](const std::string& w) { return w.starts_with(a); });
  });
}

json photo_json(const Admin::Impl& impl, Language lang, const core::Media& m) {
  return {{"id", m.id},
          {"thumb", Admin::Impl::thumb_href(m)},
          {"src", "/media/" + m.path},
          {"alt", m.alt},
          {"caption", m.caption},
          {"credit", m.credit},
          {"width", m.width},
          {"height", m.height},
          {"uploaded", impl.when(lang, m.created_at)}};
}

}  // namespace

std::variant<accounts::SignedIn, http::Response> Admin::Impl::json_caller(
    const http::Request& req, const Fields* form) const {
  auto who = signed_in(req);
  if (!who) {
    return json_answer(403, {{"message", text(language(nullptr), "sign_in_first")}});
  }
  if (form != nullptr && !accounts::same_secret(field(*form, "csrf"), who->session.csrf_token)) {
    return json_answer(403, {{"message", text(language(&*who), "form_expired")}});
  }
  return std::move(*who);
}

std::variant<Admin::Impl::JsonForm, http::Response> Admin::Impl::json_form(
    const http::Request& req) const {
  auto form = http::parse_form(req.body);
  const Fields none;
  auto caller = json_caller(req, form ? &*form : &none);
  if (auto* refused = std::get_if<http::Response>(&caller)) {
    return std::move(*refused);
  }
  return JsonForm{std::move(std::get<accounts::SignedIn>(caller)), std::move(*form)};
}

http::Response Admin::Impl::editor_script(const http::Request& req) const {
  const bool zipped = http::accepts_coding(req.header("accept-encoding"), "gzip");
  http::Response r = http::Response::text(200, zipped ? editor_js_gz : editor_js);
  r.set("Content-Type", "text/javascript; charset=utf-8");
  r.set("Vary", "Accept-Encoding");
  if (zipped) {
    r.set("Content-Encoding", "gzip");
  }
  // Pages name it with its fingerprint, so a copy of this address never goes out of date.
  r.set("Cache-Control", req.query_param("v") == editor_version
                             ? "private, max-age=31536000, immutable"
                             : "no-store");
  r.set("X-Content-Type-Options", "nosniff");
  return r;
}

http::Response Admin::Impl::editor_photos(const http::Request& req) const {
  auto caller = json_caller(req, nullptr);
  if (auto* refused = std::get_if<http::Response>(&caller)) {
    return std::move(*refused);
  }
  const Language lang = language(&std::get<accounts::SignedIn>(caller));
  const auto offset = static_cast<int>(query_id(req, "offset"));
  const std::vector<std::string> words = folded_words(req.query_param("q").value_or(""));
  // Newest first; with words, the library is read in slices until a page of matches is found.
  json items = json::array();
  bool more = false;
  int skipped = 0;
  for (int from = words.empty() ? offset : 0;; from += kPhotosScanned) {
    auto slice = store.recent_media(kPhotosScanned, from);
    if (!slice) {
      return json_answer(503, {{"message", text(lang, "photos_failed")}});
    }
    for (const core::Media& m : *slice) {
      if (!words.empty() && !photo_matches(m, words)) {
        continue;
      }
      if (!words.empty() && skipped < offset) {
        ++skipped;
        continue;
      }
      if (static_cast<int>(items.size()) == kPhotosPerAnswer) {
        more = true;
        break;
      }
      items.push_back(photo_json(*this, lang, m));
    }
    if (more || static_cast<int>(slice->size()) < kPhotosScanned) {
      break;
    }
  }
  return json_answer(200, {{"items", std::move(items)}, {"more", more}});
}

http::Response Admin::Impl::editor_photo(const http::Request& req) const {
  auto parts = http::parse_multipart(req.body, req.header("content-type"));
  Fields fields;
  const http::FormPart* file = nullptr;
  if (parts) {
    for (const http::FormPart& p : *parts) {
      if (p.name == "file") {
        file = file == nullptr ? &p : file;
      } else {
        fields.emplace_back(p.name, p.data);
      }
    }
  }
  auto caller = json_caller(req, &fields);
  if (auto* refused = std::get_if<http::Response>(&caller)) {
    return std::move(*refused);
  }
  const auto& who = std::get<accounts::SignedIn>(caller);
  const Language lang = language(&who);
  if (!parts) {
    return json_answer(400, {{"message", translated(lang, parts.error().message)}});
  }
  const newsroom::MediaDraft draft{field(fields, "alt"), field(fields, "caption"),
                                   field(fields, "credit")};
  core::Media described;
  newsroom::FieldErrors errors = newsroom.check_media(draft, described);
  if (file == nullptr || file->data.empty()) {
    errors["file"] = "Choose a photo to upload.";
  }
  if (errors.empty()) {
    auto saved = newsroom.upload_media(who.user, file->data, file->file_name, draft);
    if (saved) {
      return json_answer(201, photo_json(*this, lang, *saved));
    }
    if (saved.error().field.empty()) {
      return json_failed(lang, saved.error());
    }
    errors[saved.error().field] = saved.error().message;
  }
  return json_refused(lang, errors);
}

http::Response Admin::Impl::editor_author(const http::Request& req) const {
  auto caller = json_form(req);
  if (auto* refused = std::get_if<http::Response>(&caller)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<JsonForm>(caller);
  const Language lang = language(&who);
  if (who.user.role < core::Role::kEditor) {
    return json_answer(403, {{"message", text(lang, "only_editors")}});
  }
  newsroom::AuthorDraft draft;
  draft.edition_id = parse_id(field(fields, "edition"));
  draft.name = core::trimmed(field(fields, "name"));
  auto saved = newsroom.save_author(who.user, 0, draft);
  if (!saved) {
    return json_failed(lang, saved.error());
  }
  return json_answer(201, {{"id", saved->id}, {"name", saved->name}});
}

http::Response Admin::Impl::autosave_article(const http::Request& req, std::string_view id) const {
  auto caller = json_form(req);
  if (auto* refused = std::get_if<http::Response>(&caller)) {
    return std::move(*refused);
  }
  const auto& [who, fields] = std::get<JsonForm>(caller);
  const Language lang = language(&who);
  core::Article base;
  if (id == "new") {
    base.edition_id = parse_id(field(fields, "edition"));
  } else {
    auto found = newsroom.editable_article(who.user, parse_id(id));
    if (!found) {
      return json_failed(lang, found.error());
    }
    base = std::move(*found);
  }
  EditorState st = read_editor_form(fields, std::move(base));
  if (id == "new") {
    // A new article's first automatic save makes it a draft, as Save would.
    if (!st.errors.empty()) {
      return json_refused(lang, st.errors);
    }
    auto saved = newsroom.save_article(who.user, 0, st.draft, newsroom::ArticleAction::kSave);
    if (!saved) {
      return saved.error().field.empty()
                 ? json_failed(lang, saved.error())
                 : json_refused(lang, {{saved.error().field, saved.error().message}});
    }
    return json_answer(201, {{"created", true},
                             {"id", saved->id},
                             {"version", saved->version},
                             {"at", when(lang, clock.now())}});
  }
  // The text as typed is kept whatever the form's other fields say: they are checked on Save.
  newsroom::Stale stale;
  auto kept = newsroom.autosave(who.user, st.article.id, st.draft, &stale);
  if (!kept) {
    if (kept.error().code == core::ErrorCode::kConflict) {
      const std::string by =
          stale.saved_at ? stale.by + ", " + when(lang, *stale.saved_at) : stale.by;
      return json_answer(409, {{"message", say(lang, "autosave_stale", stale.version, by)},
                               {"version", stale.version}});
    }
    return json_failed(lang, kept.error());
  }
  return json_answer(200, {{"id", st.article.id},
                           {"version", st.draft.version},
                           {"revision", kept->id},
                           {"at", when(lang, kept->saved_at)}});
}

}  // namespace tapchi::admin
