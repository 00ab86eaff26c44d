#include <algorithm>
#include <string>

#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

std::optional<Moderation> parse_moderation(std::string_view name) {
  if (name == "approve") {
    return Moderation::kApprove;
  }
  if (name == "reject") {
    return Moderation::kReject;
  }
  if (name == "spam") {
    return Moderation::kSpam;
  }
  if (name == "pending") {
    return Moderation::kPending;
  }
  if (name == "delete") {
    return Moderation::kDelete;
  }
  return std::nullopt;
}

core::Result<int> Newsroom::moderate(const core::User& actor, std::vector<core::Id> ids,
                                     Moderation m) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  std::erase_if(ids, [](core::Id id) { return id <= 0; });
  if (m != Moderation::kDelete) {
    const core::CommentStatus to = m == Moderation::kApprove  ? core::CommentStatus::kApproved
                                   : m == Moderation::kReject ? core::CommentStatus::kRejected
                                   : m == Moderation::kSpam   ? core::CommentStatus::kSpam
                                                              : core::CommentStatus::kPending;
    // An approval tells webhooks, in the same transaction.
    int changed = 0;
    auto done = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
      std::vector<core::Comment> approved;
      if (to == core::CommentStatus::kApproved) {
        for (const core::Id id : ids) {
          if (auto c = s.comment(id); c && c->status != core::CommentStatus::kApproved) {
            approved.push_back(*c);
          }
        }
      }
      auto count = s.set_comment_status(ids, to);
      if (!count) {
        return core::fail(count.error());
      }
      changed = *count;
      const core::Instant now = clock_.now();
      for (core::Comment& c : approved) {
        c.status = core::CommentStatus::kApproved;
        if (auto told = s.enqueue_event("comment.approved", "comment " + std::to_string(c.id),
                                        comment_event("comment.approved", c, now), now);
            !told) {
          return core::fail(told.error());
        }
      }
      return {};
    });
    if (!done) {
      return core::fail(done.error());
    }
    return changed;
  }
  // The deletion and its audit lines commit together.
  int deleted = 0;
  auto done = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    std::erase_if(ids, [&](core::Id id) { return !s.comment(id).has_value(); });
    auto count = s.delete_comments(ids);
    if (!count) {
      return core::fail(count.error());
    }
    deleted = *count;
    for (const core::Id id : ids) {
      if (auto logged =
              s.record({0, clock_.now(), actor.id, "delete", "comment " + std::to_string(id), ""});
          !logged) {
        return core::fail(logged.error());
      }
    }
    return {};
  });
  if (!done) {
    return core::fail(done.error());
  }
  return deleted;
}

core::Result<core::Comment> Newsroom::comment_to_answer(const core::User& actor,
                                                        core::Id id) const {
  if (auto allowed = editor_or_admin(actor); !allowed) {
    return core::fail(allowed.error());
  }
  return existing<core::Comment>(id, "comment", [&](core::Id i) { return store_.comment(i); });
}

core::Result<core::Comment> Newsroom::reply(const core::User& actor, core::Id id,
                                            std::string_view text) const {
  auto parent = comment_to_answer(actor, id);
  if (!parent) {
    return parent;
  }
  if (is_blank(text)) {
    return core::fail(core::invalid("Write the reply first.", "reply"));
  }
  if (text.size() > kMaxReplyBytes) {
    return core::fail(core::invalid("The reply is longer than 5,000 bytes.", "reply"));
  }
  core::Comment c;
  c.article_id = parent->article_id;
  c.parent_id = parent->parent_id != 0 ? parent->parent_id : parent->id;  // one level of replies
  c.name = actor.name.empty() ? actor.email : actor.name;
  c.email = actor.email;
  c.body = std::string(text);
  c.status = core::CommentStatus::kApproved;
  c.is_staff = true;
  c.created_at = clock_.now();
  core::Comment saved;
  auto done = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    auto written = s.save_comment(c);
    if (!written) {
      return core::fail(written.error());
    }
    saved = *written;
    auto told =
        s.enqueue_event("comment.created", "comment " + std::to_string(saved.id),
                        comment_event("comment.created", saved, c.created_at), c.created_at);
    return told ? core::Result<void>{} : core::fail(told.error());
  });
  if (!done) {
    return core::fail(done.error());
  }
  return saved;
}

}  // namespace tapchi::newsroom
