#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/format.h>

#include "app/commands.h"
#include "app/demo_content.h"
#include "importers/importers.h"
#include "media/media.h"

namespace tapchi::app {

namespace {

constexpr int kPhotoWidth = 1200;
constexpr int kPhotoHeight = 675;

const core::Edition* edition_of_language(const std::vector<core::Edition>& editions,
                                         std::string_view language) {
  for (const core::Edition& e : editions) {
    if (e.language == language) {
      return &e;
    }
  }
  return nullptr;
}

// One photo file per edition, so that each carries captions in its own language.
core::Result<std::filesystem::path> photo(const std::filesystem::path& dir, std::string_view name,
                                          std::uint32_t seed) {
  const auto file = dir / fmt::format("{}.jpg", name);
  if (!std::filesystem::exists(file)) {
    auto drawn = media::draw_demo_photo(file, kPhotoWidth, kPhotoHeight, seed);
    if (!drawn) {
      return core::fail(drawn.error());
    }
  }
  return file;
}

std::string body_of(const DemoProse& prose, int g, const std::string& inline_image) {
  const auto& p = prose.paragraphs;
  const auto para = [&](int k) { return p[static_cast<std::size_t>((g + k) % p.size())]; };
  std::string body = para(0) + "\n\n";
  for (std::size_t h = 0; h < prose.headings.size(); ++h) {
    body += fmt::format("## {}. {}\n\n", h + 1, prose.headings[h]);
    body += para(static_cast<int>(h) * 2 + 1) + "\n\n";
    if (h == 0) {
      body +=
          "> " + prose.quotations[static_cast<std::size_t>(g) % prose.quotations.size()] + "\n\n";
    }
    if (h == 1 && !inline_image.empty()) {
      body += inline_image + "\n\n";
    }
    body += para(static_cast<int>(h) * 2 + 2) + "\n\n";
  }
  return body;
}

}  // namespace

// The demo's static pages, listed in each edition's footer: what a journal says of itself.
struct DemoPage {
  bool is_english = false;
  std::string_view slug;
  std::string_view title;
  std::string_view body;
};
constexpr DemoPage kDemoPages[] = {
    {false, "gioi-thieu", "Giới thiệu",
     "## 1. Tạp chí\n\nTạp chí là ấn phẩm điện tử về lịch sử, quốc phòng và đời sống, ra hằng "
     "ngày bằng tiếng Việt và tiếng Anh.\n\n## 2. Tôn chỉ\n\n- Thông tin chính xác, có "
     "nguồn rõ ràng.\n- Tôn trọng bạn đọc: bình luận được duyệt trước khi đăng."},
    {false, "lien-he", "Liên hệ",
     "**Tòa soạn**: 12 Lý Nam Đế, Hoàn Kiếm, Hà Nội\n\n**Điện thoại**: 024 3 123 4567\n\n"
     "**Thư điện tử**: toasoan@tapchi.example"},
    {true, "about-us", "About us",
     "## 1. The journal\n\nThe journal publishes daily on history, defence and society, in "
     "Vietnamese and in English.\n\n## 2. Principles\n\n- Accurate reporting with clear "
     "sources.\n- Respect for readers: comments are moderated before they appear."},
    {true, "contact", "Contact",
     "**Newsroom**: 12 Ly Nam De, Hoan Kiem, Hanoi\n\n**Telephone**: +84 24 3 123 4567\n\n"
     "**Email**: newsroom@tapchi.example"},
};

// Writes the demo's static pages (again: as they are here), each in its edition's footer.
core::Result<void> write_demo_pages(store::Store& store, const core::Edition& vi,
                                    const core::Edition& en) {
  int place[2] = {0, 0};
  for (const DemoPage& d : kDemoPages) {
    const core::Edition& e = d.is_english ? en : vi;
    const int footer = ++place[d.is_english ? 1 : 0];
    core::StaticPage p;
    if (auto existing = store.static_page_by_slug(e.id, d.slug)) {
      if (existing->title == d.title && existing->body == d.body && existing->is_published &&
          existing->footer_position == footer) {
        continue;  // as the demo wrote it: no new revision
      }
      p = *existing;
    }
    p.edition_id = e.id;
    p.slug = std::string(d.slug);
    p.title = std::string(d.title);
    p.body = std::string(d.body);
    p.is_published = true;
    p.footer_position = footer;
    p.updated_at = core::parse_instant("2026-11-01T08:00:00+07:00").value();
    p.version = 0;  // the demo's text, whatever was saved since
    if (auto saved = store.save_static_page(p, {0, 0, 0, 0, p.updated_at, "demo", "", ""});
        !saved) {
      return core::fail(saved.error());
    }
  }
  return {};
}

core::Result<DemoReport> write_demo(store::Store& store, const Config& config) {
  auto editions = store.editions();
  if (!editions) {
    return core::fail(editions.error());
  }
  const core::Edition* vi = edition_of_language(*editions, "vi");
  const core::Edition* en = edition_of_language(*editions, "en");
  if (vi == nullptr || en == nullptr) {
    return core::fail(core::invalid(
        "the demo journal needs a Vietnamese (vi) and an English (en) edition", "editions"));
  }
  const auto photo_dir = config.data_dir / "demo-photos";
  std::filesystem::create_directories(photo_dir);
  // The newest story appears at this instant; the others step back through the months.
  const core::Instant newest = core::parse_instant("2026-11-24T07:06:00+07:00").value();
  DemoReport report;
  int g = 0;
  for (const DemoSection& section : demo_sections()) {
    for (const DemoStory& story : section.stories) {
      const core::Instant published =
          newest - std::chrono::days{g * 4} - std::chrono::minutes{(g * 53) % 600};
      const bool has_inline_image = g % 3 == 1;
      for (const bool is_english : {false, true}) {
        const DemoProse& prose = demo_prose(is_english);
        const DemoAuthor& author =
            demo_authors()[static_cast<std::size_t>(g) % demo_authors().size()];
        const DemoAuthor& second =
            demo_authors()[static_cast<std::size_t>(g + 2) % demo_authors().size()];
        importers::ArticleInput a;
        a.edition = is_english ? en->code : vi->code;
        a.translation_key = fmt::format("demo-{}", core::slugify(story.en_title));
        a.title = is_english ? story.en_title : story.vi_title;
        a.lead = is_english ? story.en_lead : story.vi_lead;
        a.section = is_english ? section.en_name : section.vi_name;
        a.tags = is_english ? story.en_tags : story.vi_tags;
        const auto author_input = [&](const DemoAuthor& x) {
          return importers::AuthorInput{is_english ? x.en_name : x.vi_name,
                                        is_english ? x.en_position : x.vi_position,
                                        is_english ? x.en_bio : x.vi_bio};
        };
        a.authors.push_back(author_input(author));
        if (g % 5 == 4) {
          a.authors.push_back(author_input(second));
        }
        a.published_at = published;
        a.comments_open = g % 7 != 6;
        const std::string lang = is_english ? "en" : "vi";
        auto featured =
            photo(photo_dir, fmt::format("demo-{:02}-{}", g, lang), static_cast<std::uint32_t>(g));
        if (!featured) {
          return core::fail(featured.error());
        }
        a.featured = importers::ImageInput{
            *featured, a.title,
            is_english ? fmt::format("{}: a view of the subject of this report", section.en_name)
                       : fmt::format("{}: quang cảnh liên quan đến bài viết", section.vi_name),
            g % 2 == 0 ? (is_english ? "VNA" : "TTXVN") : (is_english ? "Archive" : "Tư liệu")};
        std::string inline_markdown;
        if (has_inline_image) {
          auto inline_file = photo(photo_dir, fmt::format("demo-{:02}-{}-inline", g, lang),
                                   static_cast<std::uint32_t>(g + 100));
          if (!inline_file) {
            return core::fail(inline_file.error());
          }
          const std::string name = inline_file->filename().string();
          a.images.push_back(importers::ImageInput{
              *inline_file,
              is_english ? "Officers and soldiers at work" : "Cán bộ, chiến sĩ trong giờ làm việc",
              is_english ? "Officers and soldiers during the work described above"
                         : "Cán bộ, chiến sĩ trong quá trình thực hiện nhiệm vụ",
              is_english ? "Journal staff" : "Phóng viên Tạp chí"});
          inline_markdown = fmt::format("![{}]({})", a.images.back().alt, name);
        }
        a.body = body_of(prose, g, inline_markdown);
        if (g % 3 == 0) {
          const auto& names = prose.commenters;
          const auto& texts = prose.comments;
          for (int c = 0; c < 2; ++c) {
            a.comments.push_back({names[static_cast<std::size_t>(g + c) % names.size()],
                                  texts[static_cast<std::size_t>(g + c) % texts.size()],
                                  published + std::chrono::hours{3 + c * 5}, false, -1});
          }
          a.comments.push_back({is_english ? "Editorial desk" : "Ban biên tập", prose.staff_reply,
                                published + std::chrono::hours{20}, true, 0});
        }
        auto saved = importers::save(store, config.media_dir(), a);
        if (!saved) {
          return core::fail(saved.error());
        }
        ++(saved->is_new ? report.created : report.updated);
        report.article_ids.push_back(saved->article_id);
      }
      ++g;
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(photo_dir, ignored);  // the library holds its own copies
  if (auto pages = write_demo_pages(store, *vi, *en); !pages) {
    return core::fail(pages.error());
  }
  return report;
}

core::Result<DemoReport> grow_demo(store::Store& store, const DemoReport& demo, int total) {
  const int stories = static_cast<int>(demo.article_ids.size()) / 2;
  if (stories == 0 || total % 2 != 0 || total < kDemoArticles) {
    return core::fail(core::invalid(
        fmt::format("an even number of articles, at least {}", kDemoArticles), "--articles"));
  }
  std::vector<core::Article> bases;
  for (const core::Id id : demo.article_ids) {
    auto a = store.article(id);
    if (!a) {
      return core::fail(a.error());
    }
    bases.push_back(std::move(*a));
  }
  const core::Instant newest = *bases.front().published_at;
  constexpr int kBatch = 500;  // pairs per transaction
  DemoReport report;
  for (int first = stories; first < total / 2; first += kBatch) {
    const int last = std::min(first + kBatch, total / 2);
    auto written = store.in_transaction([&](store::Store& s) -> core::Result<void> {
      for (int k = first; k < last; ++k) {
        const int round = k / stories + 1;
        for (const bool is_english : {false, true}) {
          core::Article a =
              bases[static_cast<std::size_t>((k % stories) * 2 + (is_english ? 1 : 0))];
          a.id = 0;
          a.title += is_english ? fmt::format(", part {}", round) : fmt::format(", kỳ {}", round);
          a.slug = core::slugify(a.title);
          a.translation_key += fmt::format("-{}", round);
          a.published_at = newest - std::chrono::minutes{k * 29 + 7};
          a.updated_at.reset();
          a.body = body_of(demo_prose(is_english), k, "");
          if (auto existing = s.article_by_slug(a.edition_id, a.slug); existing) {
            ++report.updated;
            continue;
          } else if (existing.error().code != core::ErrorCode::kNotFound) {
            return core::fail(existing.error());
          }
          auto saved = s.save_article(std::move(a));
          if (!saved) {
            return core::fail(saved.error());
          }
          ++report.created;
          if (k % 3 != 0) {
            continue;
          }
          const DemoProse& prose = demo_prose(is_english);
          for (int c = 0; c < 2; ++c) {
            core::Comment comment;
            comment.article_id = saved->id;
            comment.name =
                prose.commenters[static_cast<std::size_t>(k + c) % prose.commenters.size()];
            comment.body = prose.comments[static_cast<std::size_t>(k + c) % prose.comments.size()];
            comment.status = core::CommentStatus::kApproved;
            comment.created_at = *saved->published_at + std::chrono::hours{2 + c * 4};
            if (auto ok = s.save_comment(std::move(comment)); !ok) {
              return core::fail(ok.error());
            }
          }
        }
      }
      return {};
    });
    if (!written) {
      return core::fail(written.error());
    }
  }
  return report;
}

}  // namespace tapchi::app
