// What a reader sends, cleaned and checked: text, limits, links, spam words, policies.
#include <gtest/gtest.h>

#include "comments/comments.h"
#include "store/store.h"

namespace tapchi::comments {
namespace {

core::Instant at(std::string_view text) { return core::parse_instant(text).value(); }

TEST(CleanText, ComposesAndKeepsLineBreaksAsParagraphs) {
  // "Việt" with a combining acute (decomposed) becomes the composed form.
  EXPECT_EQ(clean_text("Vie\xCC\xA3\xCC\x82t Nam").value(), "Vi\xE1\xBB\x87t Nam");
  EXPECT_EQ(clean_text("  one\r\ntwo\rthree  \n\n\n\n\nfour\t5  ").value(),
            "one\ntwo\nthree\n\nfour 5");
  EXPECT_EQ(clean_text("a\xE2\x80\xA8"
                       "b")
                .value(),
            "a\nb");  // LINE SEPARATOR
  EXPECT_EQ(clean_text(" \n \t \r\n").value(), "");
}

TEST(CleanText, DropsControlsOverridesAndInvisibleCharacters) {
  // NUL, BEL, ESC, DEL, a C1 control; RLO, LRE, PDF, RLI, PDI, LRM, RLM, ALM; ZWSP, WJ, BOM.
  const std::string hostile =
      std::string(
          "a\0b\x07"
          "c\x1B[31md\x7F"
          "e\xC2\x85"
          "f",
          16) +
      "\xE2\x80\xAEgnp.exe\xE2\x80\xAA\xE2\x80\xAC\xE2\x81\xA7x\xE2\x81\xA9\xE2\x80\x8E\xE2\x80\x8F"
      "\xD8\x9C\xE2\x80\x8By\xE2\x81\xA0z\xEF\xBB\xBF";
  EXPECT_EQ(clean_text(hostile).value(), "abc[31mdefgnp.exexyz");
  // Joiners that scripts and emoji need are kept.
  EXPECT_EQ(clean_text("\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB").value(),
            "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB");
}

// Found by the comment fuzz target: "e", a C1 control, a combining tilde came out as "e" and
// a loose tilde, which a second cleaning composed.
TEST(CleanText, ComposesLettersADroppedCharacterKeptApart) {
  const std::string cleaned = clean_text("Nguye\xC2\x82\xCC\x83n").value();
  EXPECT_EQ(cleaned, "Nguy\xE1\xBA\xBDn");  // ẽ
  EXPECT_EQ(clean_text(cleaned).value(), cleaned);
}

TEST(CleanText, RefusesMalformedUtf8) {
  for (const std::string& bad :
       {std::string("\xC3"), std::string("\xC0\xAF"), std::string("a\xED\xA0\x80z"),
        std::string("\xF8\x88\x80\x80\x80"), std::string("ok \xFF")}) {
    EXPECT_FALSE(clean_text(bad)) << bad;
  }
  EXPECT_EQ(clean_line("Nguyễn\nVăn  \n A").value(), "Nguyễn Văn A");
}

TEST(Links, CountsEveryWebAddressOnce) {
  EXPECT_EQ(count_links("no links here, just example.org"), 0);
  EXPECT_EQ(count_links("see https://www.example.org/a?b=c and HTTP://x.test"), 2);
  EXPECT_EQ(count_links("www.a.test www.b.test\nhttps://c.test"), 3);
  EXPECT_EQ(count_links("mailwww.example.org"), 0);  // not at a word's start
}

TEST(SpamWords, MatchWholeWordsWithoutCaseOrDiacritics) {
  const std::vector<std::string> words{core::fold("casino"), core::fold("cá độ"),
                                       core::fold("cheap pills")};
  EXPECT_TRUE(has_listed_word("Best CASINO in town", words));
  EXPECT_TRUE(has_listed_word("Tham gia ca do bong da", words));
  EXPECT_TRUE(has_listed_word("Cá Độ!", words));
  EXPECT_TRUE(has_listed_word("buy cheap pills now", words));
  EXPECT_FALSE(has_listed_word("casinos are not whole words", words));
  EXPECT_FALSE(has_listed_word("cheap and pills", words));
  EXPECT_FALSE(has_listed_word("anything", {}));
}

TEST(Check, NamesEachFieldsProblem) {
  const Policy policy;
  const Limits limits;
  Draft empty{" ", "", "\n\n"};
  auto problems = check(empty, policy, limits);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, "name");
  EXPECT_EQ(problems[0].problem, Problem::kMissing);
  EXPECT_EQ(problems[1].field, "body");
  EXPECT_EQ(problems[1].problem, Problem::kMissing);

  Policy strict = policy;
  strict.require_email = true;
  Draft no_email{"Lan", "", "Hi"};
  EXPECT_EQ(check(no_email, strict, limits).at(0).problem, Problem::kMissing);
  for (const char* bad :
       {"lan", "lan@", "@x.vn", "lan@x", "l an@x.vn", "a@b@c.vn", "<a>@x.vn", "lan@x.vn."}) {
    Draft d{"Lan", bad, "Hi"};
    const auto found = check(d, policy, limits);
    ASSERT_EQ(found.size(), 1u) << bad;
    EXPECT_EQ(found[0].problem, Problem::kMalformed) << bad;
  }
  Draft good{"  Lan ", " lan@bao.vn ", "Hi"};
  EXPECT_TRUE(check(good, strict, limits).empty());
  EXPECT_EQ(good.name, "Lan");
  EXPECT_EQ(good.email, "lan@bao.vn");

  // Limits count characters, not bytes: 5,000 Vietnamese letters pass, one more does not.
  std::string body;
  for (int i = 0; i < 5000; ++i) {
    body += "ệ";
  }
  Draft longest{"Lan", "", body};
  EXPECT_TRUE(check(longest, policy, limits).empty());
  Draft too_long{std::string(81, 'n'), "", body + "ệ"};
  const auto over = check(too_long, policy, limits);
  ASSERT_EQ(over.size(), 2u);
  EXPECT_EQ(over[0].problem, Problem::kTooLong);
  EXPECT_EQ(over[1].problem, Problem::kTooLong);

  Draft links{"Lan", "", "http://a.test http://b.test http://c.test"};
  EXPECT_EQ(check(links, policy, limits).at(0).problem, Problem::kTooManyLinks);
  Draft broken{"L\xC3", "", "ok"};
  const auto malformed = check(broken, policy, limits);
  EXPECT_EQ(malformed.at(0).problem, Problem::kMalformed);
  EXPECT_EQ(broken.name, "L\xEF\xBF\xBD");  // shown back with a replacement character
}

TEST(Policy, ReadsTheSettingsAndAppliesTheArticles) {
  const Policy fallback = site_policy({});
  EXPECT_EQ(fallback.mode, Mode::kModerated);
  EXPECT_EQ(fallback.close_after_days, 0);
  const Policy p = site_policy({{std::string(store::setting::kCommentPolicy), "open"},
                                {std::string(store::setting::kCommentsCloseAfterDays), "7"},
                                {std::string(store::setting::kCommentsRequireEmail), "1"}});
  EXPECT_EQ(p.mode, Mode::kOpen);
  EXPECT_EQ(p.close_after_days, 7);
  EXPECT_TRUE(p.require_email);
  EXPECT_EQ(site_policy({{std::string(store::setting::kCommentPolicy), "chaos"}}).mode,
            Mode::kModerated);

  core::Article a;
  a.published_at = at("2026-11-01T00:00:00Z");
  EXPECT_EQ(effective_mode(p, a, at("2026-11-07T23:59:59Z")), Mode::kOpen);
  EXPECT_EQ(effective_mode(p, a, at("2026-11-08T00:00:00Z")), Mode::kClosed);
  a.comment_mode = "moderated";
  EXPECT_EQ(effective_mode(p, a, at("2026-11-02T00:00:00Z")), Mode::kModerated);
  a.comments_open = false;
  EXPECT_EQ(effective_mode(p, a, at("2026-11-02T00:00:00Z")), Mode::kClosed);
  a.comments_open = true;
  Policy closed = p;
  closed.mode = Mode::kClosed;
  a.comment_mode = "open";
  EXPECT_EQ(effective_mode(closed, a, at("2026-11-02T00:00:00Z")), Mode::kClosed);
}

TEST(Signer, TokensHoldForTheirArticleTodayAndYesterdayOnly) {
  const Signer signer(new_secret());
  const core::Instant noon = at("2026-11-28T12:00:00Z");
  const std::string token = signer.form_token(42, noon);
  EXPECT_EQ(token, signer.form_token(42, at("2026-11-28T00:00:00Z")));  // same all day
  EXPECT_TRUE(signer.is_valid_token(token, 42, noon));
  EXPECT_TRUE(signer.is_valid_token(token, 42, at("2026-11-29T23:59:59Z")));
  EXPECT_FALSE(signer.is_valid_token(token, 42, at("2026-11-30T00:00:00Z")));
  EXPECT_FALSE(signer.is_valid_token(token, 43, noon));
  EXPECT_FALSE(Signer(new_secret()).is_valid_token(token, 42, noon));
  std::string tampered = token;
  tampered.back() = tampered.back() == '0' ? '1' : '0';
  EXPECT_FALSE(signer.is_valid_token(tampered, 42, noon));
  // A token of a future day, or of any made-up shape, is refused.
  EXPECT_FALSE(signer.is_valid_token(signer.form_token(42, at("2026-11-29T00:00:00Z")), 42, noon));
  for (const char* junk :
       {"", ".", "20785.", ".abc", "x.y", "99999999999999999999.ab", "20785.zz"}) {
    EXPECT_FALSE(signer.is_valid_token(junk, 42, noon)) << junk;
  }
}

TEST(Signer, ClientHashesAreKeyedAndStable) {
  const std::string secret = new_secret();
  EXPECT_EQ(secret.size(), 64u);
  EXPECT_NE(secret, new_secret());
  const Signer signer(secret);
  const std::string h = signer.client_hash("203.0.113.7");
  EXPECT_EQ(h.size(), 32u);
  EXPECT_EQ(h.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(h, Signer(secret).client_hash("203.0.113.7"));
  EXPECT_NE(h, signer.client_hash("203.0.113.8"));
  EXPECT_NE(h, Signer(new_secret()).client_hash("203.0.113.7"));
}

}  // namespace
}  // namespace tapchi::comments
