#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/compile.h>
#include <fmt/format.h>

#include "core/core.h"

namespace tapchi::core {

namespace {

constexpr std::array<std::string_view, 7> kEnglishWeekdays{
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 7> kVietnameseWeekdays{
    "Chủ Nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"};
constexpr std::array<std::string_view, 12> kEnglishMonths{
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// Reads exactly `width` digits at `pos`, advancing it.
bool read_number(std::string_view text, std::size_t& pos, std::size_t width, int& out) {
  if (pos + width > text.size()) {
    return false;
  }
  const char* first = text.data() + pos;
  for (std::size_t i = 0; i < width; ++i) {
    if (first[i] < '0' || first[i] > '9') {
      return false;
    }
  }
  std::from_chars(first, first + width, out);
  pos += width;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Reads an RFC 3339 time; one without an offset is a wall-clock time in `local_zone` when there
// is one, malformed when not.
Result<Instant> parse_time(std::string_view text, const Zone* local_zone) {
  auto bad = [&] {
    return fail(
        invalid("'" + std::string(text) + "' is not a time of the form 2019-08-26T07:06:00+07:00"));
  };
  std::size_t pos = 0;
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_number(text, pos, 4, y) || !expect(text, pos, '-') || !read_number(text, pos, 2, mo) ||
      !expect(text, pos, '-') || !read_number(text, pos, 2, d) ||
      !(expect(text, pos, 'T') || expect(text, pos, ' ')) || !read_number(text, pos, 2, h) ||
      !expect(text, pos, ':') || !read_number(text, pos, 2, mi)) {
    return bad();
  }
  if (expect(text, pos, ':') && !read_number(text, pos, 2, s)) {
    return bad();
  }
  int offset_minutes = 0;
  bool is_local = false;
  if (expect(text, pos, 'Z')) {
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!read_number(text, pos, 2, oh) || !expect(text, pos, ':') ||
        !read_number(text, pos, 2, om) || oh > 14 || om > 59) {
      return bad();
    }
    offset_minutes = sign * (oh * 60 + om);
  } else if (local_zone != nullptr) {
    is_local = true;
  } else {
    return bad();  // a time without its offset is ambiguous
  }
  if (pos != text.size()) {
    return bad();
  }
  const date::year_month_day ymd{date::year{y}, date::month(static_cast<unsigned>(mo)),
                                 date::day(static_cast<unsigned>(d))};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) {
    return bad();
  }
  if (is_local) {
    return local_zone->from_local(y, mo, d, h, mi) + std::chrono::seconds{s};
  }
  const auto local = date::sys_days{ymd} + std::chrono::hours{h} + std::chrono::minutes{mi} +
                     std::chrono::seconds{s};
  return Instant{local - std::chrono::minutes{offset_minutes}};
}

}  // namespace

Result<Instant> parse_instant(std::string_view text) { return parse_time(text, nullptr); }

Result<Instant> parse_instant(std::string_view text, const Zone& zone) {
  return parse_time(text, &zone);
}

std::string format_iso8601(Instant t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

Instant SystemClock::now() const {
  return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

Result<Zone> Zone::locate(std::string_view iana_name) {
  try {
    const date::time_zone* tz = date::locate_zone(iana_name);
    return Zone(tz, std::string(iana_name));
  } catch (const std::exception&) {
    return fail(invalid("unknown time zone '" + std::string(iana_name) +
                        "' (expected an IANA name such as Asia/Ho_Chi_Minh)"));
  }
}

std::vector<std::string> Zone::names() {
  std::vector<std::string> out;
  for (const date::time_zone& z : date::get_tzdb().zones) {
    out.emplace_back(z.name());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::chrono::seconds Zone::offset_at(Instant t) const { return tz_->get_info(t).offset; }

Zone::Local Zone::local(Instant t) const {
  const std::chrono::seconds offset = tz_->get_info(t).offset;  // one lookup of the zone's rules
  const date::sys_seconds local_time = t + offset;
  const auto days = date::floor<date::days>(local_time);
  const date::year_month_day ymd{days};
  const date::hh_mm_ss hms{local_time - days};
  return Local{static_cast<int>(ymd.year()),
               static_cast<int>(static_cast<unsigned>(ymd.month())),
               static_cast<int>(static_cast<unsigned>(ymd.day())),
               static_cast<int>(hms.hours().count()),
               static_cast<int>(hms.minutes().count()),
               static_cast<int>(date::weekday{days}.c_encoding()),
               static_cast<int>(hms.seconds().count()),
               offset};
}

Instant Zone::from_local(int year, int month, int day, int hour, int minute) const {
  const date::local_seconds local =
      date::local_days{date::year{year} / date::month(static_cast<unsigned>(month)) /
                       date::day(static_cast<unsigned>(day))} +
      std::chrono::hours{hour} + std::chrono::minutes{minute};
  const date::local_info info = tz_->get_info(local);
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:
      return Instant{local.time_since_epoch() - info.first.offset};
    default:  // nonexistent: the first instant after the gap
      return info.second.begin;
  }
}

int day_number(Instant t, const Zone& zone) {
  const Zone::Local l = zone.local(t);
  return l.year * 10'000 + l.month * 100 + l.day;
}

Result<DateStyle> parse_date_style(std::string_view name) {
  if (name == "en") {
    return DateStyle::kEnglish;
  }
  if (name == "vi") {
    return DateStyle::kVietnamese;
  }
  return fail(invalid("unknown date style '" + std::string(name) + "' (expected en or vi)"));
}

std::string_view date_style_name(DateStyle style) {
  return style == DateStyle::kEnglish ? "en" : "vi";
}

std::string format_gmt_offset(std::chrono::seconds offset) {
  const long total_minutes = static_cast<long>(offset.count() / 60);
  if (total_minutes == 0) {
    return "GMT";
  }
  const char sign = total_minutes < 0 ? '-' : '+';
  const long abs_minutes = total_minutes < 0 ? -total_minutes : total_minutes;
  if (abs_minutes % 60 == 0) {
    return fmt::format("GMT{}{}", sign, abs_minutes / 60);
  }
  return fmt::format("GMT{}{}:{:02}", sign, abs_minutes / 60, abs_minutes % 60);
}

namespace {

// "+07:00" (with_colon) or "+0700".
std::string numeric_offset(std::chrono::seconds offset, bool with_colon) {
  const long total_minutes = static_cast<long>(offset.count() / 60);
  const char sign = total_minutes < 0 ? '-' : '+';
  const long abs_minutes = total_minutes < 0 ? -total_minutes : total_minutes;
  return fmt::format("{}{:02}{}{:02}", sign, abs_minutes / 60, with_colon ? ":" : "",
                     abs_minutes % 60);
}

}  // namespace

std::string format_rfc3339(Instant t, const Zone& zone) {
  const Zone::Local l = zone.local(t);
  const long minutes = static_cast<long>(l.offset.count() / 60);
  const long abs_minutes = minutes < 0 ? -minutes : minutes;
  // Sitemaps write one per article: compiled formats, one allocation.
  return fmt::format(FMT_COMPILE("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}"), l.year,
                     l.month, l.day, l.hour, l.minute, l.second, minutes < 0 ? '-' : '+',
                     abs_minutes / 60, abs_minutes % 60);
}

std::string format_rfc822(Instant t, const Zone& zone) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const Zone::Local l = zone.local(t);
  return fmt::format("{}, {:02} {} {:04} {:02}:{:02}:{:02} {}", kDays[l.weekday], l.day,
                     kMonths[l.month - 1], l.year, l.hour, l.minute, l.second,
                     numeric_offset(l.offset, false));
}

std::string format_date(Instant t, const Zone& zone, DateStyle style) {
  const Zone::Local l = zone.local(t);
  if (style == DateStyle::kEnglish) {
    return fmt::format("{} {}, {}", kEnglishMonths[l.month - 1], l.day, l.year);
  }
  return fmt::format("{:02}/{:02}/{}", l.day, l.month, l.year);
}

std::string format_datetime(Instant t, const Zone& zone, DateStyle style) {
  const Zone::Local l = zone.local(t);
  const std::string gmt = format_gmt_offset(zone.offset_at(t));
  if (style == DateStyle::kEnglish) {
    return fmt::format("{}, {} {}, {}, {:02}:{:02} ({})", kEnglishWeekdays[l.weekday],
                       kEnglishMonths[l.month - 1], l.day, l.year, l.hour, l.minute, gmt);
  }
  return fmt::format("{}, {:02}/{:02}/{}, {:02}:{:02} ({})", kVietnameseWeekdays[l.weekday], l.day,
                     l.month, l.year, l.hour, l.minute, gmt);
}

std::string format_month(int year, int month, DateStyle style) {
  if (style == DateStyle::kEnglish) {
    return fmt::format("{} {}", kEnglishMonths[month - 1], year);
  }
  return fmt::format("Tháng {}/{}", month, year);
}

std::string format_compact(Instant t, const Zone& zone, DateStyle style) {
  const Zone::Local l = zone.local(t);
  if (style == DateStyle::kEnglish) {
    return fmt::format("{} {}, {} {:02}:{:02}", kEnglishMonths[l.month - 1].substr(0, 3), l.day,
                       l.year, l.hour, l.minute);
  }
  return fmt::format("{:02}/{:02}/{} {:02}:{:02}", l.day, l.month, l.year, l.hour, l.minute);
}

std::string format_relative(Instant t, Instant now, DateStyle style) {
  const auto gap = t - now;
  const long long s = gap.count() < 0 ? -gap.count() : gap.count();
  if (s < 60) {
    return style == DateStyle::kEnglish ? "just now" : "vừa xong";
  }
  struct Unit {
    long long seconds;
    const char* english;
    const char* vietnamese;
  };
  static constexpr Unit kUnits[] = {{60, "minute", "phút"},
                                    {3600, "hour", "giờ"},
                                    {86400, "day", "ngày"},
                                    {86400 * 30, "month", "tháng"},
                                    {86400 * 365, "year", "năm"}};
  // The largest unit that fits twice, or once for the smaller ones: "36 hours", "2 days".
  std::size_t u = 0;
  for (std::size_t i = 1; i < std::size(kUnits); ++i) {
    if (s >= (i >= 3 ? 2 : 1) * kUnits[i].seconds) {
      u = i;
    }
  }
  const long long n = s / kUnits[u].seconds;
  if (style == DateStyle::kEnglish) {
    const std::string amount = fmt::format("{} {}{}", n, kUnits[u].english, n == 1 ? "" : "s");
    return gap.count() > 0 ? "in " + amount : amount + " ago";
  }
  return fmt::format("{} {} {}", n, kUnits[u].vietnamese, gap.count() > 0 ? "nữa" : "trước");
}

}  // namespace tapchi::core
