#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>

#include "site/site_impl.h"

namespace tapchi::site {

namespace {

constexpr std::size_t kSnippetChars = 220;

// "2024-05-07" → its fields, or nullopt when it is no such date.
std::optional<std::array<int, 3>> parse_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  std::array<int, 3> out{};
  const std::pair<std::size_t, std::size_t> fields[] = {{0, 4}, {5, 2}, {8, 2}};
  for (std::size_t k = 0; k < 3; ++k) {
    const std::string_view digits = text.substr(fields[k].first, fields[k].second);
    if (digits.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::nullopt;
    }
    out[k] = std::stoi(std::string(digits));
  }
  const int days_in_month[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (out[0] < 1 || out[1] < 1 || out[1] > 12 || out[2] < 1 || out[2] > days_in_month[out[1] - 1]) {
    return std::nullopt;
  }
  return out;
}

std::string_view problem_key(search::QueryProblem p) {
  switch (p) {
    case search::QueryProblem::kEmpty:
      return "query_empty";
    case search::QueryProblem::kOnlyExclusions:
      return "query_only_exclusions";
    case search::QueryProblem::kTooLong:
      return "query_too_long";
    case search::QueryProblem::kNotText:
      return "query_not_text";
    case search::QueryProblem::kNone:
      break;
  }
  return {};
}

std::vector<render::TextPiece> pieces(const std::vector<search::Fragment>& fragments) {
  std::vector<render::TextPiece> out;
  for (const search::Fragment& f : fragments) {
    out.push_back({f.text, f.is_match});
  }
  return out;
}

bool has_match(const std::vector<search::Fragment>& fragments) {
  return std::any_of(fragments.begin(), fragments.end(),
                     [](const search::Fragment& f) { return f.is_match; });
}

}  // namespace

std::string normalized_query(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out += ' ';
      pending_space = false;
    }
    out += c;
  }
  return core::is_valid_utf8(out) ? core::nfc(out) : out;
}

http::Response Site::Impl::search(const core::Edition& e, const http::Request& req) const {
  const auto number = page_number(req);
  if (!number) {
    return not_found(e);
  }
  const std::string path = search_href(e);
  render::SearchView v;
  v.query = normalized_query(req.query_param("q").value_or(""));
  v.action = path;
  v.from = req.query_param("from").value_or("");
  v.to = req.query_param("to").value_or("");
  v.is_newest_first = req.query_param("sort") == "newest";
  const std::string section_slug = req.query_param("section").value_or("");
  const std::string author_slug = req.query_param("author").value_or("");

  const core::Instant now = clock.now();
  const core::Zone zone = current()->zone;
  store::SearchQuery q;
  q.edition_id = e.id;
  q.now = now;
  q.is_newest_first = v.is_newest_first;
  q.limit = options.page_size;
  q.offset = (*number - 1) * options.page_size;
  const SectionMap sections = section_map(e);
  for (const core::Section* s : ordered(sections)) {
    const bool is_chosen = s->slug == section_slug;
    v.section_options.push_back({s->slug, s->name, is_chosen});
    q.section_id = is_chosen ? s->id : q.section_id;
  }
  for (const core::Author& a : need(store.authors_of(e.id))) {
    const bool is_chosen = a.slug == author_slug;
    v.author_options.push_back({a.slug, a.name, is_chosen});
    q.author_id = is_chosen ? a.id : q.author_id;
  }
  // A section or author this edition does not have filters everything out.
  constexpr core::Id kNone = -1;
  if (!section_slug.empty() && q.section_id == 0) {
    q.section_id = kNone;
  }
  if (!author_slug.empty() && q.author_id == 0) {
    q.author_id = kNone;
  }
  const auto day_filter = [&](const std::string& text, int extra_days,
                              std::optional<core::Instant>& into) {
    if (text.empty()) {
      return;
    }
    if (const auto day = parse_day(text)) {
      into = zone.from_local((*day)[0], (*day)[1], (*day)[2]) + std::chrono::hours{24 * extra_days};
    } else if (std::find(v.messages.begin(), v.messages.end(), "bad_date") == v.messages.end()) {
      v.messages.emplace_back("bad_date");
    }
  };
  day_filter(v.from, 0, q.published_from);
  day_filter(v.to, 1, q.published_until);  // the whole last day
  v.has_filters =
      !section_slug.empty() || !author_slug.empty() || q.published_from || q.published_until;

  q.query = search::parse_query(v.query);
  if (q.query.problem != search::QueryProblem::kNone) {
    v.messages.insert(v.messages.begin(), std::string(problem_key(q.query.problem)));
  } else {
    if (q.query.is_shortened) {
      v.messages.insert(v.messages.begin(), "query_shortened");
    }
    v.has_searched = true;
    const store::SearchPage found = need(store.search(q));
    v.total = found.total;
    v.is_more = found.is_more;
    v.page_count = std::max(1, (found.total + options.page_size - 1) / options.page_size);
    if (*number > v.page_count) {
      return not_found(e);
    }
    std::vector<core::Article> articles;
    for (const store::SearchHit& hit : found.hits) {
      articles.push_back(hit.article);
    }
    v.hits = teasers(e, articles, sections, false);
    for (std::size_t k = 0; k < found.hits.size(); ++k) {
      const store::SearchHit& hit = found.hits[k];
      auto fragments = search::snippet(hit.text, q.query, e.language, kSnippetChars);
      if (!has_match(fragments) && !hit.article.lead.empty()) {
        fragments = search::snippet(hit.article.lead, q.query, e.language, kSnippetChars);
      }
      v.hits[k].snippet = pieces(fragments);
      v.hits[k].marked_title =
          pieces(search::snippet(hit.article.title, q.query, e.language, hit.article.title.size()));
    }
  }
  v.page = *number;

  // Links keep the words and filters; only the page changes.
  std::string base = path + "?q=" + http::percent_encode_path(v.query);
  v.without_filters_href = base;
  for (const auto& [name, value] :
       {std::pair<const char*, const std::string&>{"section", section_slug},
        {"author", author_slug},
        {"from", v.from},
        {"to", v.to}}) {
    if (!value.empty()) {
      base += fmt::format("&{}={}", name, http::percent_encode_path(value));
    }
  }
  if (v.is_newest_first) {
    base += "&sort=newest";
  }
  if (*number > 1) {
    v.prev_href = *number == 2 ? base : fmt::format("{}&page={}", base, *number - 1);
  }
  if (*number < v.page_count) {
    v.next_href = fmt::format("{}&page={}", base, *number + 1);
  }

  const bool is_english = e.date_style == core::DateStyle::kEnglish;
  const std::string heading = is_english ? "Search" : "Tìm kiếm";
  std::string title = v.query.empty() ? heading : fmt::format("{}: {}", heading, v.query);
  if (*number > 1) {
    title += fmt::format(" ({})", *number);
  }
  v.frame =
      frame(e, sections, title, *number > 1 ? fmt::format("{}&page={}", base, *number) : base);
  v.frame.search_query = v.query;
  v.frame.description =
      v.query.empty()
          ? (is_english ? "Search the articles of " : "Tìm bài viết trên ") + v.frame.site_name
          : fmt::format(
                fmt::runtime(is_english ? "Articles of {} about {}" : "Bài viết trên {} về {}"),
                v.frame.site_name, v.query);
  return page(e, v.frame, theme->search(v));
}

}  // namespace tapchi::site
