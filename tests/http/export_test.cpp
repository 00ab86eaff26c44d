#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "tests/http/harness.h"

namespace tapchi::testing {
namespace {

// Every file under `dir` by its path relative to it, with its bytes.
std::map<std::string, std::string> tree(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      std::ifstream in(entry.path(), std::ios::binary);
      files[std::filesystem::relative(entry.path(), dir).generic_string()] = {
          std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
  }
  return files;
}

TEST(MarkdownExport, ImportingTheExportAndExportingAgainGivesTheSameFiles) {
  TempDir dir("export");
  copy_journal(dir.path() / "j");
  const std::string config = (dir.path() / "j" / "tapchi.toml").string();
  const auto first = dir.path() / "first";
  const CommandResult exported =
      run_tapchi({"export", "markdown", first.string(), "--config", config});
  ASSERT_EQ(exported.exit_code, 0) << exported.out;
  const std::string published = query(dir.path() / "j" / "data" / "tapchi.db",
                                      "SELECT COUNT(*) FROM articles WHERE status = 'published'")
                                    .at(0)
                                    .at(0);
  EXPECT_NE(exported.out.find("Exported " + published + " articles"), std::string::npos)
      << exported.out;
  const auto files = tree(first);
  int markdown = 0;
  for (const auto& [name, bytes] : files) {
    markdown += name.ends_with(".md") ? 1 : 0;
  }
  EXPECT_EQ(std::to_string(markdown), published);
  EXPECT_GT(files.size(), static_cast<std::size_t>(markdown)) << "photos come with the articles";

  // Into a fresh journal with the same editions, and out again.
  ASSERT_EQ(run_tapchi({"init", (dir.path() / "k").string()}).exit_code, 0);
  const std::string fresh = (dir.path() / "k" / "tapchi.toml").string();
  const CommandResult imported =
      run_tapchi({"import", "markdown", first.string(), "--config", fresh});
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  const auto second = dir.path() / "second";
  ASSERT_EQ(run_tapchi({"export", "markdown", second.string(), "--config", fresh}).exit_code, 0);
  const auto again = tree(second);
  ASSERT_EQ(again.size(), files.size());
  for (const auto& [name, bytes] : files) {
    ASSERT_TRUE(again.contains(name)) << name;
    EXPECT_TRUE(again.at(name) == bytes) << name << " differs:\n" << again.at(name).substr(0, 600);
  }

  // Never into a directory that holds something.
  const CommandResult refused =
      run_tapchi({"export", "markdown", first.string(), "--config", config});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.out.find("is not empty"), std::string::npos) << refused.out;
}

}  // namespace
}  // namespace tapchi::testing
