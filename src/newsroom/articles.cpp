#include <string>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

namespace {

bool is_own(const core::User& u, const core::Article& a) {
  return a.id == 0 || (a.created_by != 0 && a.created_by == u.id);
}

}  // namespace

bool may_edit(const core::User& u, const core::Article& a) {
  if (u.role >= core::Role::kEditor) {
    return true;
  }
  if (!is_own(u, a)) {
    return false;
  }
  return u.role == core::Role::kAuthor || a.status == core::ArticleStatus::kDraft ||
         a.status == core::ArticleStatus::kReview;
}

bool may_publish(const core::User& u, const core::Article& a) {
  return u.role >= core::Role::kEditor || (u.role == core::Role::kAuthor && is_own(u, a));
}

core::Result<core::Article> Newsroom::editable_article(const core::User& actor, core::Id id) const {
  auto a = existing<core::Article>(id, "article", [&](core::Id i) { return store_.article(i); });
  if (!a) {
    return a;
  }
  if (!may_edit(actor, *a)) {
    return core::fail(core::forbidden(
        actor.role == core::Role::kContributor
            ? "Contributors may change only their own articles until they are published."
            : "Authors may change only their own articles."));
  }
  return a;
}

core::Result<core::Article> Newsroom::delete_article(const core::User& actor, core::Id id) const {
  auto a = editable_article(actor, id);
  if (!a) {
    return a;
  }
  if (!may_publish(actor, *a)) {
    return core::fail(core::forbidden(
        "Only editors and admins, and authors for their own articles, may delete."));
  }
  auto deleted = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto gone = s.delete_article(a->id); !gone) {
      return gone;
    }
    const core::Instant now = clock_.now();
    // Readers saw it: webhooks hear of its end. A publication still waiting is taken back.
    if (auto taken = s.cancel_events("article.published", "article " + std::to_string(a->id), now);
        !taken) {
      return core::fail(taken.error());
    }
    if (a->is_visible_at(now)) {
      if (auto told = tell(s, "article.deleted", *a, now); !told) {
        return told;
      }
    }
    auto logged =
        s.record({0, now, actor.id, "delete", "article " + std::to_string(a->id), a->title});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!deleted) {
    return core::fail(deleted.error());
  }
  return a;
}

core::Result<core::Article> Newsroom::restore_revision(const core::User& actor, core::Id id) const {
  auto rev =
      existing<core::Revision>(id, "revision", [&](core::Id i) { return store_.revision(i); });
  if (!rev) {
    return core::fail(rev.error());
  }
  auto a = editable_article(actor, rev->article_id);
  if (!a) {
    return a;
  }
  const core::Instant now = clock_.now();
  a->title = rev->title;
  a->lead = rev->lead;
  a->body = rev->body;
  if (a->is_visible_at(now)) {
    a->updated_at = now;
  }
  core::Article saved;
  auto restored = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    auto written = s.save_article(*a);  // based on the version just read
    if (!written) {
      return core::fail(written.error());
    }
    saved = *written;
    if (saved.is_visible_at(now)) {
      if (auto told = tell(s, "article.updated", saved, now); !told) {
        return told;
      }
    }
    auto kept = s.add_revision({0, a->id, written->version, actor.id, now,
                                "restored revision " + std::to_string(rev->id), a->title, a->lead,
                                a->body, 0});
    return kept ? core::Result<void>{} : core::fail(kept.error());
  });
  if (!restored) {
    return core::fail(restored.error());
  }
  return saved;
}

}  // namespace tapchi::newsroom
