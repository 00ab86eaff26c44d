// The default theme fed hostile view data: every string of every view (titles, captions, names,
// hrefs, …) is a line of the input, with its "<script>", quotes, "{{" and invalid UTF-8. The
// article's body is the input through markdown_to_html, as the site makes it; comment bodies and
// the author's bio are input lines that the theme itself turns into paragraphs.
// Property: escaping holds. Each page is rendered twice, once with the input's strings and once
// with every non-empty string replaced by "x" (HTML fields the same in both), and the two pages
// have the same tags with the same attribute names: nothing the input says opens a tag, closes an
// attribute or adds one.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "core/core.h"
#include "fuzz_check.h"
#include "render/render.h"

namespace {

using tapchi::fuzz::expect;
namespace render = tapchi::render;

// Hands out the input's lines in turn, over and over; as `is_plain`, "x" for each non-empty one.
class Strings {
 public:
  Strings(std::vector<std::string_view> lines, bool is_plain)
      : lines_(std::move(lines)), is_plain_(is_plain) {}

  std::string next() {
    if (lines_.empty()) {
      return {};
    }
    const std::string_view line = lines_[at_++ % lines_.size()];
    return is_plain_ && !line.empty() ? "x" : std::string(line);
  }
  // A small count from the next line's length, for how many items a list has.
  std::size_t count(std::size_t most) {
    return lines_.empty() ? 0 : lines_[at_++ % lines_.size()].size() % (most + 1);
  }

 private:
  std::vector<std::string_view> lines_;
  bool is_plain_;
  std::size_t at_ = 0;
};

render::Link link(Strings& s, bool is_current = false) { return {s.next(), s.next(), is_current}; }

render::Image image(Strings& s) {
  render::Image i;
  i.src = s.next();
  i.width = 640;
  i.height = 480;
  i.alt = s.next();
  i.caption = s.next();
  i.credit = s.next();
  i.srcset = s.next();
  i.webp_srcset = s.next();
  return i;
}

render::Frame frame(Strings& s, const std::string& language) {
  render::Frame f;
  f.language = language;
  f.site_name = s.next();
  f.home_href = s.next();
  f.title = s.next();
  f.description = s.next();
  f.canonical = s.next();
  f.now_text = s.next();
  for (std::size_t i = 0, n = s.count(3); i < n; ++i) {
    f.sections.push_back(link(s, i == 0));
  }
  f.editions = {link(s, true), link(s)};
  f.alternates = {{"en", s.next()}, {"vi", s.next()}};
  f.archive_href = s.next();
  return f;
}

render::Teaser teaser(Strings& s) {
  render::Teaser t;
  t.href = s.next();
  t.title = s.next();
  t.excerpt = s.next();
  t.time_text = s.next();
  t.time_iso = s.next();
  if (s.count(1) == 1) {
    t.image = image(s);
  }
  t.section = link(s);
  return t;
}

std::vector<render::Teaser> teasers(Strings& s) {
  std::vector<render::Teaser> out;
  for (std::size_t i = 0, n = s.count(3); i < n; ++i) {
    out.push_back(teaser(s));
  }
  return out;
}

// The views of every page.
struct Pages {
  render::ArticleView article;
  render::HomeView home;
  render::ListView list;
  render::AuthorView author;
  render::ArchiveIndexView archive;
};

// The views from one source of strings; `body_html` (the article's) and `bodies` (the comments'
// texts and the bio, which the theme makes paragraphs of) are the same in both renderings.
Pages pages(Strings& s, const std::string& language, const std::string& body_html,
            const std::vector<std::string>& bodies) {
  Pages p;
  render::ArticleView& a = p.article;
  a.frame = frame(s, language);
  a.title = s.next();
  a.lead = s.next();
  a.body_html = body_html;
  a.published_text = s.next();
  a.published_iso = s.next();
  a.updated_text = s.next();
  a.image = image(s);
  a.section = link(s);
  a.bylines = {{s.next(), s.next(), s.next()}, {s.next(), s.next(), s.next()}};
  a.tags = {link(s), link(s)};
  a.translation = link(s);
  a.comment_count = static_cast<int>(bodies.size());
  for (std::size_t i = 0; i < bodies.size(); ++i) {
    render::CommentView c;
    c.id = static_cast<tapchi::core::Id>(i + 1);
    c.name = s.next();
    c.time_text = s.next();
    c.time_iso = s.next();
    c.body = bodies[i];
    c.is_staff = i % 2 == 1;
    c.reply_href = s.next();
    if (i == 0 && bodies.size() > 1) {
      render::CommentView reply = c;
      reply.id = 100;
      reply.name = s.next();
      reply.body = bodies[1];
      reply.reply_href.clear();
      c.replies.push_back(reply);
    }
    a.comments.push_back(std::move(c));
  }
  render::CommentForm form;
  form.action = s.next();
  form.article_id = 7;
  form.token = s.next();
  form.reply_to = bodies.empty() ? 0 : 1;
  form.reply_to_name = s.next();
  form.cancel_reply_href = s.next();
  form.name = s.next();
  form.email = s.next();
  form.body = s.next();
  form.errors = {{"name", "missing"}, {"body", "too_long"}};
  form.notice = "held";
  a.comment_form = form;
  a.related = teasers(s);

  p.home.frame = frame(s, language);
  p.home.lead_story = teaser(s);
  p.home.latest = teasers(s);
  p.home.blocks = {{link(s), teasers(s)}};

  p.list.frame = frame(s, language);
  p.list.heading = s.next();
  p.list.kind = "section";
  p.list.teasers = teasers(s);
  p.list.prev_href = s.next();
  p.list.next_href = s.next();
  p.list.page = 2;
  p.list.page_count = 3;

  p.author.frame = frame(s, language);
  p.author.name = s.next();
  p.author.position = s.next();
  p.author.bio = bodies.empty() ? "" : bodies.back();  // becomes paragraphs, like comments
  p.author.photo = image(s);
  p.author.teasers = teasers(s);
  p.author.prev_href = s.next();
  p.author.next_href = s.next();

  p.archive.frame = frame(s, language);
  p.archive.months = {{s.next(), s.next(), 3}, {s.next(), s.next(), 0}};
  return p;
}

// Each page's tags as "name attr attr …" lines, for comparing two renderings.
std::string skeleton(std::string_view html) {
  std::string out;
  for (const auto& tag : tapchi::fuzz::tags_of(html)) {
    out += tag.name;
    for (const auto& [name, value] : tag.attributes) {
      out += " " + name;
    }
    out += "\n";
  }
  return out;
}

std::vector<std::string> rendered(const render::Theme& theme, const Pages& p) {
  return {theme.article(p.article),
          theme.home(p.home),
          theme.list(p.list),
          theme.author(p.author),
          theme.archive_index(p.archive),
          theme.not_found(p.article.frame)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::shared_ptr<const render::Theme> theme = [] {
    auto loaded = render::Theme::load(std::nullopt);
    expect(loaded.has_value(), "the default theme does not load");
    return *loaded;
  }();
  const std::string_view input = tapchi::fuzz::as_text(data, size);
  const auto lines = tapchi::fuzz::lines_of(input);
  const std::string language = size % 2 == 0 ? "vi" : "en";
  render::MarkdownOptions options;
  options.language = language;
  const std::string body_html = render::markdown_to_html(input, options);
  std::vector<std::string> bodies;
  for (std::size_t i = 0; i < std::min<std::size_t>(lines.size(), 2); ++i) {
    bodies.emplace_back(lines[i]);
  }

  Strings hostile(lines, false);
  Strings plain(lines, true);
  const auto hostile_pages = rendered(*theme, pages(hostile, language, body_html, bodies));
  const auto plain_pages = rendered(*theme, pages(plain, language, body_html, bodies));
  for (std::size_t i = 0; i < hostile_pages.size(); ++i) {
    const std::string shape = skeleton(hostile_pages[i]);
    expect(shape == skeleton(plain_pages[i]),
           "the input's strings changed the page's tags or attributes", hostile_pages[i]);
  }
  return 0;
}
