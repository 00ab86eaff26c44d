#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/core.h"

namespace tapchi::core {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto end = text.find('\n');
    if (end == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) {
      line.remove_suffix(1);
    }
    lines.push_back(line);
    text.remove_prefix(end + 1);
  }
  return lines;
}

constexpr std::size_t kMaxMiddleLines = 4000;

}  // namespace

std::vector<DiffLine> diff_lines(std::string_view before, std::string_view after) {
  const auto a = split_lines(before);
  const auto b = split_lines(after);
  // What both texts start and end with needs no table.
  std::size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) {
    ++head;
  }
  std::size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head &&
         a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) {
    ++tail;
  }
  std::vector<DiffLine> out;
  const auto emit = [&](DiffLine::Kind kind, std::string_view line) {
    out.push_back({kind, std::string(line)});
  };
  for (std::size_t i = 0; i < head; ++i) {
    emit(DiffLine::Kind::kSame, a[i]);
  }
  const std::size_t n = a.size() - head - tail;
  const std::size_t m = b.size() - head - tail;
  if (n > kMaxMiddleLines || m > kMaxMiddleLines) {
    for (std::size_t i = 0; i < n; ++i) {
      emit(DiffLine::Kind::kRemoved, a[head + i]);
    }
    for (std::size_t j = 0; j < m; ++j) {
      emit(DiffLine::Kind::kAdded, b[head + j]);
    }
  } else {
    // lcs[i][j]: the longest common subsequence of the middles' suffixes from i and j.
    std::vector<std::uint16_t> lcs((n + 1) * (m + 1), 0);
    const auto at = [&](std::size_t i, std::size_t j) -> std::uint16_t& {
      return lcs[i * (m + 1) + j];
    };
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        at(i, j) = a[head + i] == b[head + j] ? static_cast<std::uint16_t>(at(i + 1, j + 1) + 1)
                                              : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        emit(DiffLine::Kind::kSame, a[head + i]);
        ++i;
        ++j;
      } else if (j == m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
        emit(DiffLine::Kind::kRemoved, a[head + i]);
        ++i;
      } else {
        emit(DiffLine::Kind::kAdded, b[head + j]);
        ++j;
      }
    }
  }
  for (std::size_t i = a.size() - tail; i < a.size(); ++i) {
    emit(DiffLine::Kind::kSame, a[i]);
  }
  return out;
}

}  // namespace tapchi::core
