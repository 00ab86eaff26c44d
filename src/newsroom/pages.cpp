// Static pages: "About us", "Contact", "Editorial board", kept by editors and admins.
#include <string>

#include <fmt/format.h>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

namespace {

// Who saved version `version` of page `id`, and when.
Stale page_moved_on(store::Store& store, core::Id id, int version) {
  Stale why{version, "someone", std::nullopt, 0};
  auto list = store.page_revisions(id);
  for (const core::PageRevision& r : list ? *list : std::vector<core::PageRevision>{}) {
    if (r.version == version) {
      auto u = store.user(r.user_id);
      why.by = u ? (u->name.empty() ? u->email : u->name) : why.by;
      why.saved_at = r.saved_at;
      break;
    }
  }
  return why;
}

}  // namespace

core::Result<core::StaticPage> Newsroom::static_page(const core::User& actor, core::Id id) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  return existing<core::StaticPage>(id, "page", [&](core::Id i) { return store_.static_page(i); });
}

FieldErrors Newsroom::check_page(const PageDraft& draft, core::StaticPage& into) const {
  FieldErrors errors;
  if (into.id == 0) {
    into.edition_id = draft.edition_id;
    bool is_edition = false;
    if (auto editions = store_.editions()) {
      for (const core::Edition& e : *editions) {
        is_edition = is_edition || e.id == into.edition_id;
      }
    }
    if (!is_edition) {
      errors["edition"] = "There is no such edition.";
    }
  }
  into.title = draft.title;
  into.body = draft.body;
  into.is_published = draft.is_published;
  if (is_blank(into.title)) {
    errors["title"] = "A page needs a title.";
  } else if (into.title.size() > kMaxTitleBytes) {
    errors["title"] =
        fmt::format("At most {} bytes; this one has {}.", kMaxTitleBytes, into.title.size());
  }
  if (into.body.size() > kMaxBodyBytes) {
    errors["body"] = fmt::format("At most {} KiB; this text has {} KiB.", kMaxBodyBytes / 1024,
                                 into.body.size() / 1024);
  }
  into.slug = core::slugify(draft.slug.empty() ? into.title : draft.slug);
  if (into.slug.size() > kMaxSlugBytes) {
    into.slug.resize(kMaxSlugBytes);
    into.slug = core::slugify(into.slug);  // never ends in half a character or a hyphen
  }
  if (into.slug.empty() && !errors.contains("title")) {
    errors["slug"] = "The address needs letters or digits.";
    into.slug = draft.slug;  // shown again as given
  }
  const std::string& place = draft.footer_position;
  if (place.empty()) {
    into.footer_position = 0;
  } else if (place.size() > 2 || place.find_first_not_of("0123456789") != std::string::npos) {
    errors["footer_position"] =
        fmt::format("A whole number from 1 to {}, or nothing.", kMaxFooterPosition);
  } else {
    into.footer_position = std::stoi(place);
  }
  if (!errors.contains("slug") && !errors.contains("edition")) {
    if (auto other = store_.static_page_by_slug(into.edition_id, into.slug);
        other && other->id != into.id) {
      errors["slug"] = "Another page, " + other->title + ", has this address.";
    }
  }
  return errors;
}

core::Result<core::StaticPage> Newsroom::save_page(const core::User& actor, core::Id id,
                                                   const PageDraft& draft, Stale* stale) const {
  core::StaticPage page;
  if (id != 0) {
    auto found = static_page(actor, id);
    if (!found) {
      return found;
    }
    page = *found;
    if (draft.version != page.version) {
      Stale why = page_moved_on(store_, page.id, page.version);
      std::string message =
          fmt::format("It is now at version {}, saved by {}.", why.version, why.by);
      if (stale != nullptr) {
        *stale = std::move(why);
      }
      return core::fail(core::conflict(std::move(message), "version"));
    }
  } else if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  const bool was_published = page.is_published;
  if (const FieldErrors errors = check_page(draft, page); !errors.empty()) {
    return core::fail(core::invalid(errors.begin()->second, errors.begin()->first));
  }
  const core::Instant now = clock_.now();
  page.updated_at = now;
  const char* note = page.is_published == was_published ? "saved"
                     : page.is_published                ? "published"
                                                        : "unpublished";
  core::StaticPage saved;
  auto written = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    auto kept = s.save_static_page(page, {0, 0, 0, actor.id, now, note, "", ""});
    if (!kept) {
      return core::fail(kept.error());
    }
    saved = *kept;
    auto logged = s.record({0, now, actor.id, id == 0 ? "page-add" : "page-" + std::string(note),
                            "page " + std::to_string(saved.id), saved.title});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!written) {
    const core::Error& e = written.error();
    if (e.code == core::ErrorCode::kConflict && e.field == "version") {
      if (stale != nullptr) {
        *stale = page_moved_on(store_, page.id, page.version + 1);
      }
      return core::fail(e);
    }
    if (e.code == core::ErrorCode::kConflict) {
      return core::fail(core::invalid("Another page has this address.", "slug"));
    }
    return core::fail(e);
  }
  return saved;
}

core::Result<core::StaticPage> Newsroom::delete_page(const core::User& actor, core::Id id) const {
  auto found = static_page(actor, id);
  if (!found) {
    return found;
  }
  auto done = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto deleted = s.delete_static_page(id); !deleted) {
      return deleted;
    }
    auto logged =
        s.record({0, clock_.now(), actor.id, "delete", "page " + std::to_string(id), found->title});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    return core::fail(done.error());
  }
  return found;
}

core::Result<core::StaticPage> Newsroom::restore_page_revision(const core::User& actor,
                                                               core::Id id) const {
  auto rev = existing<core::PageRevision>(id, "revision",
                                          [&](core::Id i) { return store_.page_revision(i); });
  if (!rev) {
    return core::fail(rev.error());
  }
  auto page = static_page(actor, rev->page_id);
  if (!page) {
    return page;
  }
  const core::Instant now = clock_.now();
  page->title = rev->title;
  page->body = rev->body;
  page->updated_at = now;
  // Saved on the version just read: kConflict when another save came between.
  return store_.save_static_page(
      *page, {0, 0, 0, actor.id, now, "restored revision " + std::to_string(rev->id), "", ""});
}

}  // namespace tapchi::newsroom
