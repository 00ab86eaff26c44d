// Metadata a camera or an editing program leaves in a photo, written by hand into JPEG bytes:
// shared by the media unit tests (strip_metadata alone) and the HTTP suite (uploaded, stored and
// served). Each piece carries a marker string, so a test can tell it is gone.
#pragma once
#include <cstdint>
#include <string>

namespace tapchi::testing {

inline const std::string kGpsMarker = "TAPCHI-GPS-DATUM";  // in the GPS IFD (GPSMapDatum)
inline const std::string kXmpNamespace = "http://ns.adobe.com/xap/1.0/";
inline const std::string kXmpMarker = "TAPCHI-XMP-CREATOR";   // in the XMP packet
inline const std::string kIptcMarker = "TAPCHI-IPTC-BYLINE";  // in the IPTC record
inline const std::string kCommentMarker = "TAPCHI-COMMENT";

inline std::string big_endian(std::uint32_t v, int bytes) {
  std::string out;
  for (int i = bytes - 1; i >= 0; --i) {
    out += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  return out;
}

// A big-endian TIFF block as EXIF carries it: IFD0 with the orientation (when not 0) and a
// pointer to a GPS IFD holding a latitude, a longitude (21°1'42"N 105°51'12"E) and a datum.
inline std::string exif_tiff(int orientation) {
  const auto entry = [](std::uint16_t tag, std::uint16_t type, std::uint32_t count,
                        const std::string& value) {
    std::string v = value;
    v.resize(4, '\0');
    return big_endian(tag, 2) + big_endian(type, 2) + big_endian(count, 4) + v;
  };
  constexpr std::uint16_t kShort = 3, kLong = 4, kAscii = 2, kRational = 5;
  const int ifd0_entries = orientation > 0 ? 2 : 1;
  const std::uint32_t gps_at = 8 + 2 + 12 * ifd0_entries + 4;
  const std::uint32_t gps_size = 2 + 12 * 5 + 4;
  const std::uint32_t lat_at = gps_at + gps_size;
  const std::uint32_t lon_at = lat_at + 24;
  const std::uint32_t datum_at = lon_at + 24;
  std::string tiff = "MM" + big_endian(42, 2) + big_endian(8, 4);
  tiff += big_endian(static_cast<std::uint32_t>(ifd0_entries), 2);
  if (orientation > 0) {
    tiff += entry(0x0112, kShort, 1, big_endian(static_cast<std::uint32_t>(orientation), 2));
  }
  tiff += entry(0x8825, kLong, 1, big_endian(gps_at, 4)) + big_endian(0, 4);
  tiff += big_endian(5, 2);
  tiff += entry(0x0001, kAscii, 2, std::string("N\0", 2));
  tiff += entry(0x0002, kRational, 3, big_endian(lat_at, 4));
  tiff += entry(0x0003, kAscii, 2, std::string("E\0", 2));
  tiff += entry(0x0004, kRational, 3, big_endian(lon_at, 4));
  tiff += entry(0x0012, kAscii, static_cast<std::uint32_t>(kGpsMarker.size() + 1),
                big_endian(datum_at, 4));
  tiff += big_endian(0, 4);
  for (const std::uint32_t v : {21U, 1U, 1U, 1U, 42U, 1U, 105U, 1U, 51U, 1U, 12U, 1U}) {
    tiff += big_endian(v, 4);
  }
  tiff += kGpsMarker + '\0';
  return tiff;
}

inline std::string xmp_packet() {
  return "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
         "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\"><rdf:Description "
         "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"" +
         kXmpNamespace + "\"><dc:creator>" + kXmpMarker +
         "</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>";
}

inline std::string jpeg_segment(std::uint8_t marker, const std::string& payload) {
  return std::string{'\xFF', static_cast<char>(marker)} +
         big_endian(static_cast<std::uint32_t>(payload.size() + 2), 2) + payload;
}

// The JPEG `jpeg` with, after its first segment (JFIF), an Exif APP1 with GPS data (and the
// orientation when not 0), an XMP APP1, a Photoshop APP13 with an IPTC by-line and a comment.
inline std::string jpeg_with_metadata(const std::string& jpeg, int orientation = 0) {
  std::size_t at = 2;
  if (jpeg.size() > 6 && static_cast<std::uint8_t>(jpeg[3]) == 0xE0) {
    at = 4 + (static_cast<std::uint8_t>(jpeg[4]) << 8 | static_cast<std::uint8_t>(jpeg[5]));
  }
  const std::string iptc = std::string("\x1C\x02\x50", 3) +
                           big_endian(static_cast<std::uint32_t>(kIptcMarker.size()), 2) +
                           kIptcMarker;
  std::string resource = "8BIM" + big_endian(0x0404, 2) + std::string(2, '\0') +
                         big_endian(static_cast<std::uint32_t>(iptc.size()), 4) + iptc;
  if (resource.size() % 2 != 0) {
    resource += '\0';
  }
  const std::string segments =
      jpeg_segment(0xE1, std::string("Exif\0\0", 6) + exif_tiff(orientation)) +
      jpeg_segment(0xE1, kXmpNamespace + '\0' + xmp_packet()) +
      jpeg_segment(0xED, std::string("Photoshop 3.0\0", 14) + resource) +
      jpeg_segment(0xFE, kCommentMarker);
  return jpeg.substr(0, at) + segments + jpeg.substr(at);
}

}  // namespace tapchi::testing
