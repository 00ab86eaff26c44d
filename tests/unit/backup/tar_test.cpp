#include "backup/tar.h"

#include <array>
#include <cstdlib>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

namespace tapchi::backup {
namespace {

class Scratch : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           fmt::format("tapchi-tar-{}-{}", ::getpid(),
                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

std::string read_all(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_all(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
}

void gzip_to(const std::filesystem::path& file, const std::string& bytes) {
  gzFile gz = gzopen(file.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  ASSERT_EQ(gzwrite(gz, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  ASSERT_EQ(gzclose(gz), Z_OK);
}

// A ustar header written by hand, so that the reader meets what our writer never makes.
std::string raw_header(const std::string& name, char type, std::size_t size) {
  std::string b(512, '\0');
  b.replace(0, std::min<std::size_t>(name.size(), 100), name.substr(0, 100));
  b.replace(100, 7, "0000644");
  b.replace(108, 7, "0000000");
  b.replace(116, 7, "0000000");
  b.replace(124, 11, fmt::format("{:011o}", size));
  b.replace(136, 11, "00000000000");
  b[156] = type;
  b.replace(257, 6, std::string("ustar\0", 6));
  b.replace(263, 2, "00");
  int sum = 0;
  for (std::size_t i = 0; i < 512; ++i) {
    sum += (i >= 148 && i < 156) ? ' ' : static_cast<unsigned char>(b[i]);
  }
  b.replace(148, 8, fmt::format("{:06o}", sum) + std::string("\0 ", 2));
  return b;
}

std::string raw_file(const std::string& name, const std::string& body, char type = '0') {
  return raw_header(name, type, body.size()) + body +
         std::string((512 - body.size() % 512) % 512, '\0');
}

std::string raw_end() { return std::string(1024, '\0'); }

// Everything the reader takes from `archive`: names to contents; or the first refusal.
core::Result<std::map<std::string, std::string>> read_archive(
    const std::filesystem::path& archive) {
  auto reader = TarReader::open(archive);
  if (!reader) {
    return core::fail(reader.error());
  }
  std::map<std::string, std::string> files;
  for (;;) {
    auto entry = (*reader)->next();
    if (!entry) {
      return core::fail(entry.error());
    }
    if (!*entry) {
      return files;
    }
    std::string body;
    auto read = (*reader)->read([&](std::string_view piece) -> core::Result<void> {
      body += piece;
      return {};
    });
    if (!read) {
      return core::fail(read.error());
    }
    EXPECT_EQ(static_cast<std::int64_t>(body.size()), (*entry)->size);
    files[(*entry)->name] = body;
  }
}

std::string sha256(std::string_view bytes) {
  Digest d;
  d.add(bytes);
  return d.hex();
}

TEST(Digest, IsSha256) {
  EXPECT_EQ(sha256(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Digest pieces;
  pieces.add("a");
  pieces.add("bc");
  EXPECT_EQ(pieces.hex(), sha256("abc"));
}

TEST(SafeNames, OnlyRelativePathsThatStayInside) {
  for (const char* good : {"tapchi.db", "media/2026/11/a.jpg", "media/ảnh đẹp.jpg", "a..b"}) {
    EXPECT_TRUE(is_safe_name(good)) << good;
  }
  for (const char* bad : {"", "/etc/passwd", "../x", "media/../../x", "media//a", "media/./a",
                          "media/", "a\\b", "a\nb", "..", "."}) {
    EXPECT_FALSE(is_safe_name(bad)) << bad;
  }
  EXPECT_FALSE(is_safe_name(std::string(256, 'a')));
}

TEST_F(Scratch, WhatIsWrittenReadsBackByteForByteAndSystemTarAgrees) {
  const std::string big(1024 * 1024 + 1, 'x');
  write_all(dir_ / "big", big);
  const std::string deep =
      "media/" + std::string(60, 'd') + "/" + std::string(60, 'e') + "/photo.jpg";
  ASSERT_GT(deep.size(), 100u) << "a name that needs ustar's prefix field";
  auto w = TarWriter::create(dir_ / "a.tar.gz").value();
  EXPECT_EQ(w->add_file("tapchi.db", dir_ / "big").value().sha256, sha256(big));
  EXPECT_EQ(w->add_bytes(deep, "photo").value().size, 5);
  EXPECT_EQ(w->add_bytes("empty", "").value().size, 0);
  EXPECT_EQ(w->add_bytes("block", std::string(512, 'b')).value().size, 512);
  ASSERT_TRUE(w->finish().has_value());

  const auto files = read_archive(dir_ / "a.tar.gz").value();
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files.at("tapchi.db"), big);
  EXPECT_EQ(files.at(deep), "photo");
  EXPECT_EQ(files.at("empty"), "");
  EXPECT_EQ(files.at("block"), std::string(512, 'b'));

  // GNU tar reads it as the same files.
  const auto out = dir_ / "x";
  std::filesystem::create_directories(out);
  ASSERT_EQ(
      std::system(
          fmt::format("tar -xzf '{}' -C '{}'", (dir_ / "a.tar.gz").string(), out.string()).c_str()),
      0);
  EXPECT_EQ(read_all(out / "tapchi.db"), big);
  EXPECT_EQ(read_all(out / deep), "photo");
}

TEST_F(Scratch, TheWriterRefusesUnsafeNamesAndAnExistingFile) {
  write_all(dir_ / "there.tar.gz", "x");
  EXPECT_FALSE(TarWriter::create(dir_ / "there.tar.gz").has_value());
  EXPECT_EQ(read_all(dir_ / "there.tar.gz"), "x") << "nothing overwritten";
  auto w = TarWriter::create(dir_ / "b.tar.gz").value();
  EXPECT_FALSE(w->add_bytes("../escape", "x").has_value());
  EXPECT_FALSE(w->add_bytes("/abs", "x").has_value());
  EXPECT_FALSE(w->add_bytes(std::string(200, 'n'), "x").has_value()) << "no '/' to split at";
  EXPECT_EQ(w->add_file("gone", dir_ / "missing").error().code, core::ErrorCode::kNotFound);
}

TEST_F(Scratch, EveryOneByteDamageOrCutIsRefused) {
  auto w = TarWriter::create(dir_ / "c.tar.gz").value();
  std::string text;
  for (int i = 0; i < 4000; ++i) {
    text += fmt::format("line {} of a journal's database\n", i);
  }
  ASSERT_TRUE(w->add_bytes("tapchi.db", text).has_value());
  ASSERT_TRUE(w->finish().has_value());
  const std::string good = read_all(dir_ / "c.tar.gz");
  ASSERT_TRUE(read_archive(dir_ / "c.tar.gz").has_value());
  // One changed byte anywhere past the gzip header's free fields (time, flags, OS) is caught
  // by inflate's checks or the stream's CRC-32 and length.
  int refused = 0;
  int tried = 0;
  for (std::size_t at = 10; at < good.size(); at += std::max<std::size_t>(1, good.size() / 97)) {
    std::string bad = good;
    bad[at] = static_cast<char>(bad[at] ^ 0x20);
    write_all(dir_ / "bad.tar.gz", bad);
    ++tried;
    if (!read_archive(dir_ / "bad.tar.gz").has_value()) {
      ++refused;
    } else {
      ADD_FAILURE() << "a damaged byte at " << at << " of " << good.size() << " passed";
    }
  }
  EXPECT_EQ(refused, tried);
  for (const std::size_t keep :
       {good.size() - 1, good.size() - 8, good.size() / 2, std::size_t{12}}) {
    write_all(dir_ / "cut.tar.gz", good.substr(0, keep));
    const auto read = read_archive(dir_ / "cut.tar.gz");
    ASSERT_FALSE(read.has_value()) << "cut at " << keep;
    EXPECT_TRUE(read.error().message.starts_with("damaged") ||
                read.error().message.starts_with("incomplete"))
        << read.error().message;
  }
}

TEST_F(Scratch, HostileEntriesAreRefusedByName) {
  struct Case {
    std::string archive;
    std::string says;
  };
  const std::vector<Case> cases{
      {raw_file("../../etc/cron.d/x", "* * * * * root sh"), "leaves its directory"},
      {raw_file("/etc/passwd", "root::0:0"), "leaves its directory"},
      {raw_file("media/../../x", "x"), "leaves its directory"},
      {raw_file("media/link", "", '2'), "not a plain file"},
      {raw_file("media/hard", "", '1'), "not a plain file"},
      {raw_file("dev", "", '3'), "not a plain file"},
      {raw_file("media", "", '5'), "not a plain file"},
      {raw_file("pax", "path=../x\n", 'x'), "not a plain file"},
  };
  for (const Case& c : cases) {
    gzip_to(dir_ / "h.tar.gz", c.archive + raw_end());
    const auto read = read_archive(dir_ / "h.tar.gz");
    ASSERT_FALSE(read.has_value()) << c.says;
    EXPECT_NE(read.error().message.find(c.says), std::string::npos) << read.error().describe();
  }
  std::string bad_sum = raw_file("a", "x");
  bad_sum[0] = 'b';  // the header no longer adds up
  gzip_to(dir_ / "s.tar.gz", bad_sum + raw_end());
  EXPECT_NE(read_archive(dir_ / "s.tar.gz").error().message.find("checksum"), std::string::npos);
  gzip_to(dir_ / "after.tar.gz", raw_file("a", "x") + raw_end() + "trailing");
  EXPECT_NE(read_archive(dir_ / "after.tar.gz").error().message.find("after the end"),
            std::string::npos);
  write_all(dir_ / "plain.tar", raw_file("a", "x") + raw_end());
  EXPECT_NE(read_archive(dir_ / "plain.tar").error().message.find("not gzip"), std::string::npos);
}

}  // namespace
}  // namespace tapchi::backup
