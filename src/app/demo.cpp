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
      }
      ++g;
    }
  }
  std::error_code ignored;
  std::filesystem::remove_all(photo_dir, ignored);  // the library holds its own copies
  return report;
}

}  // namespace tapchi::app
