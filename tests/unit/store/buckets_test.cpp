// Rate limits kept in the database: two stores on one database (two nodes) spend the same tokens.
#include <chrono>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "store/store.h"
#include "tests/common/test_store.h"

namespace tapchi::store {
namespace {

using std::chrono::seconds;

TEST(SharedBuckets, TwoNodesSpendTheSameTokensAsOneBucketInMemoryWould) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("tapchi-buckets-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  const std::string database = is_testing_postgres() ? test_database() : path.string();
  auto a = open(database).value();
  auto b = open(database).value();
  const core::Buckets::Rate rate{3, seconds{60}};
  auto on_a = shared_buckets(*a, "login-client", rate);
  auto on_b = shared_buckets(*b, "login-client", rate);
  core::TokenBuckets memory(rate);
  const core::Instant t0{seconds{1'800'000'000}};

  // Three attempts in all, whichever node they reach; the fourth waits a refill.
  EXPECT_FALSE(on_a->try_take("203.0.113.9", t0));
  EXPECT_FALSE(on_b->try_take("203.0.113.9", t0));
  EXPECT_FALSE(on_a->try_take("203.0.113.9", t0));
  for (int i = 0; i < 3; ++i) {
    EXPECT_FALSE(memory.try_take("203.0.113.9", t0));
  }
  EXPECT_EQ(on_b->try_take("203.0.113.9", t0), memory.try_take("203.0.113.9", t0));
  EXPECT_EQ(on_b->try_take("203.0.113.9", t0), std::optional<seconds>(seconds{60}));
  EXPECT_EQ(on_a->wait("203.0.113.9", t0 + seconds{20}), std::optional<seconds>(seconds{40}));
  // Another key, another scope: untouched.
  EXPECT_FALSE(on_a->wait("198.51.100.7", t0));
  EXPECT_FALSE(shared_buckets(*b, "comments", rate)->try_take("203.0.113.9", t0));
  // A refill gives one attempt back; a refund another.
  EXPECT_FALSE(on_b->try_take("203.0.113.9", t0 + seconds{60}));
  EXPECT_TRUE(on_a->try_take("203.0.113.9", t0 + seconds{60}));
  on_a->refund("203.0.113.9", t0 + seconds{60});
  EXPECT_FALSE(on_b->try_take("203.0.113.9", t0 + seconds{60}));
  // Taken without a token, the count goes below zero: two refills to wait.
  on_b->take("203.0.113.9", t0 + seconds{60});
  EXPECT_EQ(on_a->wait("203.0.113.9", t0 + seconds{60}), std::optional<seconds>(seconds{120}));
  // Forgotten, the key starts full.
  on_a->forget("203.0.113.9");
  EXPECT_FALSE(on_b->wait("203.0.113.9", t0 + seconds{60}));

  // Only a store shared by several processes keeps them in the database.
  EXPECT_EQ(dynamic_cast<core::TokenBuckets*>(buckets(*a, "x", rate).get()) != nullptr,
            !a->follows_changes());
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

// Webhook deliveries: a worker claims what is due; another worker, of the same database, gets the
// rest, and the claimed ones again only once the claim lapses (their worker stopped) or after
// they are saved and due again.
TEST(Deliveries, AreClaimedByOneWorkerUntilSavedOrTheClaimLapses) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("tapchi-claims-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(path);
  const std::string database = is_testing_postgres() ? test_database() : path.string();
  auto a = open(database).value();
  auto b = open(database).value();
  const core::Instant t0{seconds{1'800'000'000}};
  core::Webhook hook;
  hook.url = "https://hooks.example/in";
  hook.events = {"article.published"};
  hook.secret = "s";
  hook.created_at = t0;
  ASSERT_TRUE(a->save_webhook(hook));
  // The worker asks every second: with nothing due, asking writes nothing (on SQLite a commit
  // of this process would hide other processes' writes from its page cache for a while).
  const std::int64_t commits = a->own_commits();
  EXPECT_TRUE(a->due_deliveries(t0, 10).value().empty());
  EXPECT_EQ(a->own_commits(), commits);
  for (int i = 0; i < 3; ++i) {
    ASSERT_EQ(
        a->enqueue_event("article.published", "article " + std::to_string(i), "{}", t0).value(), 1);
  }
  const auto first = a->due_deliveries(t0, 2).value();
  ASSERT_EQ(first.size(), 2U);
  const auto second = b->due_deliveries(t0, 10).value();
  ASSERT_EQ(second.size(), 1U) << "the other worker gets only what is not claimed";
  EXPECT_NE(second[0].id, first[0].id);
  EXPECT_NE(second[0].id, first[1].id);
  EXPECT_TRUE(b->due_deliveries(t0 + seconds{60}, 10).value().empty());
  // Saved as failed once, the delivery is due again at its next attempt, claimable again.
  core::Delivery retried = first[0];
  retried.attempts = 1;
  retried.next_attempt_at = t0 + seconds{30};
  ASSERT_TRUE(a->save_delivery(retried));
  const auto later = b->due_deliveries(t0 + seconds{30}, 10).value();
  ASSERT_EQ(later.size(), 1U);
  EXPECT_EQ(later[0].id, first[0].id);
  // A claim lapses: the worker holding first[1] stopped.
  const auto lapsed = b->due_deliveries(t0 + kDeliveryClaim, 10).value();
  ASSERT_EQ(lapsed.size(), 2U);  // first[1] and second[0], neither saved
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

}  // namespace
}  // namespace tapchi::store
