#include "render/view_data.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace tapchi::render {

namespace {

using kainjow::mustache::data;

data object() { return data(data::type::object); }

// Mustache treats an empty string as true, so optional text is set only when present.
void set_text(data& d, const std::string& name, const std::string& value) {
  if (!value.empty()) {
    d.set(name, value);
  }
}
data list() { return data(data::type::list); }

template <typename T, typename Fn>
data list_of(const std::vector<T>& items, Fn&& to_data) {
  data out = list();
  for (const auto& item : items) {
    out.push_back(to_data(item));
  }
  return out;
}

data link_data(const Link& l) {
  data d = object();
  d.set("href", l.href);
  d.set("label", l.label);
  d.set("is_current", data(l.is_current));
  return d;
}

data image_data(const Image& i, std::string_view language) {
  data d = object();
  d.set("src", i.src);
  d.set("alt", i.alt);
  if (i.width > 0 && i.height > 0) {
    d.set("width", std::to_string(i.width));
    d.set("height", std::to_string(i.height));
  }
  set_text(d, "caption", i.caption);
  if (!i.credit.empty()) {
    d.set("credit", credit_text(language, i.credit));
  }
  if (!i.srcset.empty()) {
    d.set("srcset", i.srcset);
  }
  if (!i.webp_srcset.empty()) {
    d.set("webp_srcset", i.webp_srcset);
  }
  return d;
}

// Escaped text with the pieces that matched a search in <mark>.
std::string marked_html(const std::vector<TextPiece>& pieces) {
  std::string html;
  for (const TextPiece& piece : pieces) {
    html +=
        piece.is_match ? "<mark>" + escape_html(piece.text) + "</mark>" : escape_html(piece.text);
  }
  return html;
}

data teaser_data(const Teaser& t, std::string_view language) {
  data d = object();
  d.set("href", t.href);
  d.set("title", t.title);
  set_text(d, "excerpt", t.excerpt);
  d.set("time_text", t.time_text);
  d.set("time_iso", t.time_iso);
  if (t.image) {
    d.set("image", image_data(*t.image, language));
  }
  if (t.section) {
    d.set("section", link_data(*t.section));
  }
  if (!t.snippet.empty()) {
    d.set("snippet_html", marked_html(t.snippet));
  }
  d.set("title_html", t.marked_title.empty() ? escape_html(t.title) : marked_html(t.marked_title));
  return d;
}

data teasers_data(const std::vector<Teaser>& teasers, std::string_view language) {
  return list_of(teasers, [&](const Teaser& t) { return teaser_data(t, language); });
}

data comment_data(const CommentView& c) {
  data d = object();
  d.set("id", std::to_string(c.id));
  d.set("name", c.name);
  d.set("time_text", c.time_text);
  d.set("time_iso", c.time_iso);
  d.set("body_html", comment_to_html(c.body));
  d.set("is_staff", data(c.is_staff));
  if (!c.reply_href.empty()) {
    d.set("reply_href", c.reply_href);
  }
  d.set("replies", list_of(c.replies, comment_data));
  d.set("has_replies", data(!c.replies.empty()));
  return d;
}

void set_pagination(data& d, const std::string& prev, const std::string& next) {
  if (!prev.empty()) {
    d.set("prev_href", prev);
  }
  if (!next.empty()) {
    d.set("next_href", next);
  }
  d.set("has_pagination", data(!prev.empty() || !next.empty()));
}

}  // namespace

namespace {

bool ends_address(char c) {
  return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '<' || c == '>' || c == '"' ||
         c == '\'' || c == '`';
}

// One line of a comment, escaped, with its web addresses as links.
std::string linked_line(std::string_view line) {
  std::string out;
  std::size_t plain = 0;  // start of text not yet written
  for (std::size_t i = 0; i < line.size(); ++i) {
    const bool at_word_start =
        i == 0 || (std::isalnum(static_cast<unsigned char>(line[i - 1])) == 0 &&
                   (line[i - 1] & 0x80) == 0 && line[i - 1] != '/' && line[i - 1] != '@');
    const bool is_www = core::has_prefix_at(line, i, "www.");
    if (!at_word_start || !(is_www || core::has_prefix_at(line, i, "http://") ||
                            core::has_prefix_at(line, i, "https://"))) {
      continue;
    }
    std::size_t end = i;
    while (end < line.size() && !ends_address(line[end])) {
      ++end;
    }
    // Punctuation that ends a sentence is not part of the address; a ")" is when "(" opened it.
    while (end > i) {
      const char last = line[end - 1];
      const std::string_view so_far = line.substr(i, end - i);
      const bool unmatched_paren = last == ')' && std::count(so_far.begin(), so_far.end(), '(') <
                                                      std::count(so_far.begin(), so_far.end(), ')');
      if (std::string_view(".,;:!?]}").find(last) != std::string_view::npos || unmatched_paren) {
        --end;
      } else {
        break;
      }
    }
    const std::string_view address = line.substr(i, end - i);
    const std::size_t scheme_end = is_www ? 4 : address.find("://") + 3;
    if (address.size() <= scheme_end) {
      continue;  // "http://" alone
    }
    out += escape_html(line.substr(plain, i - plain));
    const std::string href = is_www ? "http://" + std::string(address) : std::string(address);
    out += "<a href=\"" + escape_html(href) + "\" rel=\"nofollow ugc noopener\">" +
           escape_html(address) + "</a>";
    plain = end;
    i = end - 1;
  }
  out += escape_html(line.substr(plain));
  return out;
}

// Text as paragraphs; each line goes through `line_html`.
template <typename LineHtml>
std::string paragraphs(std::string_view text, LineHtml line_html) {
  std::string out;
  std::string paragraph;
  const auto flush = [&] {
    if (!paragraph.empty()) {
      out += "<p>" + paragraph + "</p>";
      paragraph.clear();
    }
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.find_first_not_of(" \t") == std::string_view::npos) {
      flush();
    } else {
      paragraph += paragraph.empty() ? "" : "<br>";
      paragraph += line_html(line);
    }
    start = end + 1;
  }
  flush();
  return out;
}

}  // namespace

std::string text_to_paragraphs(std::string_view text) {
  return paragraphs(text, [](std::string_view line) { return escape_html(line); });
}

std::string comment_to_html(std::string_view text) { return paragraphs(text, linked_line); }

data labels_data(const Labels* labels) {
  data d = object();
  if (labels == nullptr) {
    return d;
  }
  const std::pair<const char*, std::string_view> fields[] = {
      {"skip_to_content", labels->skip_to_content},
      {"sections", labels->sections},
      {"editions", labels->editions},
      {"published", labels->published},
      {"updated", labels->updated},
      {"by", labels->by},
      {"tags", labels->tags},
      {"your_comment", labels->your_comment},
      {"comments_closed", labels->comments_closed},
      {"no_comments", labels->no_comments},
      {"staff", labels->staff},
      {"name", labels->name},
      {"email", labels->email},
      {"email_hint", labels->email_hint},
      {"comment", labels->comment},
      {"send", labels->send},
      {"reply", labels->reply},
      {"related", labels->related},
      {"latest", labels->latest},
      {"most_read", labels->most_read},
      {"more", labels->more},
      {"previous", labels->previous},
      {"next", labels->next},
      {"page", labels->page},
      {"of", labels->of},
      {"archive", labels->archive},
      {"articles", labels->articles},
      {"not_found_title", labels->not_found_title},
      {"not_found_text", labels->not_found_text},
      {"back_home", labels->back_home},
      {"read_in", labels->read_in},
      {"leave_comment", labels->leave_comment},
      {"replying_to", labels->replying_to},
      {"cancel_reply", labels->cancel_reply},
      {"moderated_note", labels->moderated_note},
      {"optional", labels->optional},
      {"honeypot", labels->honeypot},
      {"search", labels->search},
      {"search_placeholder", labels->search_placeholder},
      {"results", labels->results},
      {"filters", labels->filters},
      {"section", labels->section},
      {"author", labels->author},
      {"any_section", labels->any_section},
      {"any_author", labels->any_author},
      {"date_from", labels->date_from},
      {"date_to", labels->date_to},
      {"sort", labels->sort},
      {"relevance", labels->relevance},
      {"newest", labels->newest},
      {"no_results", labels->no_results},
      {"try_without_filters", labels->try_without_filters},
      {"remove_filters", labels->remove_filters},
      {"query_empty", labels->query_empty},
      {"query_only_exclusions", labels->query_only_exclusions},
      {"query_too_long", labels->query_too_long},
      {"query_not_text", labels->query_not_text},
      {"query_shortened", labels->query_shortened},
      {"bad_date", labels->bad_date},
      {"more_results", labels->more_results},
  };
  for (const auto& [name, value] : fields) {
    d.set(name, std::string(value));
  }
  return d;
}

// OpenGraph's locale of a BCP 47 language: "vi" → "vi_VN", "en-GB" → "en_GB".
std::string og_locale(std::string_view language) {
  std::string out(language);
  std::replace(out.begin(), out.end(), '-', '_');
  if (out == "vi") {
    return "vi_VN";
  }
  if (out == "en") {
    return "en_US";
  }
  return out;
}

data meta_data(const Frame& f) {
  const PageMeta& m = f.meta;
  data d = object();
  d.set("og_type", m.og_type);
  // The page's own title: what the <title> says before " - <site name>".
  const std::string suffix = " - " + f.site_name;
  const bool has_suffix =
      f.title.size() > suffix.size() &&
      f.title.compare(f.title.size() - suffix.size(), suffix.size(), suffix) == 0;
  d.set("title", has_suffix ? f.title.substr(0, f.title.size() - suffix.size()) : f.title);
  d.set("locale", og_locale(f.language));
  if (!m.image_url.empty()) {
    data image = object();
    image.set("url", m.image_url);
    image.set("width", std::to_string(m.image_width));
    image.set("height", std::to_string(m.image_height));
    image.set("alt", m.image_alt);
    d.set("image", image);
  }
  d.set("twitter_card", m.image_url.empty() ? "summary" : "summary_large_image");
  set_text(d, "published", m.published_rfc3339);
  set_text(d, "modified", m.modified_rfc3339.empty() ? m.published_rfc3339 : m.modified_rfc3339);
  set_text(d, "section", m.section);
  d.set("tags", list_of(m.tags, [](const std::string& t) {
          data tag = object();
          tag.set("name", t);
          return tag;
        }));
  d.set("authors", list_of(m.author_urls, [](const std::string& u) {
          data author = object();
          author.set("url", u);
          return author;
        }));
  d.set("json_ld", list_of(m.json_ld, [](const std::string& j) {
          data script = object();
          script.set("json", j);
          return script;
        }));
  return d;
}

data frame_data(const Frame& f) {
  data d = object();
  d.set("language", f.language);
  d.set("site_name", f.site_name);
  d.set("home_href", f.home_href);
  d.set("title", f.title);
  d.set("description", f.description);
  d.set("canonical", f.canonical);
  d.set("now_text", f.now_text);
  d.set("archive_href", f.archive_href);
  d.set("search_href", f.search_href);
  d.set("icon_href", f.icon_href);
  d.set("touch_icon_href", f.touch_icon_href);
  d.set("feeds", list_of(f.feeds, [](const FeedLink& l) {
          data feed = object();
          feed.set("type", l.type);
          feed.set("title", l.title);
          feed.set("href", l.href);
          return feed;
        }));
  d.set("meta", meta_data(f));
  set_text(d, "search_query", f.search_query);
  d.set("sections", list_of(f.sections, link_data));
  d.set("editions", list_of(f.editions, link_data));
  d.set("footer_pages", list_of(f.footer_pages, link_data));
  d.set("has_footer_pages", data(!f.footer_pages.empty()));
  d.set("alternates", list_of(f.alternates, [](const Alternate& a) {
          data alt = object();
          alt.set("language", a.language);
          alt.set("href", a.href);
          return alt;
        }));
  return d;
}

data home_data(const HomeView& v) {
  data d = object();
  if (v.lead_story) {
    d.set("lead_story", teaser_data(*v.lead_story, v.frame.language));
  }
  d.set("latest", teasers_data(v.latest, v.frame.language));
  d.set("has_most_read", data(!v.most_read.empty()));
  d.set("most_read", teasers_data(v.most_read, v.frame.language));
  d.set("blocks", list_of(v.blocks, [&](const SectionBlock& b) {
          data block = object();
          block.set("section", link_data(b.section));
          if (!b.teasers.empty()) {
            block.set("first", teaser_data(b.teasers.front(), v.frame.language));
            block.set("rest",
                      teasers_data(std::vector<Teaser>(b.teasers.begin() + 1, b.teasers.end()),
                                   v.frame.language));
          }
          return block;
        }));
  return d;
}

data article_data(const ArticleView& v) {
  data d = object();
  d.set("title", v.title);
  set_text(d, "lead", v.lead);
  d.set("body_html", v.body_html);
  d.set("published_text", v.published_text);
  d.set("published_iso", v.published_iso);
  if (!v.updated_text.empty()) {
    d.set("updated_text", v.updated_text);
  }
  if (v.image) {
    d.set("image", image_data(*v.image, v.frame.language));
  }
  if (v.section) {
    d.set("section", link_data(*v.section));
  }
  d.set("bylines", list_of(v.bylines, [](const Byline& b) {
          data byline = object();
          byline.set("name", b.name);
          set_text(byline, "position", b.position);
          byline.set("href", b.href);
          return byline;
        }));
  d.set("has_bylines", data(!v.bylines.empty()));
  d.set("tags", list_of(v.tags, link_data));
  d.set("has_tags", data(!v.tags.empty()));
  if (v.translation) {
    d.set("translation", link_data(*v.translation));
  }
  d.set("comment_count", std::to_string(v.comment_count));
  d.set("comments", list_of(v.comments, comment_data));
  d.set("has_comments", data(!v.comments.empty()));
  d.set("comments_open", data(v.comments_open));
  if (v.comment_form) {
    const CommentForm& f = *v.comment_form;
    data form = object();
    form.set("action", f.action);
    form.set("article_id", std::to_string(f.article_id));
    form.set("token", f.token);
    form.set("is_moderated", data(f.is_moderated));
    form.set("email_required", data(f.email_required));
    if (f.reply_to != 0) {
      form.set("reply_to", std::to_string(f.reply_to));
      form.set("reply_to_name", f.reply_to_name);
      form.set("cancel_reply_href", f.cancel_reply_href);
    }
    form.set("name", f.name);
    form.set("email", f.email);
    form.set("body", f.body);
    for (const auto& [field, key] : f.errors) {
      form.set(field + "_error", std::string(comment_message(v.frame.language, key)));
    }
    if (!f.notice.empty()) {
      form.set("notice", std::string(comment_message(v.frame.language, f.notice)));
    }
    d.set("comment_form", form);
  }
  d.set("related", teasers_data(v.related, v.frame.language));
  d.set("has_related", data(!v.related.empty()));
  return d;
}

data list_data(const ListView& v) {
  data d = object();
  d.set("heading", v.heading);
  d.set("kind", v.kind);
  d.set("teasers", teasers_data(v.teasers, v.frame.language));
  d.set("has_most_read", data(!v.most_read.empty()));
  d.set("most_read", teasers_data(v.most_read, v.frame.language));
  d.set("page", std::to_string(v.page));
  d.set("page_count", std::to_string(v.page_count));
  set_pagination(d, v.prev_href, v.next_href);
  return d;
}

data author_data(const AuthorView& v) {
  data d = object();
  d.set("name", v.name);
  set_text(d, "position", v.position);
  d.set("bio_html", text_to_paragraphs(v.bio));
  if (v.photo) {
    d.set("photo", image_data(*v.photo, v.frame.language));
  }
  d.set("teasers", teasers_data(v.teasers, v.frame.language));
  set_pagination(d, v.prev_href, v.next_href);
  return d;
}

data page_data(const PageView& v) {
  data d = object();
  d.set("title", v.title);
  d.set("body_html", v.body_html);
  d.set("updated_text", v.updated_text);
  d.set("updated_iso", v.updated_iso);
  return d;
}

data search_data(const SearchView& v) {
  data d = object();
  d.set("query", v.query);
  d.set("action", v.action);
  d.set("messages", list_of(v.messages, [&](const std::string& key) {
          data m = object();
          m.set("text", std::string(search_message(v.frame.language, key)));
          return m;
        }));
  d.set("has_results", data(v.total > 0));
  d.set("no_results", data(v.has_searched && v.total == 0));
  d.set("total", std::to_string(v.total) + (v.is_more ? "+" : ""));
  d.set("is_more", data(v.is_more));
  d.set("hits", teasers_data(v.hits, v.frame.language));
  d.set("section_options", list_of(v.section_options, link_data));
  d.set("author_options", list_of(v.author_options, link_data));
  d.set("from", v.from);
  d.set("to", v.to);
  d.set("is_newest_first", data(v.is_newest_first));
  d.set("has_filters", data(v.has_filters));
  d.set("without_filters_href", v.without_filters_href);
  d.set("page", std::to_string(v.page));
  d.set("page_count", std::to_string(v.page_count));
  d.set("has_pages", data(v.page_count > 1));
  set_pagination(d, v.prev_href, v.next_href);
  return d;
}

data archive_data(const ArchiveIndexView& v) {
  data d = object();
  d.set("months", list_of(v.months, [](const ArchiveMonth& m) {
          data month = object();
          month.set("href", m.href);
          month.set("label", m.label);
          month.set("count", std::to_string(m.count));
          return month;
        }));
  return d;
}

}  // namespace tapchi::render
