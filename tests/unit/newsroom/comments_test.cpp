// Moderation and staff replies as operations: who may, what changes, what is audited.
#include "tests/unit/newsroom/fixture.h"

namespace tapchi::newsroom {
namespace {

class CommentsTest : public NewsroomTest {
 protected:
  core::Comment posted(std::string body, core::Id parent = 0) {
    core::Comment c;
    c.article_id = article_.id;
    c.parent_id = parent;
    c.name = "Reader";
    c.email = "reader@example.org";
    c.body = std::move(body);
    c.created_at = at("2025-01-02T00:00:00Z");
    return store_->save_comment(c).value();
  }
};

TEST_F(CommentsTest, OnlyEditorsAndAdminsModerate) {
  const core::Comment c = posted("first");
  for (const core::Role role : {core::Role::kContributor, core::Role::kAuthor}) {
    const auto refused = newsroom_->moderate(as(role), {c.id}, Moderation::kApprove);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kForbidden);
    EXPECT_FALSE(newsroom_->reply(as(role), c.id, "thanks"));
    EXPECT_EQ(newsroom_->comment_to_answer(as(role), c.id).error().code,
              core::ErrorCode::kForbidden);
  }
  EXPECT_EQ(store_->comment(c.id).value().status, core::CommentStatus::kPending);
  EXPECT_TRUE(store_->approved_comments(article_.id).value().empty());

  EXPECT_EQ(newsroom_->moderate(as(core::Role::kEditor), {c.id}, Moderation::kApprove).value(), 1);
  EXPECT_EQ(store_->comment(c.id).value().status, core::CommentStatus::kApproved);
  EXPECT_EQ(newsroom_->moderate(as(core::Role::kAdmin), {c.id}, Moderation::kSpam).value(), 1);
  EXPECT_EQ(store_->comment(c.id).value().status, core::CommentStatus::kSpam);
}

TEST_F(CommentsTest, DeletesWhatExistsAndAuditsEachInItsTransaction) {
  const core::Comment a = posted("one"), b = posted("two"), kept = posted("three");
  const auto deleted = newsroom_->moderate(as(core::Role::kEditor), {a.id, b.id, 999'999, -4, 0},
                                           Moderation::kDelete);
  ASSERT_TRUE(deleted) << deleted.error().describe();
  EXPECT_EQ(*deleted, 2);
  EXPECT_FALSE(store_->comment(a.id));
  EXPECT_FALSE(store_->comment(b.id));
  EXPECT_TRUE(store_->comment(kept.id));
  const auto log = store_->audit_log(10, 0).value();
  ASSERT_EQ(log.size(), 2u);
  for (const core::AuditEntry& e : log) {
    EXPECT_EQ(e.action, "delete");
    EXPECT_EQ(e.user_id, as(core::Role::kEditor).id);
    EXPECT_EQ(e.at, clock_.now());
    EXPECT_TRUE(e.subject == "comment " + std::to_string(a.id) ||
                e.subject == "comment " + std::to_string(b.id))
        << e.subject;
  }
}

TEST_F(CommentsTest, StaffRepliesJoinTheThreadApprovedInTheActorsName) {
  const core::Comment top = posted("a question");
  const core::Comment answer = posted("a reader's answer", top.id);
  const auto reply = newsroom_->reply(as(core::Role::kEditor), answer.id, "Thank you both.");
  ASSERT_TRUE(reply) << reply.error().describe();
  EXPECT_EQ(reply->parent_id, top.id) << "one level of replies";
  EXPECT_EQ(reply->article_id, article_.id);
  EXPECT_TRUE(reply->is_staff);
  EXPECT_EQ(reply->status, core::CommentStatus::kApproved);
  EXPECT_EQ(reply->name, "The editor");
  EXPECT_EQ(reply->created_at, clock_.now());
  const auto shown = store_->approved_comments(article_.id).value();
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].body, "Thank you both.");
}

TEST_F(CommentsTest, RefusesBlankOrLongRepliesAndMissingComments) {
  const core::Comment c = posted("hello");
  for (const std::string& text :
       {std::string(), std::string(" \r\n\t "), std::string(kMaxReplyBytes + 1, 'x')}) {
    const auto refused = newsroom_->reply(as(core::Role::kAdmin), c.id, text);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalid);
    EXPECT_EQ(refused.error().field, "reply");
  }
  EXPECT_TRUE(newsroom_->reply(as(core::Role::kAdmin), c.id, std::string(kMaxReplyBytes, 'x')));
  for (const core::Id missing : {core::Id{0}, core::Id{-1}, core::Id{987'654}}) {
    const auto refused = newsroom_->reply(as(core::Role::kAdmin), missing, "hi");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kNotFound);
  }
  EXPECT_EQ(store_->approved_comments(article_.id).value().size(), 1u);
}

TEST(Moderation, ReadsTheFormsWords) {
  EXPECT_EQ(parse_moderation("approve"), Moderation::kApprove);
  EXPECT_EQ(parse_moderation("reject"), Moderation::kReject);
  EXPECT_EQ(parse_moderation("spam"), Moderation::kSpam);
  EXPECT_EQ(parse_moderation("pending"), Moderation::kPending);
  EXPECT_EQ(parse_moderation("delete"), Moderation::kDelete);
  EXPECT_FALSE(parse_moderation("Approve"));
  EXPECT_FALSE(parse_moderation(""));
}

}  // namespace
}  // namespace tapchi::newsroom
