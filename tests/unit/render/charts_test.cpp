// Bar charts drawn on the server: bars in proportion on a round axis, labels where asked,
// every text escaped.
#include <regex>

#include <gtest/gtest.h>

#include "render/render.h"

namespace tapchi::render {
namespace {

std::vector<std::string> all(const std::string& text, const std::string& pattern) {
  std::vector<std::string> out;
  const std::regex re(pattern);
  for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) {
    out.push_back((*it)[1].str());
  }
  return out;
}

TEST(BarChart, BarsStandInProportionOnARoundAxis) {
  BarChart c{"Views", {{"1", "day 1", 0}, {"2", "day 2", 30}, {"3", "day 3", 60}}, 1};
  const std::string svg = bar_chart_svg(c);
  EXPECT_EQ(all(svg, R"(<text class="axis" x="42" y="[0-9.]+" text-anchor="end">([0-9,]+)<)"),
            (std::vector<std::string>{"0", "50", "100"}));  // 60 rounds up to 100
  const auto heights = all(svg, R"re(<rect class="bar" [^>]*height="([0-9.]+)")re");
  ASSERT_EQ(heights.size(), 3u);
  EXPECT_EQ(std::stod(heights[0]), 0.0);
  EXPECT_NEAR(std::stod(heights[2]), 2 * std::stod(heights[1]), 0.2);
  EXPECT_EQ(all(svg, R"(<title>([^<]*)</title>)"),
            (std::vector<std::string>{"day 1: 0", "day 2: 30", "day 3: 60"}));
  EXPECT_NE(svg.find(R"(role="img" aria-label="Views")"), std::string::npos);
}

TEST(BarChart, AnOddTopHasNoHalfAndLabelsCountFromTheLast) {
  std::vector<ChartBar> bars;
  for (int i = 1; i <= 10; ++i) {
    bars.push_back({std::to_string(i), "d", i == 4 ? 5 : 1});
  }
  const std::string svg = bar_chart_svg({"x", bars, 3});
  EXPECT_EQ(all(svg, R"(text-anchor="end">([0-9,]+)<)"), (std::vector<std::string>{"0", "5"}));
  EXPECT_EQ(all(svg, R"(text-anchor="middle">([^<]*)<)"),
            (std::vector<std::string>{"1", "4", "7", "10"}));
}

TEST(BarChart, TextsAreEscapedAndBigNumbersGrouped) {
  const std::string svg = bar_chart_svg({"<script>", {{"<b>", "\"a\" & 'b'", 1'234'567}}, 1});
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("&quot;a&quot; &amp; &#39;b&#39;: 1,234,567"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">2,000,000<"), std::string::npos);
  EXPECT_EQ(grouped_number(-1234), "-1,234");
  EXPECT_EQ(grouped_number(999), "999");
}

}  // namespace
}  // namespace tapchi::render
