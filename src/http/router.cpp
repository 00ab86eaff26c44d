#include <algorithm>
#include <string>

#include "http/http.h"

namespace tapchi::http {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> segments;
  std::size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segments.emplace_back(path.substr(start));
      break;
    }
    segments.emplace_back(path.substr(start, slash - start));
    start = slash + 1;
    if (start == path.size()) {
      segments.emplace_back();  // the trailing slash is a segment of its own: "" matches ""
    }
  }
  return segments;
}

// Matches one segment against a pattern segment, capturing "{name}" (with optional suffix).
bool match_segment(const std::string& pattern, const std::string& segment, Router::Params& params) {
  if (pattern.size() < 2 || pattern.front() != '{') {
    return pattern == segment;
  }
  const auto close = pattern.find('}');
  const std::string name = pattern.substr(1, close - 1);
  const std::string suffix = pattern.substr(close + 1);
  if (segment.size() <= suffix.size() ||
      segment.compare(segment.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return false;
  }
  params.emplace_back(name, segment.substr(0, segment.size() - suffix.size()));
  return true;
}

}  // namespace

void Router::add(std::vector<Method> methods, std::string pattern, RouteHandler handler,
                 std::vector<std::string> varies) {
  std::vector<std::string> segments = split_path(pattern);
  routes_.push_back(Route{std::move(methods), std::move(pattern), std::move(segments),
                          std::move(handler), std::move(varies)});
}

Router::Match Router::match(Method method, std::string_view path) const {
  Match result;
  const std::vector<std::string> segments = split_path(path);
  for (std::size_t index = 0; index < routes_.size(); ++index) {
    const Route& route = routes_[index];
    if (route.segments.size() != segments.size()) {
      continue;
    }
    Params params;
    bool matched = true;
    for (std::size_t i = 0; i < segments.size() && matched; ++i) {
      matched = match_segment(route.segments[i], segments[i], params);
    }
    if (!matched) {
      continue;
    }
    if (std::find(route.methods.begin(), route.methods.end(), method) != route.methods.end()) {
      result.handler = &route.handler;
      result.params = std::move(params);
      result.varies = &route.varies;
      result.index = index;
      return result;
    }
    result.allowed.insert(result.allowed.end(), route.methods.begin(), route.methods.end());
  }
  return result;
}

std::vector<std::pair<std::vector<Method>, std::string>> Router::routes() const {
  std::vector<std::pair<std::vector<Method>, std::string>> out;
  for (const Route& route : routes_) {
    out.emplace_back(route.methods, route.pattern);
  }
  return out;
}

}  // namespace tapchi::http
