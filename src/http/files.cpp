#include <charconv>
#include <string>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/http.h"

namespace tapchi::http {

namespace {

// A parsed "bytes=first-last" of a representation of `size` bytes.
struct ByteRange {
  std::int64_t first = 0;
  std::int64_t last = 0;  // inclusive
};

std::optional<std::int64_t> parse_count(std::string_view text) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || n < 0) {
    return std::nullopt;
  }
  return n;
}

enum class RangeKind { kNone, kSatisfiable, kUnsatisfiable };

// RFC 9110 §14.1.2: one range of bytes. Several ranges, other units and malformed values are
// taken as no Range at all (the whole file), which the RFC allows.
RangeKind parse_range(std::string_view value, std::int64_t size, ByteRange& out) {
  constexpr std::string_view kUnit = "bytes=";
  if (!value.starts_with(kUnit) || value.find(',') != std::string_view::npos) {
    return RangeKind::kNone;
  }
  value.remove_prefix(kUnit.size());
  const auto dash = value.find('-');
  if (dash == std::string_view::npos) {
    return RangeKind::kNone;
  }
  const std::string_view first_text = value.substr(0, dash);
  const std::string_view last_text = value.substr(dash + 1);
  if (first_text.empty()) {  // the last N bytes
    const auto suffix = parse_count(last_text);
    if (!suffix) {
      return RangeKind::kNone;
    }
    if (*suffix == 0 || size == 0) {
      return RangeKind::kUnsatisfiable;
    }
    out = {std::max<std::int64_t>(0, size - *suffix), size - 1};
    return RangeKind::kSatisfiable;
  }
  const auto first = parse_count(first_text);
  const auto last =
      last_text.empty() ? std::optional<std::int64_t>(size - 1) : parse_count(last_text);
  if (!first || !last) {
    return RangeKind::kNone;
  }
  if (*first >= size) {
    return RangeKind::kUnsatisfiable;
  }
  if (*last < *first) {
    return RangeKind::kNone;
  }
  out = {*first, std::min(*last, size - 1)};
  return RangeKind::kSatisfiable;
}

}  // namespace

core::Result<std::shared_ptr<const OpenFile>> OpenFile::open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return core::fail(core::not_found("no such file", path));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return core::fail(core::not_found("not a regular file", path));
  }
  const std::int64_t modified_ns =
      static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  return std::make_shared<const OpenFile>(fd, static_cast<std::int64_t>(st.st_size), modified_ns);
}

OpenFile::~OpenFile() { ::close(fd_); }

bool is_fresh(const Request& req, std::string_view etag, std::int64_t modified) {
  const std::string_view if_none_match = req.header("if-none-match");
  if (!if_none_match.empty()) {
    return if_none_match == "*" || if_none_match.find(etag) != std::string_view::npos;
  }
  const std::string_view if_modified_since = req.header("if-modified-since");
  if (!if_modified_since.empty()) {
    const auto since = parse_http_date(if_modified_since);
    return since && *since >= modified;
  }
  return false;
}

Response file_response(const Request& req, std::shared_ptr<const OpenFile> file,
                       std::string content_type, std::string cache_control) {
  const std::int64_t size = file->size();
  const std::int64_t modified = file->modified_ns() / 1'000'000'000;
  const std::string etag = fmt::format("\"{:x}-{:x}\"", size, file->modified_ns());
  Response r;
  r.set("Cache-Control", std::move(cache_control));
  r.set("ETag", etag);
  r.set("Last-Modified", http_date(modified));
  r.set("Accept-Ranges", "bytes");
  r.set("X-Content-Type-Options", "nosniff");
  if (is_fresh(req, etag, modified)) {
    r.status = 304;
    return r;
  }
  r.set("Content-Type", std::move(content_type));
  ByteRange range{0, size - 1};
  RangeKind kind = RangeKind::kNone;
  if (const std::string_view asked = req.header("range");
      !asked.empty() && req.method == Method::kGet) {
    // If-Range: the range only if the client's copy is this one; otherwise the whole file.
    const std::string_view if_range = req.header("if-range");
    if (if_range.empty() || if_range == etag ||
        (!if_range.starts_with('"') && parse_http_date(if_range) == modified)) {
      kind = parse_range(asked, size, range);
    }
  }
  if (kind == RangeKind::kUnsatisfiable) {
    r.status = 416;
    r.set("Content-Range", fmt::format("bytes */{}", size));
    r.set("Content-Type", "text/plain; charset=utf-8");
    r.body = "Range Not Satisfiable\n";
    return r;
  }
  if (kind == RangeKind::kSatisfiable) {
    r.status = 206;
    r.set("Content-Range", fmt::format("bytes {}-{}/{}", range.first, range.last, size));
  }
  r.file_offset = kind == RangeKind::kSatisfiable ? range.first : 0;
  r.file_length = kind == RangeKind::kSatisfiable ? range.last - range.first + 1 : size;
  // Ask the kernel to read ahead now, so that sending rarely waits for the disk.
  ::posix_fadvise(file->fd(), r.file_offset, r.file_length, POSIX_FADV_WILLNEED);
  r.file = std::move(file);
  return r;
}

}  // namespace tapchi::http
