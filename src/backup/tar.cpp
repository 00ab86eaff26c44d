#include "backup/tar.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>

#include <fcntl.h>
#include <fmt/format.h>
#include <sodium.h>
#include <unistd.h>
#include <zlib.h>

namespace tapchi::backup {

namespace {

constexpr std::size_t kBlock = 512;
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::int64_t kLargestOctal = 077777777777;  // what 11 octal digits hold

// Field offsets and sizes of a ustar header.
struct Field {
  std::size_t at;
  std::size_t size;
};
constexpr Field kName{0, 100};
constexpr Field kMode{100, 8};
constexpr Field kUid{108, 8};
constexpr Field kGid{116, 8};
constexpr Field kSize{124, 12};
constexpr Field kMtime{136, 12};
constexpr Field kChecksum{148, 8};
constexpr Field kType{156, 1};
constexpr Field kMagic{257, 6};
constexpr Field kVersion{263, 2};
constexpr Field kPrefix{345, 155};

using Block = std::array<char, kBlock>;

void put(Block& b, Field f, std::string_view text) {
  std::copy_n(text.data(), std::min(text.size(), f.size), b.data() + f.at);
}

// `value` in octal, zero-padded to the field's width less its terminating NUL.
void put_octal(Block& b, Field f, std::int64_t value) {
  put(b, f, fmt::format("{:0{}o}", value, f.size - 1));
}

// The sum of the header's bytes with its checksum field counted as spaces.
std::int64_t header_sum(const Block& b) {
  std::int64_t sum = 0;
  for (std::size_t i = 0; i < kBlock; ++i) {
    const bool in_checksum = i >= kChecksum.at && i < kChecksum.at + kChecksum.size;
    sum += in_checksum ? ' ' : static_cast<unsigned char>(b[i]);
  }
  return sum;
}

std::string_view field_text(const Block& b, Field f) {
  std::string_view text(b.data() + f.at, f.size);
  return text.substr(0, std::min(text.find('\0'), text.size()));
}

// A numeric field: octal digits (with leading spaces and a NUL or space after), or GNU's
// base-256 form for values past what the digits hold.
std::optional<std::int64_t> read_number(const Block& b, Field f) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(b.data() + f.at);
  if ((bytes[0] & 0x80) != 0) {
    if (bytes[0] != 0x80) {
      return std::nullopt;  // negative or too large for us
    }
    std::uint64_t value = 0;
    for (std::size_t i = 1; i < f.size; ++i) {
      if (value >> 55 != 0) {
        return std::nullopt;
      }
      value = value << 8 | bytes[i];
    }
    return static_cast<std::int64_t>(value);
  }
  std::size_t i = 0;
  while (i < f.size && bytes[i] == ' ') {
    ++i;
  }
  std::int64_t value = 0;
  bool any = false;
  for (; i < f.size && bytes[i] >= '0' && bytes[i] <= '7'; ++i) {
    value = value * 8 + (bytes[i] - '0');
    any = true;
  }
  if (!any || (i < f.size && bytes[i] != '\0' && bytes[i] != ' ')) {
    return std::nullopt;
  }
  return value;
}

core::Error os_error(std::string_view what, const std::filesystem::path& path) {
  return core::internal(fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(errno)));
}

// The zlib stream's own account of what went wrong, or `fallback`.
std::string gz_message(gzFile gz, std::string_view fallback) {
  int code = Z_OK;
  const char* message = gzerror(gz, &code);
  return code != Z_OK && message != nullptr && *message != '\0' ? std::string(message)
                                                                : std::string(fallback);
}

}  // namespace

struct Digest::State {
  crypto_hash_sha256_state sha;
};

Digest::Digest() : state_(std::make_unique<State>()) { crypto_hash_sha256_init(&state_->sha); }
Digest::~Digest() = default;

void Digest::add(std::string_view bytes) {
  crypto_hash_sha256_update(&state_->sha, reinterpret_cast<const unsigned char*>(bytes.data()),
                            bytes.size());
}

std::string Digest::hex() {
  std::array<unsigned char, crypto_hash_sha256_BYTES> out{};
  crypto_hash_sha256_final(&state_->sha, out.data());
  std::string text;
  for (unsigned char c : out) {
    text += fmt::format("{:02x}", c);
  }
  return text;
}

bool is_safe_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name.front() == '/' || name.back() == '/') {
    return false;
  }
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || c == '\\') {
      return false;
    }
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string_view segment = name.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") {
      return false;
    }
    start = end + 1;
  }
  return true;
}

// ---- writing

struct TarWriter::Stream {
  gzFile gz = nullptr;
  int fd = -1;  // a second descriptor of the file, to flush it to the disk after gzclose
  std::int64_t mtime = 0;
  ~Stream() {
    if (gz != nullptr) {
      gzclose(gz);
    }
    if (fd >= 0) {
      ::close(fd);
    }
  }
};

core::Result<std::unique_ptr<TarWriter>> TarWriter::create(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return core::fail(os_error("create", path));
  }
  std::unique_ptr<TarWriter> w(new TarWriter());
  w->path_ = path;
  w->stream_ = std::make_unique<Stream>();
  w->stream_->fd = ::dup(fd);
  // Level 1: most of a journal is JPEG and WebP, which do not shrink; the database does,
  // nearly as well as at higher levels, at several times the speed.
  w->stream_->gz = gzdopen(fd, "wb1");
  if (w->stream_->gz == nullptr || w->stream_->fd < 0) {
    ::close(fd);
    return core::fail(core::internal("cannot start compressing " + path.string()));
  }
  gzbuffer(w->stream_->gz, kChunk);
  w->stream_->mtime = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return w;
}

TarWriter::~TarWriter() = default;

core::Result<void> TarWriter::write(std::string_view bytes) {
  while (!bytes.empty()) {
    const auto n = static_cast<unsigned>(std::min(bytes.size(), kChunk));
    if (gzwrite(stream_->gz, bytes.data(), n) != static_cast<int>(n)) {
      return core::fail(
          core::internal("cannot write " + path_.string() + ": " + gz_message(stream_->gz, "")));
    }
    bytes.remove_prefix(n);
    position_ += n;
  }
  return {};
}

core::Result<void> TarWriter::header(std::string_view name, std::int64_t size) {
  if (!is_safe_name(name)) {
    return core::fail(core::invalid("cannot archive a file under this name", std::string(name)));
  }
  Block b{};
  if (name.size() <= kName.size) {
    put(b, kName, name);
  } else {
    // ustar keeps longer names as a prefix and a name, split at a '/'.
    std::size_t split = name.rfind('/', kPrefix.size);
    while (split != std::string_view::npos && name.size() - split - 1 > kName.size) {
      split = split == 0 ? std::string_view::npos : name.rfind('/', split - 1);
    }
    if (split == std::string_view::npos || split == 0) {
      return core::fail(core::invalid("name too long to archive", std::string(name)));
    }
    put(b, kPrefix, name.substr(0, split));
    put(b, kName, name.substr(split + 1));
  }
  put_octal(b, kMode, 0644);
  put_octal(b, kUid, 0);
  put_octal(b, kGid, 0);
  if (size <= kLargestOctal) {
    put_octal(b, kSize, size);
  } else {
    auto* bytes = reinterpret_cast<unsigned char*>(b.data() + kSize.at);
    bytes[0] = 0x80;
    auto value = static_cast<std::uint64_t>(size);
    for (std::size_t i = kSize.size - 1; i > 0; --i, value >>= 8) {
      bytes[i] = static_cast<unsigned char>(value & 0xff);
    }
  }
  put_octal(b, kMtime, stream_->mtime);
  put(b, kType, "0");
  put(b, kMagic, std::string_view("ustar\0", 6));
  put(b, kVersion, "00");
  put(b, kChecksum, fmt::format("{:06o}", header_sum(b)));
  b[kChecksum.at + 6] = '\0';
  b[kChecksum.at + 7] = ' ';
  return write({b.data(), b.size()});
}

core::Result<Fingerprint> TarWriter::add_bytes(std::string_view name, std::string_view bytes) {
  TAPCHI_TRY(header(name, static_cast<std::int64_t>(bytes.size())));
  TAPCHI_TRY(write(bytes));
  TAPCHI_TRY(write(std::string(kBlock - 1 - (bytes.size() + kBlock - 1) % kBlock, '\0')));
  Digest d;
  d.add(bytes);
  return Fingerprint{d.hex(), static_cast<std::int64_t>(bytes.size())};
}

core::Result<Fingerprint> TarWriter::add_file(std::string_view name,
                                              const std::filesystem::path& source) {
  std::ifstream in(source, std::ios::binary);
  std::error_code ec;
  const auto measured = std::filesystem::file_size(source, ec);
  if (!in || ec) {
    return core::fail(core::not_found("cannot read " + source.string()));
  }
  const auto size = static_cast<std::int64_t>(measured);
  TAPCHI_TRY(header(name, size));
  Digest d;
  std::string chunk(kChunk, '\0');
  std::int64_t left = size;
  while (left > 0) {
    const auto want = static_cast<std::streamsize>(std::min<std::int64_t>(left, kChunk));
    in.read(chunk.data(), want);
    if (in.gcount() != want) {
      // The file shrank after it was measured: its header has promised bytes it no longer has.
      return core::fail(core::conflict(source.string() + " changed while it was being archived"));
    }
    const std::string_view piece(chunk.data(), static_cast<std::size_t>(want));
    d.add(piece);
    TAPCHI_TRY(write(piece));
    left -= want;
  }
  TAPCHI_TRY(write(std::string((kBlock - size % kBlock) % kBlock, '\0')));
  return Fingerprint{d.hex(), size};
}

core::Result<void> TarWriter::finish() {
  TAPCHI_TRY(write(std::string(2 * kBlock, '\0')));
  gzFile gz = stream_->gz;
  stream_->gz = nullptr;
  if (gzclose(gz) != Z_OK) {
    return core::fail(core::internal("cannot finish " + path_.string()));
  }
  if (::fsync(stream_->fd) != 0) {
    return core::fail(os_error("flush", path_));
  }
  return {};
}

// ---- reading

struct TarReader::Stream {
  gzFile gz = nullptr;
  ~Stream() {
    if (gz != nullptr) {
      gzclose(gz);
    }
  }
};

core::Result<std::unique_ptr<TarReader>> TarReader::open(const std::filesystem::path& path) {
  std::unique_ptr<TarReader> r(new TarReader());
  r->path_ = path;
  r->stream_ = std::make_unique<Stream>();
  // gzopen reads a file that is not compressed as it is; a backup always is, so check first.
  std::ifstream probe(path, std::ios::binary);
  std::array<unsigned char, 2> magic{};
  probe.read(reinterpret_cast<char*>(magic.data()), magic.size());
  if (!probe) {
    return core::fail(core::not_found("cannot read " + path.string()));
  }
  if (magic[0] != 0x1f || magic[1] != 0x8b) {
    return core::fail(core::invalid("not a tapchi backup (not gzip-compressed)", path.string()));
  }
  r->stream_->gz = gzopen(path.c_str(), "rb");
  if (r->stream_->gz == nullptr) {
    return core::fail(os_error("open", path));
  }
  gzbuffer(r->stream_->gz, kChunk);
  return r;
}

TarReader::~TarReader() = default;

core::Result<void> TarReader::fill(char* into, std::size_t n) {
  while (n > 0) {
    const int got = gzread(stream_->gz, into, static_cast<unsigned>(std::min(n, kChunk)));
    if (got <= 0) {
      return core::fail(core::invalid(
          got < 0 ? "damaged: " + gz_message(stream_->gz, "the compressed data is corrupt")
                  : "incomplete: the archive ends in the middle of a file",
          path_.string()));
    }
    into += got;
    n -= static_cast<std::size_t>(got);
  }
  return {};
}

core::Result<void> TarReader::skip_rest() {
  std::string chunk(kChunk, '\0');
  while (left_ + padding_ > 0) {
    const auto n = static_cast<std::size_t>(std::min<std::int64_t>(left_ + padding_, kChunk));
    TAPCHI_TRY(fill(chunk.data(), n));
    const auto from_left = std::min<std::int64_t>(left_, static_cast<std::int64_t>(n));
    left_ -= from_left;
    padding_ -= static_cast<std::int64_t>(n) - from_left;
  }
  return {};
}

core::Result<std::optional<TarEntry>> TarReader::next() {
  TAPCHI_TRY(skip_rest());
  Block b{};
  TAPCHI_TRY(fill(b.data(), b.size()));
  if (std::all_of(b.begin(), b.end(), [](char c) { return c == '\0'; })) {
    // The end: a second zero block, then nothing but zeros up to the compressed stream's end,
    // whose checksum gzread checks when it reaches it.
    TAPCHI_TRY(fill(b.data(), b.size()));
    std::string chunk(kChunk, '\0');
    for (;;) {
      const int got = gzread(stream_->gz, chunk.data(), static_cast<unsigned>(chunk.size()));
      if (got < 0) {
        return core::fail(
            core::invalid("damaged: " + gz_message(stream_->gz, "the compressed data is corrupt"),
                          path_.string()));
      }
      if (got == 0) {
        break;
      }
      if (std::any_of(chunk.begin(), chunk.begin() + got, [](char c) { return c != '\0'; })) {
        return core::fail(
            core::invalid("damaged: data after the end of the archive", path_.string()));
      }
    }
    if (int code = Z_OK; gzerror(stream_->gz, &code) != nullptr && code != Z_OK) {
      return core::fail(core::invalid("damaged: " + gz_message(stream_->gz, ""), path_.string()));
    }
    return std::optional<TarEntry>{};
  }
  const auto sum = read_number(b, kChecksum);
  // POSIX tar writes the magic "ustar", GNU tar "ustar ".
  if (!sum || *sum != header_sum(b) || !field_text(b, kMagic).starts_with("ustar")) {
    return core::fail(core::invalid(
        fmt::format("damaged: the header of file {} fails its checksum", entries_ + 1),
        path_.string()));
  }
  std::string name(field_text(b, kName));
  if (const std::string_view prefix = field_text(b, kPrefix); !prefix.empty()) {
    name = std::string(prefix) + "/" + name;
  }
  const char type = b[kType.at];
  if (type != '0' && type != '\0') {
    return core::fail(
        core::invalid(fmt::format("holds an entry that is not a plain file (type '{}')",
                                  type == '\0' ? '0' : type),
                      name));
  }
  if (!is_safe_name(name)) {
    return core::fail(core::invalid("holds a file whose name leaves its directory", name));
  }
  const auto size = read_number(b, kSize);
  if (!size) {
    return core::fail(core::invalid("damaged: a file header has no valid size", name));
  }
  left_ = *size;
  padding_ = (kBlock - *size % static_cast<std::int64_t>(kBlock)) % kBlock;
  entries_ += 1;
  return std::optional<TarEntry>{TarEntry{std::move(name), *size}};
}

core::Result<void> TarReader::read(
    const std::function<core::Result<void>(std::string_view)>& sink) {
  std::string chunk(kChunk, '\0');
  while (left_ > 0) {
    const auto n = static_cast<std::size_t>(std::min<std::int64_t>(left_, kChunk));
    TAPCHI_TRY(fill(chunk.data(), n));
    left_ -= static_cast<std::int64_t>(n);
    TAPCHI_TRY(sink({chunk.data(), n}));
  }
  return {};
}

}  // namespace tapchi::backup
