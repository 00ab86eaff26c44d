// Hostile comment texts, and what must hold of any comment's HTML: shared by the render unit
// tests (comment_to_html alone) and the HTTP suite (posted, cleaned, stored and shown).
#pragma once
#include <regex>
#include <string>
#include <vector>

namespace tapchi::testing {

inline std::vector<std::string> hostile_comments() {
  std::vector<std::string> texts = {
      "<script>alert(1)</script>",
      "<SCRIPT SRC=//evil.test/x.js></SCRIPT>",
      "<scr<script>ipt>alert(1)</script>",
      "<img src=x onerror=alert(1)>",
      "<svg onload=alert(1)>",
      "<svg><script>alert(1)</script></svg>",
      "<body onload=alert(1)>",
      "<iframe src=\"javascript:alert(1)\"></iframe>",
      "<a href=\"javascript:alert(1)\">click</a>",
      "<a href=javascript&colon;alert(1)>x</a>",
      "[click](javascript:alert(1))",
      "![x](javascript:alert(1))",
      "javascript:alert(document.cookie)",
      "JaVaScRiPt:alert(1)",
      "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
      "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
      "vbscript:msgbox(1)",
      "<object data=\"javascript:alert(1)\"></object>",
      "<embed src=\"data:image/svg+xml,<svg onload=alert(1)>\">",
      "<style>body{display:none}</style>",
      "<div style=\"background:url(javascript:alert(1))\">x</div>",
      "<link rel=stylesheet href=//evil.test/x.css>",
      "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.test\">",
      "<form action=https://evil.test><input name=p></form>",
      "<!-- <script>alert(1)</script> -->",
      "<![CDATA[<script>alert(1)</script>]]>",
      "&lt;script&gt;alert(1)&lt;/script&gt;",
      "&#x3C;script&#x3E;alert(1)&#x3C;/script&#x3E;",
      "&#60;img src=x onerror=alert(1)&#62;",
      "\"><script>alert(1)</script>",
      "'><img src=x onerror=alert(1)>",
      "\" onmouseover=\"alert(1)",
      "https://example.org/\"onmouseover=\"alert(1)",
      "https://example.org/'onclick='alert(1)'",
      "https://example.org/<script>alert(1)</script>",
      "http://example.org/a?b=<svg/onload=alert(1)>",
      "www.example.org\"><script>alert(1)</script>",
      "https://javascript:alert(1)@example.org/",
      "http://",
      "https://",
      "{{constructor.constructor('alert(1)')()}}",
      "{{{raw}}} {{#x}}y{{/x}}",
      "${alert(1)} #{alert(1)} <%= 1 %>",
      "＜script＞alert(1)＜/script＞",  // fullwidth < and >
      "\xE2\x80\xAE"
      "gnp.exe \xE2\x80\xAD"
      "ok",  // right-to-left override
      "abc\xE2\x81\xA7"
      "def\xE2\x81\xA9",                    // isolates
      "zero\xE2\x80\x8Bwidth\xEF\xBB\xBF",  // zero-width space, BOM
      std::string("null\0byte", 9),
      "bell\x07 escape\x1B[2J backspace\x08",
      "line\r\nbreaks\rand\ttabs",
      "(see https://example.org/wiki/Foo_(bar)) and https://example.org/end.",
      "<p>paragraph</p><br><b>bold</b>",
      "<textarea></textarea><script>alert(1)</script>",
      "</section></article><script>alert(1)</script>",
      "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  };
  texts.push_back(std::string(20000, 'W'));  // a very long word
  texts.push_back("https://example.org/" + std::string(3000, 'a'));
  std::string many_lines;
  for (int i = 0; i < 2000; ++i) {
    many_lines += "line\n\n";
  }
  texts.push_back(many_lines);
  return texts;
}

// What is wrong with the HTML of a comment, or "" when nothing is: only <p>, <br> and links with
// an http(s) href, rel="nofollow ugc noopener" and no other attribute may appear as markup.
inline std::string comment_html_problem(const std::string& html) {
  static const std::regex tag("<[^>]*>");
  static const std::regex allowed(
      R"(^(<p>|</p>|<br>|</a>|<a href="https?://[^"\s<>]+" rel="nofollow ugc noopener">)$)");
  for (std::sregex_iterator it(html.begin(), html.end(), tag), end; it != end; ++it) {
    if (!std::regex_match(it->str(), allowed)) {
      return "unexpected markup " + it->str().substr(0, 200);
    }
  }
  if (html.find("<a href=\"javascript") != std::string::npos ||
      html.find("<a href=\"data") != std::string::npos) {
    return "a script link";
  }
  return {};
}

}  // namespace tapchi::testing
