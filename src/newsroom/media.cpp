// The media library: uploads checked by content with their variants, their words, and deletion
// refused while an article or an author uses the photo.
#include "media/media.h"

#include <string>

#include <fmt/format.h>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

namespace {

core::Result<void> may_manage_media(const core::User& actor) {
  if (!may_keep_journal(actor)) {
    return core::fail(core::forbidden("Editors and admins change the library's photos."));
  }
  return {};
}

}  // namespace

FieldErrors Newsroom::check_media(const MediaDraft& draft, core::Media& into) const {
  FieldErrors errors;
  into.alt = draft.alt;
  into.caption = draft.caption.substr(0, kMaxCaptionBytes);
  into.credit = draft.credit.substr(0, kMaxCreditBytes);
  if (is_blank(into.alt)) {
    errors["alt"] = "Describe the photo for readers who cannot see it.";
  } else if (into.alt.size() > kMaxAltBytes) {
    errors["alt"] = fmt::format("At most {} bytes.", kMaxAltBytes);
  }
  return errors;
}

core::Result<core::Media> Newsroom::upload_media(const core::User& actor, std::string_view bytes,
                                                 std::string_view file_name,
                                                 const MediaDraft& draft) const {
  core::Media m;
  if (const FieldErrors errors = check_media(draft, m); !errors.empty()) {
    return core::fail(core::invalid(errors.begin()->second, errors.begin()->first));
  }
  if (bytes.empty()) {
    return core::fail(core::invalid("Choose a photo to upload.", "file"));
  }
  if (bytes.size() > library_.max_upload_bytes) {
    return core::fail(core::too_large(
        fmt::format("The file is larger than {} MB.", library_.max_upload_bytes / (1024 * 1024)),
        "file"));
  }
  const core::Instant now = clock_.now();
  const auto local =
      library_.zone ? library_.zone().local(now) : core::Zone::locate("UTC").value().local(now);
  auto stored = media::store_upload(bytes, file_name, library_.dir, local.year, local.month);
  if (!stored) {
    switch (stored.error().code) {
      case core::ErrorCode::kTooLarge:
        return core::fail(core::too_large(
            "The image has too many pixels: " + stored.error().message + ".", "file"));
      case core::ErrorCode::kInvalid:
        return core::fail(core::invalid(
            "This file is not a JPEG, PNG, WebP or GIF image, or it is damaged. Nothing was "
            "stored.",
            "file"));
      default:
        return core::fail(core::unavailable(stored.error().message));
    }
  }
  m.path = stored->path;
  m.mime = stored->info.mime;
  m.width = stored->info.width;
  m.height = stored->info.height;
  m.bytes = stored->bytes;
  m.variant_widths = stored->variant_widths;
  m.created_at = now;
  core::Media saved;
  auto written = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    auto row = s.save_media(m);
    if (!row) {
      return core::fail(row.error());
    }
    saved = *row;
    auto logged =
        s.record({0, now, actor.id, "upload", "media " + std::to_string(saved.id), saved.path});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!written) {
    media::remove_stored(library_.dir, *stored);  // no row names these files
    return core::fail(written.error());
  }
  return saved;
}

core::Result<core::Media> Newsroom::describe_media(const core::User& actor, core::Id id,
                                                   const MediaDraft& draft) const {
  if (auto allowed = may_manage_media(actor); !allowed) {
    return core::fail(allowed.error());
  }
  auto m = existing<core::Media>(id, "photo", [&](core::Id i) { return store_.media(i); });
  if (!m) {
    return m;
  }
  if (const FieldErrors errors = check_media(draft, *m); !errors.empty()) {
    return core::fail(core::invalid(errors.begin()->second, errors.begin()->first));
  }
  return store_.save_media(*m);
}

core::Result<core::Media> Newsroom::delete_media(const core::User& actor, core::Id id) const {
  if (auto allowed = may_manage_media(actor); !allowed) {
    return core::fail(core::forbidden("Editors and admins delete the library's photos."));
  }
  auto m = existing<core::Media>(id, "photo", [&](core::Id i) { return store_.media(i); });
  if (!m) {
    return m;
  }
  auto deleted = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto gone = s.delete_media(m->id); !gone) {
      return gone;
    }
    auto logged =
        s.record({0, clock_.now(), actor.id, "delete", "media " + std::to_string(m->id), m->path});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!deleted) {
    if (deleted.error().code == core::ErrorCode::kConflict) {
      return core::fail(core::conflict(
          "This photo is in use and was not deleted: change the articles and authors that use it "
          "first."));
    }
    return core::fail(deleted.error());
  }
  // The row is gone; now its files.
  std::error_code ignored;
  std::filesystem::remove(library_.dir / m->path, ignored);
  for (const int w : m->variant_widths) {
    std::filesystem::remove(library_.dir / core::variant_path(m->path, w, "webp"), ignored);
    std::filesystem::remove(library_.dir / core::variant_path(m->path, w), ignored);
  }
  return m;
}

}  // namespace tapchi::newsroom
