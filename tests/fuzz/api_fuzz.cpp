// What the JSON API reads from a request: its query parameters (the Content API's fields=,
// include=, format=, limit=, page=, times and cursor) and its JSON body (the Admin API's article
// fields and action). The input's first line is the query string, the rest the body.
// Properties: every reader either accepts or answers a problem (application/problem+json) with
// the status the API documents, naming the parameter or field to blame, and never throws; what
// is accepted is within its bounds; an accepted body holds no NUL; an accepted time and cursor
// read back to themselves once written; an accepted article field holds what the body sent.
#include <algorithm>
#include <string>

#include <nlohmann/json.hpp>

#include "api/admin_body.h"
#include "api/params.h"
#include "core/core.h"
#include "fuzz_check.h"

namespace {

namespace api = tapchi::api;
namespace core = tapchi::core;
namespace http = tapchi::http;
using tapchi::fuzz::expect;
using json = api::json;

// Checks that `r` is a problem with `status` naming one of `fields` (any field when empty).
void expect_problem(const http::Response& r, int status, std::initializer_list<std::string> fields,
                    std::string_view input) {
  expect(r.status == status, "a refusal with another status", input);
  bool is_problem = false;
  for (const auto& [name, value] : r.headers) {
    is_problem =
        is_problem || (name == "Content-Type" && value.starts_with("application/problem+json"));
  }
  expect(is_problem, "a refusal that is not a problem", input);
  const json body = json::parse(r.body, nullptr, false);
  expect(body.is_object() && body.value("status", 0) == status,
         "a problem whose body does not parse or says another status", input);
  if (fields.size() != 0) {
    const std::string field = body.value("field", "");
    expect(std::find(fields.begin(), fields.end(), field) != fields.end(),
           "a problem blaming another field", input);
  }
}

template <typename T>
const T* accepted(const std::variant<T, http::Response>& read, int status,
                  std::initializer_list<std::string> fields, std::string_view input) {
  if (const auto* refused = std::get_if<http::Response>(&read)) {
    expect_problem(*refused, status, fields, input);
    return nullptr;
  }
  return &std::get<T>(read);
}

// A temporary's value would not outlive the call.
template <typename T>
const T* accepted(const std::variant<T, http::Response>&& read, int status,
                  std::initializer_list<std::string> fields, std::string_view input) = delete;

void check_query(const http::Request& req, std::string_view input) {
  for (const bool is_list : {true, false}) {
    const auto shaped = api::shape_of(req, is_list);
    if (const api::Shape* shape = accepted(shaped, 422, {"fields", "include", "format"}, input)) {
      expect(shape->format == "html" || shape->format == "markdown" || shape->format == "plaintext",
             "an accepted format that is none of the three", input);
      expect(!is_list || !shape->fields.empty(), "a list shape without its fields", input);
      expect(shape->include.size() <= 4, "more includes than there are", input);
    }
  }
  const auto limited = api::limit_of(req);
  if (const int* limit = accepted(limited, 422, {"limit"}, input)) {
    expect(*limit >= 1 && *limit <= api::kMaxLimit, "an accepted limit out of bounds", input);
  }
  const auto paged = api::page_of(req);
  if (const int* page = accepted(paged, 422, {"page"}, input)) {
    expect(*page >= 1 && *page <= 100'000, "an accepted page out of bounds", input);
  }
  using Time = std::optional<core::Instant>;
  const auto timed = api::time_param(req, "updated_after");
  if (const Time* t = accepted(timed, 422, {"updated_after"}, input); t != nullptr && *t) {
    expect(core::parse_instant(core::format_iso8601(**t)).value() == **t,
           "an accepted time that does not read back", input);
  }
  const std::string cursor = req.query_param("cursor").value_or("");
  for (const std::string_view text : {std::string_view(cursor), input}) {
    if (const auto c = api::parse_cursor(text)) {
      expect(c->second > 0, "a cursor with an id that is not positive", input);
      core::Article a;
      a.published_at = c->first;
      a.id = c->second;
      expect(api::parse_cursor(api::cursor_after(a)) == c, "a cursor that does not read back",
             input);
    }
  }
}

// Whether a name or text in `j` holds a NUL (inputs are at most a few KiB: recursion is fine).
bool holds_nul(const json& j) {
  if (j.is_string()) {
    return j.get_ref<const std::string&>().find('\0') != std::string::npos;
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if ((j.is_object() && it.key().find('\0') != std::string::npos) ||
        ((it->is_structured() || it->is_string()) && holds_nul(*it))) {
      return true;
    }
  }
  return false;
}

void check_body(const std::string& body, std::string_view input) {
  http::Request req;
  req.method = http::Method::kPost;
  req.headers = {{"content-type", "text/plain"}};
  req.body = body;
  const auto refused = api::body_of(req);
  expect(std::holds_alternative<http::Response>(refused), "a body accepted as text/plain", input);
  expect_problem(std::get<http::Response>(refused), 415, {}, input);
  req.headers = {{"content-type", "application/json"}};
  const auto parsed = api::body_of(req);
  const json* j = accepted(parsed, 400, {}, input);
  if (j == nullptr) {
    return;
  }
  expect(j->is_object(), "an accepted body that is no object", input);
  expect(!holds_nul(*j), "an accepted body holding a NUL", input);
  static const core::Zone zone = core::Zone::locate("Asia/Ho_Chi_Minh").value();
  tapchi::newsroom::ArticleDraft draft;
  if (const auto wrong = api::read_draft(*j, draft, zone)) {
    const json problem = json::parse(wrong->body);
    expect_problem(*wrong, 422, {}, input);
    expect(j->contains(problem.value("field", "")), "a refused draft blaming a field not sent",
           input);
  } else {
    for (const auto& [name, into] :
         {std::pair{"title", &draft.title}, {"lead", &draft.lead}, {"body", &draft.body}}) {
      if (j->contains(name) && (*j)[name].is_string()) {
        expect((*j)[name].get<std::string>() == *into, "a text field read as something else",
               input);
      }
    }
    const auto publish_at = j->find("publish_at");
    if (publish_at != j->end() && publish_at->is_string() &&
        !publish_at->get_ref<const std::string&>().empty()) {  // "" is no time
      expect(draft.publish_at.has_value(), "an accepted publish_at not read", input);
    }
  }
  const auto action = api::action_of(*j, "save");
  if (const auto* wrong = std::get_if<http::Response>(&action)) {
    expect_problem(*wrong, 422, {"action"}, input);
  }
  std::string code;
  std::string wrong;
  if (!api::take(*j, "edition", code, wrong)) {
    expect(wrong == "edition", "take blaming another field", input);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = tapchi::fuzz::as_text(data, size);
  const auto newline = input.find('\n');
  http::Request req;
  req.path = "/api/v1/articles";
  req.query = std::string(input.substr(0, newline));
  check_query(req, input);
  check_body(
      newline == std::string_view::npos ? std::string() : std::string(input.substr(newline + 1)),
      input);
  return 0;
}
