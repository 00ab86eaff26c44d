#include <brotli/decode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include "http/http.h"

namespace tapchi::http {
namespace {

// Minute 100 shows "Clock 100"; other minutes a clock of another length, to prove splicing.
std::string clock_text(int slot, std::int64_t minute) {
  return minute == 100 ? "Clock 100"
                       : "Clock of slot " + std::to_string(slot) + " at " + std::to_string(minute);
}

PageToCache page(const std::string& body, std::vector<std::string> tags = {"t"}) {
  PageToCache p;
  p.cache_control = "public, max-age=30";
  p.html = "<header>Clock 100</header><main>" + body + "</main>";
  p.clock_text = "Clock 100";
  p.tags = std::move(tags);
  return p;
}

Request get(std::string accept_encoding = {}) {
  Request r;
  r.method = Method::kGet;
  if (!accept_encoding.empty()) {
    r.headers.emplace_back("accept-encoding", std::move(accept_encoding));
  }
  return r;
}

std::string body_of(const Response& r) {
  std::string out;
  for (const std::string_view part : r.parts) {
    out += part;
  }
  return out + r.body;
}

std::string gunzip(const std::string& data) {
  z_stream z{};
  inflateInit2(&z, 16 + MAX_WBITS);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  EXPECT_EQ(rc, Z_STREAM_END);  // includes the CRC and size check of the trailer
  out.resize(z.total_out);
  inflateEnd(&z);
  return out;
}

std::string unbrotli(const std::string& data) {
  std::string out(1 << 20, '\0');
  std::size_t size = out.size();
  EXPECT_EQ(BrotliDecoderDecompress(data.size(), reinterpret_cast<const uint8_t*>(data.data()),
                                    &size, reinterpret_cast<uint8_t*>(out.data())),
            BROTLI_DECODER_RESULT_SUCCESS);
  out.resize(size);
  return out;
}

std::string header(const Response& r, std::string_view name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) {
      return v;
    }
  }
  return {};
}

TEST(PageCache, MissesThenServesTheStoredPage) {
  PageCache cache(1 << 20, clock_text);
  EXPECT_FALSE(cache.serve("/a", get(), 100).has_value());
  cache.insert("/a", page("A"), cache.generation(), 100);
  auto r = cache.serve("/a", get(), 100);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(body_of(*r), "<header>Clock 100</header><main>A</main>");
  EXPECT_EQ(header(*r, "Vary"), "Accept-Encoding");
  EXPECT_EQ(header(*r, "Cache-Control"), "public, max-age=30");
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST(PageCache, ShowsTheClockOfTheMinuteItServesIn) {
  PageCache cache(1 << 20, clock_text);
  cache.insert("/a", page("A"), cache.generation(), 100);
  const std::string expected = "<header>Clock of slot 0 at 161</header><main>A</main>";
  EXPECT_EQ(body_of(*cache.serve("/a", get(), 161)), expected);
  auto gz = cache.serve("/a", get("gzip, deflate"), 161);
  EXPECT_EQ(header(*gz, "Content-Encoding"), "gzip");
  EXPECT_EQ(gunzip(body_of(*gz)), expected);
  auto br = cache.serve("/a", get("gzip, deflate, br"), 161);
  EXPECT_EQ(header(*br, "Content-Encoding"), "br");
  EXPECT_EQ(unbrotli(body_of(*br)), expected);
  EXPECT_EQ(gunzip(body_of(*cache.serve("/a", get("gzip"), 100))),
            "<header>Clock 100</header><main>A</main>");
}

TEST(PageCache, HonoursQZeroInAcceptEncoding) {
  PageCache cache(1 << 20, clock_text);
  cache.insert("/a", page("A"), cache.generation(), 100);
  EXPECT_EQ(header(*cache.serve("/a", get("br;q=0, gzip;q=0.5"), 100), "Content-Encoding"), "gzip");
  EXPECT_EQ(header(*cache.serve("/a", get("gzip;q=0"), 100), "Content-Encoding"), "");
}

TEST(PageCache, AnswersConditionalRequestsWith304) {
  PageCache cache(1 << 20, clock_text);
  cache.insert("/a", page("A"), cache.generation(), 100);
  auto first = cache.serve("/a", get(), 100);
  const std::string etag = header(*first, "ETag");
  Request again = get();
  again.headers.emplace_back("if-none-match", etag);
  EXPECT_EQ(cache.serve("/a", again, 100)->status, 304);
  EXPECT_TRUE(body_of(*cache.serve("/a", again, 100)).empty());
  // The next minute's clock makes other bytes: the old ETag no longer matches.
  EXPECT_EQ(cache.serve("/a", again, 101)->status, 200);
  Request since = get();
  since.headers.emplace_back("if-modified-since", header(*first, "Last-Modified"));
  EXPECT_EQ(cache.serve("/a", since, 100)->status, 304);
  EXPECT_EQ(cache.serve("/a", since, 101)->status, 200);
  // A gzip body is another representation with its own ETag.
  EXPECT_NE(header(*cache.serve("/a", get("gzip"), 100), "ETag"), etag);
}

TEST(PageCache, InvalidatingATagDropsItsPagesOnly) {
  PageCache cache(1 << 20, clock_text);
  cache.insert("/a", page("A", {"article:1", "edition:1"}), cache.generation(), 100);
  cache.insert("/b", page("B", {"article:2", "edition:1"}), cache.generation(), 100);
  cache.invalidate("article:1");
  EXPECT_FALSE(cache.serve("/a", get(), 100).has_value());
  EXPECT_TRUE(cache.serve("/b", get(), 100).has_value());
  cache.invalidate("edition:1");
  EXPECT_FALSE(cache.serve("/b", get(), 100).has_value());
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(PageCache, RefusesAPageRenderedBeforeAnInvalidation) {
  PageCache cache(1 << 20, clock_text);
  const auto generation = cache.generation();  // rendering starts
  cache.invalidate("article:1");               // a write commits meanwhile
  cache.insert("/a", page("stale", {"article:1"}), generation, 100);
  EXPECT_FALSE(cache.serve("/a", get(), 100).has_value());
}

TEST(PageCache, EvictsLeastRecentlyUsedWithinTheBudget) {
  const std::size_t budget = 64 * 1024;
  PageCache cache(budget, clock_text);
  for (int i = 0; i < 200; ++i) {
    cache.insert("/p" + std::to_string(i), page(std::string(2000, static_cast<char>('a' + i % 26))),
                 cache.generation(), 100);
  }
  const auto stats = cache.stats();
  EXPECT_LE(stats.bytes, budget);
  EXPECT_GT(stats.evictions, 0u);
  EXPECT_LT(stats.entries, 200u);
  EXPECT_TRUE(cache.serve("/p199", get(), 100).has_value());
  EXPECT_FALSE(cache.serve("/p0", get(), 100).has_value());
}

TEST(PageCache, KeepsPagesWithoutAClockWhole) {
  PageCache cache(1 << 20, clock_text);
  PageToCache p;
  p.html = "plain page";
  p.cache_control = "public, max-age=60";
  cache.insert("/plain", p, cache.generation(), 100);
  EXPECT_EQ(body_of(*cache.serve("/plain", get(), 300)), "plain page");
  EXPECT_EQ(gunzip(body_of(*cache.serve("/plain", get("gzip"), 300))), "plain page");
}

TEST(HttpDate, RoundTrips) {
  EXPECT_EQ(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
  EXPECT_EQ(http_date(1566777960), "Mon, 26 Aug 2019 00:06:00 GMT");
  EXPECT_EQ(parse_http_date("Mon, 26 Aug 2019 00:06:00 GMT").value(), 1566777960);
  EXPECT_FALSE(parse_http_date("yesterday").has_value());
}

}  // namespace
}  // namespace tapchi::http
