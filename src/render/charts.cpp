// Bar charts drawn as SVG on the server: the dashboard's readership, readable without script.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "render/render.h"

namespace tapchi::render {

namespace {

// The chart's drawing area in the SVG's own units; the SVG scales to its box.
constexpr int kWidth = 640;
constexpr int kHeight = 200;
constexpr int kLeft = 48;   // room for the axis' numbers
constexpr int kRight = 20;  // room for the last day's label
constexpr int kTop = 10;
constexpr int kBottom = 176;  // the base line; day labels below it

// The smallest of 1, 2 or 5 times a power of ten that is at least `value` (at least 1), so that
// the axis reads in round numbers.
std::int64_t round_ceiling(std::int64_t value) {
  std::int64_t step = 1;
  while (true) {
    for (const std::int64_t m : {1, 2, 5}) {
      if (step * m >= value) {
        return step * m;
      }
    }
    if (step > INT64_MAX / 10) {
      return value;
    }
    step *= 10;
  }
}

std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  const std::size_t first = digits.size() % 3 == 0 ? 3 : digits.size() % 3;
  out += digits.substr(0, first);
  for (std::size_t i = first; i < digits.size(); i += 3) {
    out += ',';
    out += digits.substr(i, 3);
  }
  return out;
}

}  // namespace

std::string bar_chart_svg(const BarChart& chart) {
  std::int64_t top = 0;
  for (const ChartBar& b : chart.bars) {
    top = std::max(top, b.value);
  }
  top = round_ceiling(std::max<std::int64_t>(top, 1));
  std::string out =
      fmt::format(R"(<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" )"
                  R"(xmlns="http://www.w3.org/2000/svg">)",
                  kWidth, kHeight, escape_html(chart.title));
  // Grid lines and their numbers at 0, the top, and half of it when that is a whole number.
  std::vector<std::int64_t> ticks{0, top};
  if (top % 2 == 0) {
    ticks.insert(ticks.begin() + 1, top / 2);
  }
  for (const std::int64_t v : ticks) {
    const double y = kBottom - static_cast<double>(v) / static_cast<double>(top) * (kBottom - kTop);
    out += fmt::format(R"(<line class="grid" x1="{}" x2="{}" y1="{:.1f}" y2="{:.1f}"/>)"
                       R"(<text class="axis" x="{}" y="{:.1f}" text-anchor="end">{}</text>)",
                       kLeft, kWidth - kRight, y, y, kLeft - 6, y + 4, grouped_number(v));
  }
  const std::size_t n = std::max<std::size_t>(chart.bars.size(), 1);
  const double slot = static_cast<double>(kWidth - kLeft - kRight) / static_cast<double>(n);
  const double bar = std::max(1.0, slot * 0.7);
  const int every = std::max(chart.label_every, 1);
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    const ChartBar& b = chart.bars[i];
    const double h = static_cast<double>(b.value) / static_cast<double>(top) * (kBottom - kTop);
    const double x = kLeft + slot * static_cast<double>(i) + (slot - bar) / 2;
    out += fmt::format(R"(<rect class="bar" x="{:.1f}" y="{:.1f}" width="{:.1f}" height="{:.1f}">)"
                       R"(<title>{}: {}</title></rect>)",
                       x, kBottom - h, bar, h, escape_html(b.title), grouped_number(b.value));
    // Labels under every `every`-th bar, counted from the last, so the newest is labelled.
    if ((chart.bars.size() - 1 - i) % static_cast<std::size_t>(every) == 0) {
      out += fmt::format(R"(<text class="axis" x="{:.1f}" y="{}" text-anchor="middle">{}</text>)",
                         x + bar / 2, kHeight - 6, escape_html(b.label));
    }
  }
  out += "</svg>";
  return out;
}

std::string grouped_number(std::int64_t n) {
  return n < 0 ? "-" + grouped(0 - static_cast<std::uint64_t>(n))
               : grouped(static_cast<std::uint64_t>(n));
}

}  // namespace tapchi::render
