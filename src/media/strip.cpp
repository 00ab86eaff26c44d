// Metadata removal by walking each format's container: segments (JPEG), chunks (PNG, WebP) and
// blocks (GIF) are copied or dropped without touching the pixels. These parsers read hostile
// uploads: every length is checked against the bytes that remain before it is used.
#include <cstdint>
#include <cstring>
#include <optional>

#include <vips/vips8>

#include "media/media.h"
#include "media/vips.h"

namespace tapchi::media {

namespace {

core::Error malformed(std::string_view format, std::string_view why) {
  return core::invalid(std::string("the ") + std::string(format) +
                       " is malformed: " + std::string(why));
}

// A read position over the input; every read says whether the bytes were there.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : bytes_(bytes) {}
  std::size_t pos() const { return pos_; }
  std::size_t left() const { return bytes_.size() - pos_; }
  bool at_end() const { return pos_ == bytes_.size(); }
  std::optional<std::uint8_t> u8() {
    if (left() < 1) {
      return std::nullopt;
    }
    return static_cast<std::uint8_t>(bytes_[pos_++]);
  }
  std::optional<std::string_view> take(std::size_t n) {
    if (left() < n) {
      return std::nullopt;
    }
    const std::string_view out = bytes_.substr(pos_, n);
    pos_ += n;
    return out;
  }
  std::optional<std::uint8_t> peek(std::size_t offset = 0) const {
    if (left() <= offset) {
      return std::nullopt;
    }
    return static_cast<std::uint8_t>(bytes_[pos_ + offset]);
  }
  void seek(std::size_t pos) { pos_ = pos; }
  std::string_view rest() const { return bytes_.substr(pos_); }

 private:
  std::string_view bytes_;
  std::size_t pos_ = 0;
};

std::uint32_t be32(std::string_view b) {
  return static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[0])) << 24 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[1])) << 16 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[2])) << 8 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[3]));
}

std::uint32_t le32(std::string_view b) {
  return static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[3])) << 24 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[2])) << 16 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[1])) << 8 |
         static_cast<std::uint32_t>(static_cast<std::uint8_t>(b[0]));
}

std::string put_le32(std::uint32_t v) {
  return {static_cast<char>(v & 0xFF), static_cast<char>((v >> 8) & 0xFF),
          static_cast<char>((v >> 16) & 0xFF), static_cast<char>((v >> 24) & 0xFF)};
}

bool starts_with(std::string_view data, std::string_view prefix) {
  return data.substr(0, prefix.size()) == prefix;
}

// JPEG: keep JFIF (APP0), the ICC profile (APP2) and Adobe's colour transform (APP14); every
// other APPn (Exif and XMP in APP1, IPTC in APP13, MPF, maker data) and comments go. Markers
// between progressive scans are read the same way; bytes after EOI (MPF's extra images,
// trailers some phones append) are dropped.
core::Result<std::string> strip_jpeg(std::string_view bytes) {
  constexpr std::string_view kFormat = "JPEG";
  Reader in(bytes);
  auto soi = in.take(2);
  if (!soi || *soi != std::string_view("\xFF\xD8", 2)) {
    return core::fail(malformed(kFormat, "no start of image"));
  }
  std::string out(*soi);
  out.reserve(bytes.size());
  while (true) {
    auto ff = in.u8();
    if (!ff) {
      return core::fail(malformed(kFormat, "it ends before its end-of-image marker"));
    }
    if (*ff != 0xFF) {
      return core::fail(malformed(kFormat, "a segment does not start with a marker"));
    }
    auto marker = in.u8();
    while (marker && *marker == 0xFF) {  // fill bytes
      marker = in.u8();
    }
    if (!marker) {
      return core::fail(malformed(kFormat, "it ends inside a marker"));
    }
    const std::uint8_t m = *marker;
    if (m == 0xD9) {
      out += "\xFF\xD9";
      return out;
    }
    if (m == 0x00) {
      return core::fail(malformed(kFormat, "a stray byte stands where a marker should"));
    }
    if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) {  // stand-alone markers, no length
      out += '\xFF';
      out += static_cast<char>(m);
      continue;
    }
    auto length_bytes = in.take(2);
    if (!length_bytes) {
      return core::fail(malformed(kFormat, "it ends inside a segment's length"));
    }
    const std::size_t length =
        static_cast<std::size_t>(static_cast<std::uint8_t>((*length_bytes)[0])) << 8 |
        static_cast<std::uint8_t>((*length_bytes)[1]);
    if (length < 2) {
      return core::fail(malformed(kFormat, "a segment's length is too small"));
    }
    auto payload = in.take(length - 2);
    if (!payload) {
      return core::fail(malformed(kFormat, "a segment is cut short"));
    }
    bool keep = true;
    if (m == 0xE0) {
      keep = starts_with(*payload, std::string_view("JFIF\0", 5));
    } else if (m == 0xE2) {
      keep = starts_with(*payload, std::string_view("ICC_PROFILE\0", 12));
    } else if (m == 0xEE) {
      keep = starts_with(*payload, "Adobe");
    } else if ((m >= 0xE1 && m <= 0xEF) || m == 0xFE) {
      keep = false;
    }
    if (keep) {
      out += '\xFF';
      out += static_cast<char>(m);
      out += *length_bytes;
      out += *payload;
    }
    if (m != 0xDA) {
      continue;
    }
    // After a start of scan come entropy-coded bytes up to the next marker: an 0xFF followed
    // by neither a stuffed 0x00, a restart marker nor another 0xFF.
    const std::size_t scan = in.pos();
    std::size_t i = scan;
    while (true) {
      const std::size_t ff_at = bytes.find('\xFF', i);
      if (ff_at == std::string_view::npos || ff_at + 1 >= bytes.size()) {
        return core::fail(malformed(kFormat, "it ends inside a scan"));
      }
      const auto next = static_cast<std::uint8_t>(bytes[ff_at + 1]);
      if (next == 0x00 || (next >= 0xD0 && next <= 0xD7) || next == 0xFF) {
        i = ff_at + 1;
        continue;
      }
      out.append(bytes.substr(scan, ff_at - scan));
      in.seek(ff_at);
      break;
    }
  }
}

// PNG: text (tEXt, zTXt, iTXt), Exif (eXIf) and the modification time (tIME) go; everything
// else, colour and animation chunks included, stays byte for byte with its CRC.
core::Result<std::string> strip_png(std::string_view bytes, bool* is_animated) {
  constexpr std::string_view kFormat = "PNG";
  constexpr std::string_view kSignature("\x89PNG\r\n\x1A\n", 8);
  Reader in(bytes);
  auto signature = in.take(kSignature.size());
  if (!signature || *signature != kSignature) {
    return core::fail(malformed(kFormat, "no PNG signature"));
  }
  std::string out(kSignature);
  out.reserve(bytes.size());
  bool first = true;
  while (true) {
    auto head = in.take(8);
    if (!head) {
      return core::fail(malformed(kFormat, "it ends before its IEND chunk"));
    }
    const std::uint32_t length = be32(*head);
    const std::string_view type = head->substr(4, 4);
    if (length > 0x7FFFFFFFU) {  // the limit the PNG specification sets
      return core::fail(malformed(kFormat, "a chunk's length is out of range"));
    }
    auto rest = in.take(static_cast<std::size_t>(length) + 4);  // data and CRC
    if (!rest) {
      return core::fail(malformed(kFormat, "a chunk is cut short"));
    }
    if (first && type != "IHDR") {
      return core::fail(malformed(kFormat, "it does not begin with IHDR"));
    }
    first = false;
    if (type == "acTL") {
      *is_animated = true;
    }
    const bool drop =
        type == "eXIf" || type == "tEXt" || type == "zTXt" || type == "iTXt" || type == "tIME";
    if (!drop) {
      out += *head;
      out += *rest;
    }
    if (type == "IEND") {
      return out;
    }
  }
}

// WebP: the EXIF and XMP chunks go and VP8X stops announcing them; the RIFF size is rewritten.
core::Result<std::string> strip_webp(std::string_view bytes, bool* is_lossless, bool* is_animated) {
  constexpr std::string_view kFormat = "WebP";
  constexpr std::uint8_t kExifFlag = 0x08;
  constexpr std::uint8_t kXmpFlag = 0x04;
  constexpr std::uint8_t kAnimationFlag = 0x02;
  Reader in(bytes);
  auto riff = in.take(12);
  if (!riff || riff->substr(0, 4) != "RIFF" || riff->substr(8, 4) != "WEBP") {
    return core::fail(malformed(kFormat, "no RIFF WEBP header"));
  }
  const std::uint32_t riff_size = le32(riff->substr(4, 4));
  if (riff_size < 4 || riff_size - 4 > in.left()) {
    return core::fail(malformed(kFormat, "its RIFF size does not match the file"));
  }
  Reader chunks(in.rest().substr(0, riff_size - 4));  // bytes after the RIFF's end are dropped
  std::string body;
  body.reserve(bytes.size());
  bool has_image = false;
  while (!chunks.at_end()) {
    auto head = chunks.take(8);
    if (!head) {
      return core::fail(malformed(kFormat, "a chunk header is cut short"));
    }
    const std::string_view type = head->substr(0, 4);
    const std::uint32_t size = le32(head->substr(4, 4));
    const std::size_t padded = static_cast<std::size_t>(size) + (size & 1U);
    auto data = chunks.take(padded);
    if (!data && chunks.left() == size) {
      data = chunks.take(size);  // an odd last chunk without its padding byte
    }
    if (!data) {
      return core::fail(malformed(kFormat, "a chunk is cut short"));
    }
    if (type == "EXIF" || type == "XMP ") {
      continue;
    }
    std::string copy(*data);
    if (type == "VP8X") {
      if (copy.empty()) {
        return core::fail(malformed(kFormat, "its VP8X chunk is empty"));
      }
      auto flags = static_cast<std::uint8_t>(copy[0]);
      *is_animated = (flags & kAnimationFlag) != 0;
      flags = static_cast<std::uint8_t>(flags & ~(kExifFlag | kXmpFlag));
      copy[0] = static_cast<char>(flags);
    }
    if (type == "VP8L") {
      *is_lossless = true;
      has_image = true;
    }
    if (type == "VP8 " || type == "ANMF") {
      has_image = true;
    }
    if (copy.size() < padded) {
      copy += '\0';
    }
    body += *head;
    body += copy;
  }
  if (!has_image) {
    return core::fail(malformed(kFormat, "it holds no image"));
  }
  return "RIFF" + put_le32(static_cast<std::uint32_t>(body.size() + 4)) + "WEBP" + body;
}

// GIF: comment extensions and application extensions other than the two that loop an
// animation (NETSCAPE2.0, ANIMEXTS1.0) go; XMP travels in an "XMP DataXMP" one.
core::Result<std::string> strip_gif(std::string_view bytes) {
  constexpr std::string_view kFormat = "GIF";
  Reader in(bytes);
  auto header = in.take(13);  // signature, version and logical screen descriptor
  if (!header || (header->substr(0, 6) != "GIF87a" && header->substr(0, 6) != "GIF89a")) {
    return core::fail(malformed(kFormat, "no GIF header"));
  }
  std::string out(*header);
  out.reserve(bytes.size());
  const auto color_table = [&](std::uint8_t packed) -> core::Result<void> {
    if ((packed & 0x80) == 0) {
      return {};
    }
    auto table = in.take(3U * (2U << (packed & 0x07)));
    if (!table) {
      return core::fail(malformed(kFormat, "a colour table is cut short"));
    }
    out += *table;
    return {};
  };
  // Sub-blocks up to the zero-length terminator, appended to `into` when it is not null.
  const auto sub_blocks = [&](std::string* into) -> core::Result<void> {
    while (true) {
      auto size = in.u8();
      if (!size) {
        return core::fail(malformed(kFormat, "it ends inside a block"));
      }
      auto data = in.take(*size);
      if (!data) {
        return core::fail(malformed(kFormat, "a block is cut short"));
      }
      if (into != nullptr) {
        *into += static_cast<char>(*size);
        *into += *data;
      }
      if (*size == 0) {
        return {};
      }
    }
  };
  if (auto ok = color_table(static_cast<std::uint8_t>((*header)[10])); !ok) {
    return core::fail(ok.error());
  }
  while (true) {
    auto introducer = in.u8();
    if (!introducer) {
      return core::fail(malformed(kFormat, "it ends before its trailer"));
    }
    if (*introducer == 0x3B) {
      out += '\x3B';
      return out;
    }
    if (*introducer == 0x2C) {
      auto descriptor = in.take(9);
      if (!descriptor) {
        return core::fail(malformed(kFormat, "an image descriptor is cut short"));
      }
      out += '\x2C';
      out += *descriptor;
      if (auto ok = color_table(static_cast<std::uint8_t>((*descriptor)[8])); !ok) {
        return core::fail(ok.error());
      }
      auto min_code_size = in.u8();
      if (!min_code_size) {
        return core::fail(malformed(kFormat, "an image is cut short"));
      }
      out += static_cast<char>(*min_code_size);
      if (auto ok = sub_blocks(&out); !ok) {
        return core::fail(ok.error());
      }
      continue;
    }
    if (*introducer != 0x21) {
      return core::fail(malformed(kFormat, "an unknown block"));
    }
    auto label = in.u8();
    if (!label) {
      return core::fail(malformed(kFormat, "it ends inside an extension"));
    }
    bool keep = *label != 0xFE;
    if (*label == 0xFF) {
      // The first sub-block names the application: 8 bytes of name and 3 of code.
      const auto size = in.peek();
      const std::string_view id =
          size && in.left() > *size ? in.rest().substr(1, *size) : std::string_view();
      keep = id == "NETSCAPE2.0" || id == "ANIMEXTS1.0";
    }
    std::string extension{'\x21', static_cast<char>(*label)};
    if (auto ok = sub_blocks(&extension); !ok) {
      return core::fail(ok.error());
    }
    if (keep) {
      out += extension;
    }
  }
}

struct Stripped {
  std::string bytes;
  bool is_lossless = false;  // WebP only: the source was VP8L
  bool is_animated = false;  // an animated PNG or WebP, or any GIF: never turned
};

core::Result<Stripped> strip_container(std::string_view bytes) {
  Stripped s;
  core::Result<std::string> out = core::fail(core::invalid("not a JPEG, PNG, WebP or GIF image"));
  if (starts_with(bytes, "\xFF\xD8\xFF")) {
    out = strip_jpeg(bytes);
  } else if (starts_with(bytes, "\x89PNG")) {
    out = strip_png(bytes, &s.is_animated);
  } else if (starts_with(bytes, "RIFF") && bytes.size() >= 12 && bytes.substr(8, 4) == "WEBP") {
    out = strip_webp(bytes, &s.is_lossless, &s.is_animated);
  } else if (starts_with(bytes, "GIF87a") || starts_with(bytes, "GIF89a")) {
    out = strip_gif(bytes);
    s.is_animated = true;  // a GIF carries no orientation to apply
  }
  if (!out) {
    return core::fail(out.error());
  }
  s.bytes = std::move(*out);
  return s;
}

// The EXIF orientation libvips reads from the original (1 = as stored, 1..8 as EXIF defines).
int orientation_of(const vips::VImage& header) {
  if (header.get_typeof(VIPS_META_ORIENTATION) == 0) {
    return 1;
  }
  return header.get_int(VIPS_META_ORIENTATION);
}

// The image turned upright and saved again, with no metadata: colours are converted to sRGB
// first when it carries a profile, since the profile goes with the rest.
std::string upright(std::string_view original, const std::string& loader_suffix, bool is_lossless) {
  vips::VImage image =
      vips::VImage::new_from_buffer(original.data(), original.size(), "",
                                    vips::VImage::option()->set("fail_on", VIPS_FAIL_ON_ERROR));
  if (image.get_typeof(VIPS_META_ICC_NAME) != 0) {
    image = image.icc_transform("srgb", vips::VImage::option()->set("embedded", true));
  }
  image = image.autorot();
  auto options = vips::VImage::option()->set("strip", true);
  if (loader_suffix == ".jpg") {
    options->set("Q", 92);
  } else if (loader_suffix == ".webp") {
    if (is_lossless) {
      options->set("lossless", true);
    } else {
      options->set("Q", 90);
    }
  }
  void* buffer = nullptr;
  std::size_t size = 0;
  image.write_to_buffer(loader_suffix.c_str(), &buffer, &size, options);
  std::string out(static_cast<const char*>(buffer), size);
  g_free(buffer);
  return out;
}

}  // namespace

core::Result<std::string> strip_metadata(std::string_view bytes) {
  auto stripped = strip_container(bytes);
  if (!stripped) {
    return core::fail(stripped.error());
  }
  if (stripped->is_animated) {
    // Turning would keep the first frame alone; an animation keeps its frames as stored.
    return std::move(stripped->bytes);
  }
  ensure_vips();
  try {
    // The header alone: no pixel is decoded unless the image must be turned.
    vips::VImage header = vips::VImage::new_from_buffer(
        bytes.data(), bytes.size(), "",
        vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
    const int orientation = orientation_of(header);
    if (orientation <= 1 || orientation > 8) {
      return std::move(stripped->bytes);
    }
    const std::int64_t pixels = static_cast<std::int64_t>(header.width()) * header.height();
    if (pixels > kMaxPixels) {
      return core::fail(core::too_large("the image has too many pixels (" +
                                        std::to_string(header.width()) + "×" +
                                        std::to_string(header.height()) + ")"));
    }
    const char* loader = header.get_string("vips-loader");
    std::string suffix = ".jpg";
    if (std::strstr(loader, "png") != nullptr) {
      suffix = ".png";
    } else if (std::strstr(loader, "webp") != nullptr) {
      suffix = ".webp";
    }
    // Saved with strip and walked once more, so nothing of the original's metadata comes along.
    auto turned = strip_container(upright(bytes, suffix, stripped->is_lossless));
    if (!turned) {
      return core::fail(core::internal("the turned image cannot be read back"));
    }
    return std::move(turned->bytes);
  } catch (const vips::VError& e) {
    vips_error_clear();
    return core::fail(core::invalid("the image cannot be decoded"));
  }
}

}  // namespace tapchi::media
