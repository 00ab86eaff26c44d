#include <gtest/gtest.h>

#include "core/core.h"

namespace tapchi::core {
namespace {

// The diff written one line per entry: "  same", "- removed", "+ added".
std::string written(const std::vector<DiffLine>& lines) {
  std::string out;
  for (const DiffLine& l : lines) {
    out += l.kind == DiffLine::Kind::kSame      ? "  "
           : l.kind == DiffLine::Kind::kRemoved ? "- "
                                                : "+ ";
    out += l.text + "\n";
  }
  return out;
}

TEST(DiffLines, SameTextsAreAllKept) {
  EXPECT_EQ(written(diff_lines("a\nb\nc", "a\nb\nc")), "  a\n  b\n  c\n");
  EXPECT_TRUE(diff_lines("", "").empty());
}

TEST(DiffLines, ShowsAChangedLineAsRemovedThenAdded) {
  EXPECT_EQ(written(diff_lines("Hà Nội\nmưa\nlạnh", "Hà Nội\nnắng\nlạnh")),
            "  Hà Nội\n- mưa\n+ nắng\n  lạnh\n");
}

TEST(DiffLines, FindsInsertionsAndDeletionsInTheMiddle) {
  EXPECT_EQ(written(diff_lines("a\nb\nc\nd\ne", "a\nx\nc\ne\nf")),
            "  a\n- b\n+ x\n  c\n- d\n  e\n+ f\n");
}

TEST(DiffLines, FromAndToEmptyText) {
  EXPECT_EQ(written(diff_lines("", "one\ntwo")), "+ one\n+ two\n");
  EXPECT_EQ(written(diff_lines("one\ntwo\n", "")), "- one\n- two\n");
}

TEST(DiffLines, IgnoresWindowsLineEnds) {
  EXPECT_EQ(written(diff_lines("a\r\nb\r\n", "a\nb\n")), "  a\n  b\n");
}

TEST(DiffLines, KeepsEveryLineOfBothSides) {
  std::string before, after;
  for (int i = 0; i < 300; ++i) {
    before += std::to_string(i * 2) + "\n";
    after += std::to_string(i * 3) + "\n";
  }
  int removed = 0, added = 0, same = 0;
  for (const DiffLine& l : diff_lines(before, after)) {
    (l.kind == DiffLine::Kind::kSame ? same : l.kind == DiffLine::Kind::kAdded ? added : removed)++;
  }
  // Multiples of 6 below 600 are in both: 0, 6, …, 594.
  EXPECT_EQ(same, 100);
  EXPECT_EQ(same + removed, 300);
  EXPECT_EQ(same + added, 300);
}

TEST(DiffLines, HugeMiddlesBecomeBlocks) {
  std::string before, after;
  for (int i = 0; i < 5000; ++i) {
    before += "old " + std::to_string(i) + "\n";
    after += "new " + std::to_string(i) + "\n";
  }
  const auto lines = diff_lines("top\n" + before + "end", "top\n" + after + "end");
  ASSERT_EQ(lines.size(), 10'002u);
  EXPECT_EQ(lines[1].kind, DiffLine::Kind::kRemoved);
  EXPECT_EQ(lines[5001].kind, DiffLine::Kind::kAdded);
  EXPECT_EQ(lines.back().text, "end");
}

}  // namespace
}  // namespace tapchi::core
