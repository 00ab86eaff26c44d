#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "importers/common.h"
#include "importers/importers.h"
#include "media/media.h"

namespace tapchi::importers {

core::Result<core::Edition> find_edition(store::Store& store, std::string_view code) {
  auto editions = store.editions();
  if (!editions) {
    return core::fail(editions.error());
  }
  std::string known;
  for (const core::Edition& e : *editions) {
    if (e.code == code) {
      return e;
    }
    known += known.empty() ? e.code : ", " + e.code;
  }
  return core::fail(core::invalid(
      fmt::format("unknown edition '{}' (this journal has: {})", code, known), "edition"));
}

namespace {

core::Result<void> check_text(const ArticleInput& in) {
  const std::pair<const char*, const std::string*> fields[] = {
      {"title", &in.title},     {"lead", &in.lead}, {"body", &in.body},
      {"section", &in.section}, {"slug", &in.slug}, {"translation", &in.translation_key}};
  for (const auto& [name, value] : fields) {
    if (!core::is_valid_utf8(*value)) {
      return core::fail(core::invalid("is not valid UTF-8", name));
    }
  }
  if (in.title.empty()) {
    return core::fail(core::invalid("an article needs a title", "title"));
  }
  if (in.published_at == core::Instant{}) {
    return core::fail(core::invalid("an article needs a publication time", "published"));
  }
  return {};
}

// Stores an image in the media directory under YYYY/MM/ for the month of `when`, stripped and
// under a name of its own, as an upload is.
core::Result<media::StoredImage> stored_image(const std::filesystem::path& media_dir,
                                              const ImageInput& image, core::Instant when) {
  const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(when)};
  auto file = media::store_file(image.file, media_dir, static_cast<int>(ymd.year()),
                                static_cast<int>(static_cast<unsigned>(ymd.month())));
  if (!file) {
    const std::string field = "image " + image.file.string();
    return core::fail(file.error().code == core::ErrorCode::kInternal
                          ? core::internal(file.error().message, field)
                          : core::invalid(file.error().message, field));
  }
  return file;
}

}  // namespace

core::Media library_entry(const media::StoredImage& file, const ImageInput& image) {
  core::Media m;
  m.variant_widths = file.variant_widths;
  m.path = file.path;
  m.mime = file.info.mime;
  m.width = file.info.width;
  m.height = file.info.height;
  m.alt = image.alt;
  m.caption = image.caption;
  m.credit = image.credit;
  m.bytes = file.bytes;
  m.created_at = core::SystemClock().now();
  return m;
}

namespace {

// Points ![alt](name …) at the library entry of the image with that file name.
void link_images(std::string& body, const std::string& name, core::Id media_id) {
  const std::string target = "](" + name;
  const std::string replacement = "](media:" + std::to_string(media_id);
  for (auto pos = body.find(target); pos != std::string::npos;
       pos = body.find(target, pos + replacement.size())) {
    const auto after = pos + target.size();
    if (after == body.size() || body[after] == ')' || body[after] == ' ') {
      body.replace(pos, target.size(), replacement);
    }
  }
}

}  // namespace

core::Result<Outcome> save(store::Store& store, const std::filesystem::path& media_dir,
                           const ArticleInput& input) {
  if (auto ok = check_text(input); !ok) {
    return core::fail(ok.error());
  }
  auto edition = find_edition(store, input.edition);
  if (!edition) {
    return core::fail(edition.error());
  }
  const std::string slug = core::slugify(input.slug.empty() ? input.title : input.slug);
  if (slug.empty()) {
    return core::fail(core::invalid("no slug can be made of it", "slug"));
  }
  Outcome outcome;
  std::vector<media::StoredImage> stored;  // files this import wrote, kept only if it commits
  auto written = store.in_transaction([&](store::Store& s) -> core::Result<void> {
    core::Article a;
    auto existing = s.article_by_slug(edition->id, slug);
    if (existing) {
      a = *existing;
    } else if (existing.error().code != core::ErrorCode::kNotFound) {
      return core::fail(existing.error());
    }
    outcome.is_new = !existing;
    a.edition_id = edition->id;
    a.translation_key = input.translation_key;
    a.slug = slug;
    a.status = core::ArticleStatus::kPublished;
    a.title = input.title;
    a.lead = input.lead;
    a.body = input.body;
    a.published_at = input.published_at;
    a.comments_open = input.comments_open;
    a.section_id = 0;
    if (!input.section.empty()) {
      const std::string section_slug = core::slugify(input.section);
      auto section = s.section_by_slug(edition->id, section_slug);
      if (!section) {
        TAPCHI_TRY_ASSIGN(all, s.sections(edition->id));
        section = s.save_section(
            {0, edition->id, section_slug, input.section, static_cast<int>(all->size())});
      }
      if (!section) {
        return core::fail(section.error());
      }
      a.section_id = section->id;
    }
    a.tag_ids.clear();
    for (const std::string& name : input.tags) {
      TAPCHI_TRY_ASSIGN(tag, s.save_tag({0, edition->id, core::slugify(name), name}));
      a.tag_ids.push_back(tag->id);
    }
    a.author_ids.clear();
    for (const AuthorInput& au : input.authors) {
      TAPCHI_TRY_ASSIGN(author, s.save_author({0, edition->id, core::slugify(au.name), au.name,
                                               au.position, au.bio, 0}));
      a.author_ids.push_back(author->id);
    }
    // Each image's files are noted before its row is written, so that they go if the
    // transaction does not commit.
    for (const ImageInput& image : input.images) {
      TAPCHI_TRY_ASSIGN(file, stored_image(media_dir, image, input.published_at));
      stored.push_back(*file);
      TAPCHI_TRY_ASSIGN(m, s.save_media(library_entry(*file, image)));
      link_images(a.body, image.file.filename().string(), m->id);
    }
    a.featured_media_id = 0;
    if (input.featured) {
      TAPCHI_TRY_ASSIGN(file, stored_image(media_dir, *input.featured, input.published_at));
      stored.push_back(*file);
      TAPCHI_TRY_ASSIGN(m, s.save_media(library_entry(*file, *input.featured)));
      a.featured_media_id = m->id;
    }
    TAPCHI_TRY_ASSIGN(saved, s.save_article(a));
    outcome.article_id = saved->id;
    if (outcome.is_new) {  // comments come in once; later runs leave moderation alone
      std::vector<core::Id> ids;
      for (const CommentInput& c : input.comments) {
        core::Comment comment;
        comment.article_id = saved->id;
        comment.parent_id = c.reply_to >= 0 && c.reply_to < static_cast<int>(ids.size())
                                ? ids[static_cast<std::size_t>(c.reply_to)]
                                : 0;
        comment.name = c.name;
        comment.body = c.body;
        comment.status = core::CommentStatus::kApproved;
        comment.is_staff = c.is_staff;
        comment.created_at = c.created_at;
        TAPCHI_TRY_ASSIGN(added, s.save_comment(comment));
        ids.push_back(added->id);
      }
    }
    return {};
  });
  if (!written) {
    for (const media::StoredImage& image : stored) {
      media::remove_stored(media_dir, image);
    }
    return core::fail(written.error());
  }
  return outcome;
}

}  // namespace tapchi::importers
