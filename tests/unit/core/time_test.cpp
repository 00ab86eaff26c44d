#include <algorithm>

#include <gtest/gtest.h>

#include "core/core.h"

namespace tapchi::core {
namespace {

Instant at(std::string_view text) {
  auto t = parse_instant(text);
  EXPECT_TRUE(t.has_value()) << text;
  return *t;
}

Zone zone(std::string_view name) {
  auto z = Zone::locate(name);
  EXPECT_TRUE(z.has_value()) << name;
  return *z;
}

TEST(FormatDatetime, WritesEnglishInSiteZone) {
  EXPECT_EQ(
      format_datetime(at("2019-08-26T00:06:00Z"), zone("Asia/Ho_Chi_Minh"), DateStyle::kEnglish),
      "Monday, August 26, 2019, 07:06 (GMT+7)");
}

TEST(FormatDatetime, WritesVietnameseInSiteZone) {
  EXPECT_EQ(format_datetime(at("2019-08-26T07:06:00+07:00"), zone("Asia/Ho_Chi_Minh"),
                            DateStyle::kVietnamese),
            "Thứ Hai, 26/08/2019, 07:06 (GMT+7)");
}

TEST(FormatDatetime, CrossesMidnightIntoTheZonesDay) {
  // 20:30 UTC on Sunday is already Monday in Hanoi.
  EXPECT_EQ(
      format_datetime(at("2020-09-27T20:30:00Z"), zone("Asia/Ho_Chi_Minh"), DateStyle::kVietnamese),
      "Thứ Hai, 28/09/2020, 03:30 (GMT+7)");
  EXPECT_EQ(
      format_datetime(at("2020-09-27T17:00:00Z"), zone("Asia/Ho_Chi_Minh"), DateStyle::kVietnamese),
      "Thứ Hai, 28/09/2020, 00:00 (GMT+7)");
  EXPECT_EQ(
      format_datetime(at("2020-09-27T16:59:00Z"), zone("Asia/Ho_Chi_Minh"), DateStyle::kVietnamese),
      "Chủ Nhật, 27/09/2020, 23:59 (GMT+7)");
}

TEST(FormatDatetime, FollowsDaylightSaving) {
  const Zone ny = zone("America/New_York");
  EXPECT_EQ(format_datetime(at("2021-07-01T12:00:00Z"), ny, DateStyle::kEnglish),
            "Thursday, July 1, 2021, 08:00 (GMT-4)");
  EXPECT_EQ(format_datetime(at("2021-12-01T12:00:00Z"), ny, DateStyle::kEnglish),
            "Wednesday, December 1, 2021, 07:00 (GMT-5)");
  // The spring-forward instant: 07:00 UTC is 03:00 EDT; a second earlier is 01:59:59 EST.
  EXPECT_EQ(format_datetime(at("2021-03-14T07:00:00Z"), ny, DateStyle::kEnglish),
            "Sunday, March 14, 2021, 03:00 (GMT-4)");
  EXPECT_EQ(format_datetime(at("2021-03-14T06:59:00Z"), ny, DateStyle::kEnglish),
            "Sunday, March 14, 2021, 01:59 (GMT-5)");
  const Zone london = zone("Europe/London");
  EXPECT_EQ(format_datetime(at("2021-01-10T09:15:00Z"), london, DateStyle::kVietnamese),
            "Chủ Nhật, 10/01/2021, 09:15 (GMT)");
  EXPECT_EQ(format_datetime(at("2021-06-10T09:15:00Z"), london, DateStyle::kVietnamese),
            "Thứ Năm, 10/06/2021, 10:15 (GMT+1)");
}

TEST(Zone, ConvertsWallClockToInstants) {
  EXPECT_EQ(zone("Asia/Ho_Chi_Minh").from_local(2019, 8, 1), at("2019-07-31T17:00:00Z"));
  const Zone ny = zone("America/New_York");
  EXPECT_EQ(ny.from_local(2021, 7, 1, 8, 0), at("2021-07-01T12:00:00Z"));
  EXPECT_EQ(ny.from_local(2021, 3, 14, 2, 30), at("2021-03-14T07:00:00Z"));  // in the gap
  EXPECT_EQ(ny.from_local(2021, 11, 7, 1, 30), at("2021-11-07T05:30:00Z"));  // the earlier one
}

TEST(FormatGmtOffset, WritesHalfHourZones) {
  EXPECT_EQ(format_datetime(at("2021-06-10T00:00:00Z"), zone("Asia/Kolkata"), DateStyle::kEnglish),
            "Thursday, June 10, 2021, 05:30 (GMT+5:30)");
  EXPECT_EQ(format_gmt_offset(std::chrono::seconds{-9 * 3600 - 1800}), "GMT-9:30");
}

TEST(FormatDate, WritesEachStyle) {
  const Zone hcm = zone("Asia/Ho_Chi_Minh");
  EXPECT_EQ(format_date(at("2019-08-26T00:06:00Z"), hcm, DateStyle::kEnglish), "August 26, 2019");
  EXPECT_EQ(format_date(at("2019-08-26T00:06:00Z"), hcm, DateStyle::kVietnamese), "26/08/2019");
  EXPECT_EQ(format_month(2019, 8, DateStyle::kVietnamese), "Tháng 8/2019");
  EXPECT_EQ(format_month(2019, 8, DateStyle::kEnglish), "August 2019");
}

TEST(Zone, RejectsUnknownName) {
  auto z = Zone::locate("Asia/Saigon_Old");
  ASSERT_FALSE(z.has_value());
  EXPECT_EQ(z.error().code, ErrorCode::kInvalid);
  EXPECT_NE(z.error().message.find("Asia/Saigon_Old"), std::string::npos);
}

TEST(ParseInstant, ReadsOffsetsAndZulu) {
  EXPECT_EQ(at("2019-08-26T07:06:00+07:00"), at("2019-08-26T00:06:00Z"));
  EXPECT_EQ(at("2019-08-26T07:06+07:00"), at("2019-08-26T00:06:00Z"));
  EXPECT_EQ(format_iso8601(at("2019-08-25T20:00:00-04:00")), "2019-08-26T00:00:00Z");
}

TEST(ParseInstant, RejectsMalformedTimes) {
  for (const char* bad :
       {"", "2019-08-26", "2019-08-26T07:06:00", "2019-02-30T00:00:00Z", "2019-08-26T25:00:00Z",
        "2019-08-26T07:06:00+7", "yesterday", "2019-08-26T07:06:00Zjunk"}) {
    auto t = parse_instant(bad);
    EXPECT_FALSE(t.has_value()) << bad;
  }
}

TEST(ParseInstant, ReadsATimeWithoutOffsetInTheZoneGiven) {
  const Zone hanoi = zone("Asia/Ho_Chi_Minh");
  EXPECT_EQ(parse_instant("2026-12-01T07:30", hanoi).value(), at("2026-12-01T00:30:00Z"));
  EXPECT_EQ(parse_instant("2026-12-01T07:30:15", hanoi).value(), at("2026-12-01T00:30:15Z"));
  // An offset written wins over the zone.
  EXPECT_EQ(parse_instant("2026-12-01T07:30-05:00", hanoi).value(), at("2026-12-01T12:30:00Z"));
  // A wall-clock time that does not occur (New York's clocks skip 02:00–03:00 on 8 March 2026)
  // is the first instant after the gap.
  const Zone new_york = zone("America/New_York");
  EXPECT_EQ(parse_instant("2026-03-08T02:30", new_york).value(), at("2026-03-08T07:00:00Z"));
  for (const char* bad : {"", "2026-12-01", "2026-12-01T-1:-5", "2026-12-01T07:30junk",
                          "2026-13-01T07:30", "2026-02-29T07:30", " 2026-12-01T07:30"}) {
    EXPECT_FALSE(parse_instant(bad, hanoi).has_value()) << bad;
  }
}

TEST(ArticleStatus, RoundTripsNamesAndRejectsUnknown) {
  for (auto s : {ArticleStatus::kDraft, ArticleStatus::kReview, ArticleStatus::kScheduled,
                 ArticleStatus::kPublished, ArticleStatus::kUnpublished}) {
    auto parsed = parse_status(status_name(s));
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(*parsed, s);
  }
  auto bad = parse_status("live");
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message.find("'live'"), std::string::npos);
}

TEST(Zone, NamesEveryZoneOnceInOrderAndEachOneLocates) {
  const std::vector<std::string> names = Zone::names();
  ASSERT_GT(names.size(), 300u);
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  EXPECT_TRUE(std::binary_search(names.begin(), names.end(), "Asia/Ho_Chi_Minh"));
  for (const std::string& name : names) {
    EXPECT_TRUE(Zone::locate(name)) << name;
  }
}

}  // namespace
}  // namespace tapchi::core

namespace tapchi::core {
namespace {

TEST(FormatRfc3339, GivesTheZonesOffset) {
  const Zone hcm = Zone::locate("Asia/Ho_Chi_Minh").value();
  const Instant t = parse_instant("2019-08-26T00:06:09Z").value();
  EXPECT_EQ(format_rfc3339(t, hcm), "2019-08-26T07:06:09+07:00");
  EXPECT_EQ(format_rfc3339(t, Zone::locate("UTC").value()), "2019-08-26T00:06:09+00:00");
  EXPECT_EQ(format_rfc3339(t, Zone::locate("America/St_Johns").value()),
            "2019-08-25T21:36:09-02:30");
}

TEST(FormatRfc822, WritesDatesAsRssDoes) {
  const Instant t = parse_instant("2019-08-26T00:06:09Z").value();
  EXPECT_EQ(format_rfc822(t, Zone::locate("Asia/Ho_Chi_Minh").value()),
            "Mon, 26 Aug 2019 07:06:09 +0700");
  EXPECT_EQ(format_rfc822(t, Zone::locate("America/St_Johns").value()),
            "Sun, 25 Aug 2019 21:36:09 -0230");
}

TEST(FormatCompact, WritesTheTimeInTheSiteZoneInEachStyle) {
  const Instant t = at("2019-08-26T00:06:00Z");
  EXPECT_EQ(format_compact(t, zone("Asia/Ho_Chi_Minh"), DateStyle::kEnglish), "Aug 26, 2019 07:06");
  EXPECT_EQ(format_compact(t, zone("Asia/Ho_Chi_Minh"), DateStyle::kVietnamese),
            "26/08/2019 07:06");
  EXPECT_EQ(format_compact(t, zone("America/New_York"), DateStyle::kEnglish), "Aug 25, 2019 20:06");
}

TEST(FormatRelative, CountsWholeUnitsBothWays) {
  const Instant now = at("2026-11-29T12:00:00Z");
  using std::chrono::days;
  using std::chrono::hours;
  using std::chrono::minutes;
  using std::chrono::seconds;
  EXPECT_EQ(format_relative(now + seconds{30}, now, DateStyle::kEnglish), "just now");
  EXPECT_EQ(format_relative(now - seconds{59}, now, DateStyle::kVietnamese), "vừa xong");
  EXPECT_EQ(format_relative(now - minutes{1}, now, DateStyle::kEnglish), "1 minute ago");
  EXPECT_EQ(format_relative(now + minutes{59}, now, DateStyle::kEnglish), "in 59 minutes");
  EXPECT_EQ(format_relative(now - hours{3}, now, DateStyle::kEnglish), "3 hours ago");
  EXPECT_EQ(format_relative(now - hours{3}, now, DateStyle::kVietnamese), "3 giờ trước");
  EXPECT_EQ(format_relative(now + hours{47}, now, DateStyle::kEnglish), "in 1 day");
  EXPECT_EQ(format_relative(now + days{2} + hours{5}, now, DateStyle::kEnglish), "in 2 days");
  EXPECT_EQ(format_relative(now + days{2}, now, DateStyle::kVietnamese), "2 ngày nữa");
  EXPECT_EQ(format_relative(now - days{45}, now, DateStyle::kEnglish), "45 days ago");
  EXPECT_EQ(format_relative(now - days{61}, now, DateStyle::kEnglish), "2 months ago");
  EXPECT_EQ(format_relative(now - days{800}, now, DateStyle::kEnglish), "2 years ago");
}

}  // namespace
}  // namespace tapchi::core
