// Private to backup: a gzip-compressed POSIX tar (ustar) stream, written and read in chunks so
// that memory stays small whatever the files' sizes, and SHA-256 digests of what passes.
// Plain files only: the reader refuses links, devices and directories, so an archive can never
// write outside the directory it is restored into.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/core.h"

namespace tapchi::backup {

// A SHA-256 digest computed piece by piece.
class Digest {
 public:
  Digest();
  ~Digest();
  Digest(const Digest&) = delete;
  Digest& operator=(const Digest&) = delete;
  void add(std::string_view bytes);
  // The digest in lower-case hex; the object is spent after.
  std::string hex();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// What a file's bytes add up to as they pass.
struct Fingerprint {
  std::string sha256;  // lower-case hex
  std::int64_t size = 0;
};

class TarWriter {
 public:
  // Starts a compressed archive at `path`, which must not exist.
  static core::Result<std::unique_ptr<TarWriter>> create(const std::filesystem::path& path);
  ~TarWriter();
  TarWriter(const TarWriter&) = delete;
  TarWriter& operator=(const TarWriter&) = delete;

  // Adds the regular file `source` as `name` (relative, '/'-separated, at most 255 bytes),
  // reading it once. The size is taken as it is read, so a file that grows meanwhile is kept
  // as it was when first measured.
  core::Result<Fingerprint> add_file(std::string_view name, const std::filesystem::path& source);
  core::Result<Fingerprint> add_bytes(std::string_view name, std::string_view bytes);
  // Writes the end of the archive and flushes it to the disk.
  core::Result<void> finish();

 private:
  TarWriter() = default;
  core::Result<void> write(std::string_view bytes);
  core::Result<void> header(std::string_view name, std::int64_t size);
  struct Stream;
  std::unique_ptr<Stream> stream_;
  std::filesystem::path path_;
  std::int64_t position_ = 0;
};

struct TarEntry {
  std::string name;
  std::int64_t size = 0;
};

class TarReader {
 public:
  static core::Result<std::unique_ptr<TarReader>> open(const std::filesystem::path& path);
  ~TarReader();
  TarReader(const TarReader&) = delete;
  TarReader& operator=(const TarReader&) = delete;

  // The next entry's header, or nullopt at the end of the archive (after which the rest of
  // the compressed stream has been read and its checksum checked). Any entry but a plain file
  // with a safe relative name is refused.
  core::Result<std::optional<TarEntry>> next();
  // Passes the current entry's bytes to `sink` in pieces; call once per entry (next() skips
  // what is left unread).
  core::Result<void> read(const std::function<core::Result<void>(std::string_view)>& sink);

 private:
  TarReader() = default;
  core::Result<void> fill(char* into, std::size_t n);
  core::Result<void> skip_rest();
  struct Stream;
  std::unique_ptr<Stream> stream_;
  std::filesystem::path path_;
  std::int64_t left_ = 0;     // bytes of the current entry not yet read
  std::int64_t padding_ = 0;  // zero bytes after them, up to the next 512-byte block
  int entries_ = 0;           // headers read so far
};

// Whether `name` is a relative '/'-separated path without empty, "." or ".." segments, control
// characters or backslashes: safe to join to a directory.
bool is_safe_name(std::string_view name);

}  // namespace tapchi::backup
