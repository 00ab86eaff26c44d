// Redirects kept by hand: an old address (another site's, or one this journal gave up) leads
// to what is there now.
#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>

#include "http/http.h"
#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

namespace {

// WordPress's addresses by id, kept with their query (as the site looks them up).
constexpr std::array<std::string_view, 5> kWordPressIds{"p", "page_id", "attachment_id", "cat",
                                                        "tag_ID"};

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

bool is_web_url(std::string_view text) {
  return text.starts_with("http://") || text.starts_with("https://");
}

// "https://old.example/a/b/?x=1" → "/a/b/?x=1": the part a request carries.
std::string_view without_origin(std::string_view text) {
  if (!is_web_url(text)) {
    return text;
  }
  const std::string_view rest = text.substr(text.find("//") + 2);
  const auto slash = rest.find_first_of("/?#");
  if (slash == std::string_view::npos) {
    return "/";
  }
  return rest[slash] == '/' ? rest.substr(slash) : std::string_view("/");
}

// The old address as the site looks it up, or nullopt when it is no path.
std::optional<std::string> lookup_key(std::string_view typed) {
  std::string_view target = without_origin(trimmed(typed));
  target = target.substr(0, target.find('#'));
  auto parsed = http::parse_target(target);
  if (!parsed) {
    return std::nullopt;
  }
  http::Request r;
  r.path = parsed->first;
  r.query = parsed->second;
  return redirect_key(r);
}

}  // namespace

std::string redirect_key(const http::Request& r) {
  if (!r.query.empty()) {
    for (const std::string_view name : kWordPressIds) {
      if (auto id = r.query_param(name); id && !id->empty()) {
        return fmt::format("/?{}={}", name, *id);
      }
    }
  }
  std::string path = r.path;
  while (path.size() > 1 && path.back() == '/') {
    path.pop_back();
  }
  return path;
}

FieldErrors Newsroom::check_redirect(const RedirectDraft& draft, store::Redirect& into) const {
  FieldErrors errors;
  into = {};
  into.created_at = clock_.now();
  const auto key = lookup_key(draft.from);
  if (draft.from.size() > kMaxAddressBytes || !key) {
    errors["from"] = "An old address is a path such as /2019/08/old-title/ or a whole URL.";
  } else if (*key == "/") {
    errors["from"] = "The front page cannot lead elsewhere.";
  } else {
    into.from = *key;
  }
  const std::string_view to = trimmed(draft.to);
  if (to.size() > kMaxAddressBytes || !core::is_valid_utf8(to) ||
      std::any_of(to.begin(), to.end(),
                  [](char c) { return static_cast<unsigned char>(c) < 0x20; })) {
    errors["to"] = "Give a page of this journal (/page/…) or a whole http(s) address.";
    return errors;
  }
  into.address = std::string(to);
  if (is_web_url(to)) {
    if (without_origin(to) == to || to.find_first_of(" <>\"") != std::string_view::npos ||
        to.substr(to.find("//") + 2).empty()) {
      errors["to"] = "Give a page of this journal (/page/…) or a whole http(s) address.";
    }
    return errors;  // another site's page, as given
  }
  if (!to.starts_with('/') || to.starts_with("//")) {
    errors["to"] = "Give a page of this journal (/page/…) or a whole http(s) address.";
    return errors;
  }
  if (!errors.contains("from") && lookup_key(to) == into.from) {
    errors["to"] = "An address cannot lead to itself.";
    return errors;
  }
  // A page of the journal: kept by what it shows, so that it follows a change of address.
  auto editions = store_.editions();
  if (!editions) {
    return errors;
  }
  std::sort(editions->begin(), editions->end(),
            [](const auto& a, const auto& b) { return a.prefix.size() > b.prefix.size(); });
  const std::string path(to.substr(0, to.find_first_of("?#")));
  for (const core::Edition& e : *editions) {
    if (!path.starts_with(e.prefix)) {
      continue;
    }
    const std::string rest = path.substr(e.prefix.size());
    const auto slug_after = [&](std::string_view kind) -> std::optional<std::string> {
      if (rest.starts_with(kind) && rest.size() > kind.size() &&
          rest.find('/', kind.size()) == std::string::npos) {
        return rest.substr(kind.size());
      }
      return std::nullopt;
    };
    const auto found = [&](store::Redirect::To kind, auto read) {
      if (auto row = read(); row) {
        into.to = kind;
        into.id = row->id;
      } else {
        errors["to"] = "This journal has no page at " + path + ".";
      }
    };
    if (auto slug = slug_after("section/")) {
      found(store::Redirect::To::kSection, [&] { return store_.section_by_slug(e.id, *slug); });
    } else if (auto tag = slug_after("tag/")) {
      found(store::Redirect::To::kTag, [&] { return store_.tag_by_slug(e.id, *tag); });
    } else if (auto author = slug_after("author/")) {
      found(store::Redirect::To::kAuthor, [&] { return store_.author_by_slug(e.id, *author); });
    } else if (auto page = slug_after("page/")) {
      found(store::Redirect::To::kPage, [&] { return store_.static_page_by_slug(e.id, *page); });
    } else if (rest.ends_with(".html") && rest.find('/') == std::string::npos) {
      const auto dash = rest.rfind('-');
      const core::Id id = core::parse_id(
          dash == std::string::npos ? rest : rest.substr(dash + 1, rest.size() - dash - 6));
      found(store::Redirect::To::kArticle, [&]() -> core::Result<core::Article> {
        auto a = id > 0 ? store_.article(id) : core::fail(core::not_found(""));
        if (a && a->edition_id != e.id) {
          return core::fail(core::not_found(""));
        }
        return a;
      });
    }
    break;  // the edition with the longest prefix owns the path
  }
  if (into.to != store::Redirect::To::kAddress) {
    into.address.clear();
  }
  return errors;
}

core::Result<store::Redirect> Newsroom::add_redirect(const core::User& actor,
                                                     const RedirectDraft& draft) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  store::Redirect r;
  if (const FieldErrors errors = check_redirect(draft, r); !errors.empty()) {
    return core::fail(core::invalid(errors.begin()->second, errors.begin()->first));
  }
  auto written = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto kept = s.save_redirect(r); !kept) {
      return kept;
    }
    auto logged = s.record({0, r.created_at, actor.id, "redirect-add", "redirect " + r.from,
                            r.address.empty() ? draft.to : r.address});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!written) {
    return core::fail(written.error());
  }
  return r;
}

core::Result<void> Newsroom::delete_redirect(const core::User& actor, std::string_view from) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  return store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto gone = s.delete_redirect(from); !gone) {
      if (gone.error().code == core::ErrorCode::kNotFound) {
        return core::fail(core::not_found("There is no such redirect."));
      }
      return gone;
    }
    auto logged =
        s.record({0, clock_.now(), actor.id, "delete", "redirect " + std::string(from), ""});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
}

}  // namespace tapchi::newsroom
