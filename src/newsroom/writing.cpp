// Writing: an article's checks, and its save with the publishing workflow, new tags, linked
// translations, revisions and stale-save refusal.
#include <algorithm>
#include <string>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

namespace {

using core::ArticleStatus;
using core::trimmed;

template <typename T>
bool has_id(const std::vector<T>& rows, core::Id id) {
  return std::any_of(rows.begin(), rows.end(), [&](const T& row) { return row.id == id; });
}

// The tags named in `names`, created in edition `edition_id` when new; a name whose address
// another name already gave counts once.
core::Result<std::vector<core::Id>> tag_ids_for(store::Store& s, core::Id edition_id,
                                                const std::vector<std::string>& names) {
  std::vector<core::Id> ids;
  for (const std::string& name : names) {
    const std::string slug = core::slugify(name);
    auto tag = s.tag_by_slug(edition_id, slug);
    if (!tag && tag.error().code == core::ErrorCode::kNotFound) {
      tag = s.save_tag({0, edition_id, slug, trimmed(name)});
    }
    if (!tag) {
      return core::fail(tag.error());
    }
    if (std::find(ids.begin(), ids.end(), tag->id) == ids.end()) {
      ids.push_back(tag->id);
    }
  }
  return ids;
}

std::string utc_minute(core::Instant t) {
  return fmt::format("{:%Y-%m-%d %H:%M}", std::chrono::floor<std::chrono::seconds>(t));
}

// The revision note and audit action of `action` done to `saved`.
struct Done {
  std::string note;
  std::string audit;  // empty: a save is not audited
};

Done done_by(ArticleAction action, const core::Article& saved, core::Instant now) {
  switch (action) {
    case ArticleAction::kSubmit:
      return {"submitted for review", ""};
    case ArticleAction::kUnpublish:
      return {"unpublished", "unpublish"};
    case ArticleAction::kPublish:
      if (saved.published_at && *saved.published_at > now) {
        return {"scheduled for " + utc_minute(*saved.published_at) + " UTC", "schedule"};
      }
      return {"published", "publish"};
    case ArticleAction::kSave:
      break;
  }
  return {"saved", ""};
}

}  // namespace

std::optional<ArticleAction> parse_article_action(std::string_view name) {
  if (name == "save") return ArticleAction::kSave;
  if (name == "submit") return ArticleAction::kSubmit;
  if (name == "publish") return ArticleAction::kPublish;
  if (name == "unpublish") return ArticleAction::kUnpublish;
  return std::nullopt;
}

FieldErrors Newsroom::check_article(const ArticleDraft& draft, core::Article& into) const {
  FieldErrors errors;
  core::Article& a = into;
  if (a.id == 0) {
    a.edition_id = draft.edition_id;
    auto editions = store_.editions();
    if (editions && !has_id(*editions, a.edition_id)) {
      errors["edition"] = "Choose an edition for the article.";
    }
  }
  a.title = draft.title;
  a.lead = draft.lead;
  a.body = draft.body;
  const std::string title = trimmed(a.title);
  if (title.empty()) {
    errors["title"] = "An article needs a title.";
  } else if (a.title.size() > kMaxTitleBytes) {
    errors["title"] =
        fmt::format("At most {} bytes; this one has {}.", kMaxTitleBytes, a.title.size());
  }
  if (a.lead.size() > kMaxLeadBytes) {
    errors["lead"] =
        fmt::format("At most {} bytes; this one has {}.", kMaxLeadBytes, a.lead.size());
  }
  if (a.body.size() > kMaxBodyBytes) {
    errors["body"] = fmt::format("At most {} KiB; this text has {} KiB.", kMaxBodyBytes / 1024,
                                 a.body.size() / 1024);
  }
  a.slug = core::slugify(draft.slug.empty() ? title : draft.slug);
  if (a.slug.size() > kMaxSlugBytes) {
    a.slug.resize(kMaxSlugBytes);
    a.slug = core::slugify(a.slug);  // never ends in half a character or a hyphen
  }
  if (a.slug.empty() && !title.empty()) {
    errors["slug"] = "The address needs letters or digits.";
  }
  if (a.slug.empty()) {
    a.slug = draft.slug;  // shown again as given
  }
  a.section_id = draft.section_id;
  if (a.section_id != 0) {
    auto sec = store_.section(a.section_id);
    if (!sec || sec->edition_id != a.edition_id) {
      errors["section"] = "There is no such section in this edition.";
      a.section_id = 0;
    }
  }
  if (draft.tags.size() > kMaxTags) {
    errors["tags"] = fmt::format("At most {} tags.", kMaxTags);
  }
  for (const std::string& name : draft.tags) {
    if (name.size() > kMaxTagBytes || core::slugify(name).empty()) {
      errors["tags"] = "“" + name + "” is not a tag: at most 100 bytes, with letters or digits.";
    }
  }
  a.author_ids.clear();
  const auto authors = store_.authors_of(a.edition_id);
  for (const core::Id id : draft.author_ids) {
    if (!authors || !has_id(*authors, id)) {
      errors["authors"] = "There is no author " + std::to_string(id) + " in this edition.";
    } else if (std::find(a.author_ids.begin(), a.author_ids.end(), id) == a.author_ids.end()) {
      a.author_ids.push_back(id);
    }
  }
  a.featured_media_id = draft.featured_media_id;
  if (a.featured_media_id != 0 && !store_.media(a.featured_media_id)) {
    errors["featured"] = "There is no such photo in the library.";
    a.featured_media_id = 0;
  }
  if (draft.translation_of != 0) {
    auto other = store_.article(draft.translation_of);
    if (!other) {
      errors["translation_of"] = "There is no article with this number.";
    } else if (other->edition_id == a.edition_id) {
      errors["translation_of"] = "A translation comes from another edition.";
    }
  }
  a.comments_open = draft.comments_open;
  a.comment_mode = draft.comment_mode;
  if (a.comment_mode != "" && a.comment_mode != "open" && a.comment_mode != "moderated") {
    errors["comment_mode"] = "Comments are “open”, “moderated” or as the site's policy (empty).";
    a.comment_mode.clear();
  }
  return errors;
}

core::Result<core::Article> Newsroom::save_article(const core::User& actor, core::Id id,
                                                   const ArticleDraft& draft, ArticleAction action,
                                                   Stale* stale) const {
  const core::Instant now = clock_.now();
  core::Article base;
  if (id == 0) {
    base.created_by = actor.id;
  } else {
    auto found = editable_article(actor, id);
    if (!found) {
      return found;
    }
    base = std::move(*found);
  }
  const bool publishes = action == ArticleAction::kPublish || action == ArticleAction::kUnpublish;
  if (publishes && !may_publish(actor, base)) {
    return core::fail(core::forbidden(
        "Only editors and admins, and authors for their own articles, may publish or "
        "unpublish. Submit the article for review instead."));
  }
  if (id != 0 && draft.version <= 0) {
    return core::fail(
        core::invalid("Say which version of the article the change is based on.", "version"));
  }
  const core::Article before = base;
  core::Article a = std::move(base);
  if (const FieldErrors errors = check_article(draft, a); !errors.empty()) {
    return core::fail(core::invalid(errors.begin()->second, errors.begin()->first));
  }
  a.version = id == 0 ? 0 : draft.version;
  if (action == ArticleAction::kSubmit) {
    a.status = ArticleStatus::kReview;
  } else if (action == ArticleAction::kUnpublish) {
    a.status = ArticleStatus::kUnpublished;
  } else if (action == ArticleAction::kPublish) {
    a.status = ArticleStatus::kPublished;
    a.published_at = draft.publish_at ? *draft.publish_at
                     : before.status == ArticleStatus::kPublished && before.published_at
                         ? *before.published_at
                         : now;
  } else if (draft.publish_at && may_publish(actor, before)) {
    a.published_at = *draft.publish_at;  // a published article's time moves with a save too
  }
  // A change to what readers already see is dated.
  if (before.is_visible_at(now) && a.status == ArticleStatus::kPublished && a.published_at <= now) {
    a.updated_at = now;
  }
  core::Article saved;
  auto written = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    auto tags = tag_ids_for(s, a.edition_id, draft.tags);
    if (!tags) {
      return core::fail(tags.error());
    }
    a.tag_ids = *tags;
    // Linking a translation changes the other article too: it needs the right to edit it, its
    // save goes through its own version check, and it keeps a revision and an audit line.
    std::optional<core::Article> other;
    if (draft.translation_of != 0) {
      auto found = s.article(draft.translation_of);
      if (!found) {
        return core::fail(found.error());
      }
      other = std::move(*found);
      if (!may_edit(actor, *other)) {
        return core::fail(core::forbidden(
            "You may not change article " + std::to_string(other->id) + ", so you cannot link it.",
            "translation_of"));
      }
      a.translation_key =
          other->translation_key.empty() ? "t" + std::to_string(other->id) : other->translation_key;
    }
    auto result = s.save_article(a);
    if (!result) {
      return core::fail(result.error());
    }
    saved = *result;
    if (other && (other->translation_key != saved.translation_key ||
                  before.translation_key != saved.translation_key)) {
      const std::string note = "linked as the translation of article " + std::to_string(saved.id);
      if (other->translation_key.empty()) {
        other->translation_key = saved.translation_key;
        auto linked = s.save_article(*other);  // at the version just read: a stale save fails
        if (!linked) {
          return core::fail(linked.error().field == "version"
                                ? core::conflict("Article " + std::to_string(other->id) +
                                                     " was saved meanwhile; try again.",
                                                 "translation_of")
                                : linked.error());
        }
        auto kept = s.add_revision({0, linked->id, linked->version, actor.id, now, note,
                                    linked->title, linked->lead, linked->body, 0});
        if (!kept) {
          return core::fail(kept.error());
        }
      }
      auto logged =
          s.record({0, now, actor.id, "translation", "article " + std::to_string(saved.id),
                    "translation of article " + std::to_string(other->id)});
      if (!logged) {
        return core::fail(logged.error());
      }
    }
    // What webhooks hear of it, in this transaction: the change and its telling commit together.
    const bool was_visible = before.is_visible_at(now);
    const bool is_visible = saved.is_visible_at(now);
    const char* event = is_visible && !was_visible ? "article.published"
                        : is_visible               ? "article.updated"
                        : was_visible              ? "article.unpublished"
                                                   : nullptr;
    // A publication waiting for its time is told at that time: written now, due then; a save
    // that moves or withdraws it takes the waiting one back first.
    const std::string subject = "article " + std::to_string(saved.id);
    if (auto taken = s.cancel_events("article.published", subject, now); !taken) {
      return core::fail(taken.error());
    }
    if (event != nullptr) {
      if (auto told = tell(s, event, saved, now); !told) {
        return told;
      }
    }
    if (saved.status == ArticleStatus::kPublished && saved.published_at &&
        *saved.published_at > now) {
      if (auto told = tell(s, "article.published", saved, *saved.published_at); !told) {
        return told;
      }
    }
    const Done done = done_by(action, saved, now);
    auto kept = s.add_revision({0, saved.id, saved.version, actor.id, now, done.note, saved.title,
                                saved.lead, saved.body, 0});
    if (!kept) {
      return core::fail(kept.error());
    }
    // The writer's automatic save is behind them now.
    if (auto dropped = s.delete_autosaves(saved.id, actor.id); !dropped) {
      return dropped;
    }
    if (!done.audit.empty()) {
      auto logged = s.record(
          {0, now, actor.id, done.audit, "article " + std::to_string(saved.id), saved.title});
      if (!logged) {
        return core::fail(logged.error());
      }
    }
    return {};
  });
  if (written) {
    return saved;
  }
  const core::Error& e = written.error();
  if (e.code == core::ErrorCode::kConflict && e.field == "version") {
    // Someone saved in between: nothing is overwritten, and this text is kept as a revision.
    auto current = store_.article(a.id);
    auto kept = store_.add_revision({0, a.id, 0, actor.id, now,
                                     fmt::format("not saved: based on version {}", a.version),
                                     a.title, a.lead, a.body, 0});
    if (!current || !kept) {
      return core::fail(core::unavailable("The database did not answer."));
    }
    Stale why = moved_on(a.id, current->version);
    why.kept_revision = kept->id;
    std::string message =
        fmt::format("It is now at version {}, saved by {}{}.", why.version, why.by,
                    why.saved_at ? " at " + utc_minute(*why.saved_at) + " UTC" : std::string());
    if (stale != nullptr) {
      *stale = std::move(why);
    }
    return core::fail(core::conflict(std::move(message), "version"));
  }
  if (e.code == core::ErrorCode::kConflict && e.field != "translation_of") {
    return core::fail(core::invalid("Another article of this edition has this address.", "slug"));
  }
  return core::fail(e);
}

Stale Newsroom::moved_on(core::Id article_id, int version) const {
  Stale why{version, "someone", std::nullopt, 0};
  if (auto list = store_.revisions(article_id); list) {
    for (const core::Revision& r : *list) {
      if (r.version == version) {
        auto u = store_.user(r.user_id);
        why.by = u ? (u->name.empty() ? u->email : u->name) : why.by;
        why.saved_at = r.saved_at;
        break;
      }
    }
  }
  return why;
}

core::Result<core::Revision> Newsroom::autosave(const core::User& actor, core::Id id,
                                                const ArticleDraft& draft, Stale* stale) const {
  auto a = editable_article(actor, id);
  if (!a) {
    return core::fail(a.error());
  }
  if (draft.version != a->version) {
    Stale why = moved_on(a->id, a->version);
    std::string message = fmt::format("It is now at version {}, saved by {}.", why.version, why.by);
    if (stale != nullptr) {
      *stale = std::move(why);
    }
    return core::fail(core::conflict(std::move(message), "version"));
  }
  core::Revision kept;
  auto written = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto dropped = s.delete_autosaves(a->id, actor.id); !dropped) {
      return dropped;
    }
    auto added = s.add_revision({0, a->id, 0, actor.id, clock_.now(),
                                 fmt::format("saved automatically, on version {}", a->version),
                                 draft.title, draft.lead, draft.body, a->version});
    if (!added) {
      return core::fail(added.error());
    }
    kept = std::move(*added);
    return {};
  });
  if (!written) {
    return core::fail(written.error());
  }
  return kept;
}

}  // namespace tapchi::newsroom
