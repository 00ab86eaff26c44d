// tapchi migrate's copy: every table of the journal, and a refusal to land on a journal.
#include <filesystem>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <unistd.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"
#include "store/store.h"
#include "tests/common/test_store.h"

namespace tapchi::store {
namespace {

// What PostgreSQL, libpq and SOCI said in real outages answers "unavailable" (503, try again);
// a statement's own failure does not.
TEST(DatabaseErrors, ALostConnectionIsToldApartFromAFailedStatement) {
  for (
      const char* lost : {
          R"(Cannot prepare statement. Fatal error. Connection failed while preparing "ROLLBACK".)",
          "Cannot execute query. Fatal error. Connection failed. server closed the connection "
          "unexpectedly",
          "Cannot establish connection to the database.",
          "FATAL:  terminating connection due to administrator command",
          "FATAL:  the database system is starting up",
          "ERROR:  canceling statement due to conflict with recovery",
      }) {
    EXPECT_TRUE(is_connection_lost(soci::soci_error(lost))) << lost;
  }
  for (const char* failed : {
           R"(ERROR:  duplicate key value violates unique constraint "articles_pkey")",
           R"(ERROR:  syntax error at or near "SELEC")",
           R"(ERROR:  relation "nothing" does not exist)",
           "UNIQUE constraint failed: articles.slug",
       }) {
    EXPECT_FALSE(is_connection_lost(soci::soci_error(failed))) << failed;
  }
}

// A read whose body fails because the database went away (the site's pages throw then) keeps
// its own exception, so the reader gets a 503, not the failed ROLLBACK's; the next read reconnects.
TEST(DatabaseErrors, AReadLostMidwayKeepsItsBodysExceptionAndTheNextReadReconnects) {
  if (!is_testing_postgres()) {
    GTEST_SKIP() << "a connection ended from outside is PostgreSQL's: SQLite has none";
  }
  struct BodyFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  const std::string url = test_database();
  StoreOptions one;
  one.pool_size = 1;  // the next read takes the connection that was lost
  auto store = open(url, one).value();
  ASSERT_TRUE(store->save_edition({0, "en", "en", "Journal", "/", {}, 0}));
  soci::session admin(soci::postgresql, postgres_connection(url));
  const auto ended = [&] {
    int count = 0;
    admin << "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
             "WHERE datname = current_database() AND pid <> pg_backend_pid()",
        soci::into(count);
    return count;
  };
  EXPECT_THROW((void)store->in_snapshot([&](Store& s) -> core::Result<void> {
    EXPECT_GT(ended(), 0);
    EXPECT_FALSE(s.editions());  // the connection is gone
    throw BodyFailed("the page could not be read");
  }),
               BodyFailed);
  const auto again = store->in_snapshot([&](Store& s) -> core::Result<void> {
    EXPECT_EQ(s.editions().value().size(), 1u);
    return {};
  });
  EXPECT_TRUE(again) << again.error().describe();
}

// SOCI reads libpq's keyword form, not URIs: every part of a URL, escapes decoded, quoted.
TEST(PostgresUrl, BecomesLibpqKeywordsWithEscapesDecodedAndAMalformedOneRefused) {
  EXPECT_EQ(postgres_connection("postgresql://tapchi@127.0.0.1:5432/journal"),
            "dbname='journal' user='tapchi' port='5432' host='127.0.0.1'");
  EXPECT_EQ(postgres_connection("postgres://ed:p%40ss%27w%5Cd@[::1]:6432/j%C3%B8?sslmode=require"),
            "dbname='jø' user='ed' password='p@ss\\'w\\\\d' port='6432' host='::1' "
            "sslmode='require'");
  EXPECT_EQ(postgres_connection("postgresql:///journal?host=%2Fvar%2Frun%2Fpostgresql"),
            "dbname='journal' host='/var/run/postgresql'");
  EXPECT_THROW(postgres_connection("postgresql://ed:50%@db/journal"), std::invalid_argument);
  EXPECT_THROW(postgres_connection("postgresql://db/jour%zznal"), std::invalid_argument);
}

TEST(CopyDatabase, CopiesEveryTableOfTheJournalIntoAnEmptyOneAndNeverOntoAJournal) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("tapchi-copy-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string from = is_testing_postgres() ? test_database() : (dir / "from.db").string();
  core::Article a;
  {
    auto source = open(from).value();
    const core::Id en = source->save_edition({0, "en", "en", "Journal", "/", {}, 0}).value().id;
    a.edition_id = en;
    a.slug = "harbour";
    a.title = "Harbour lights";
    a.body = "Ships come in at **dawn**.";
    a.status = core::ArticleStatus::kPublished;
    a.published_at = core::Instant{std::chrono::seconds{1'700'000'000}};
    a = source->save_article(a).value();
    core::Comment c;
    c.article_id = a.id;
    c.name = "Reader";
    c.body = "Lovely.";
    c.status = core::CommentStatus::kApproved;
    c.created_at = a.published_at.value();
    ASSERT_TRUE(source->save_comment(c));
  }
  const std::string to = (dir / "to.db").string();
  const auto copied = copy_database(from, to, nullptr);
  ASSERT_TRUE(copied) << copied.error().describe();
  // Every table a migration made is known to the copy (else it refuses, naming the table).
  EXPECT_EQ(copied->size(), 27U);
  const auto rows = [&](std::string_view table) {
    for (const CopiedTable& t : *copied) {
      if (t.name == table) {
        return t.rows;
      }
    }
    return std::int64_t{-1};
  };
  EXPECT_EQ(rows("editions"), 1);
  EXPECT_EQ(rows("articles"), 1);
  EXPECT_EQ(rows("comments"), 1);
  {
    auto target = open(to).value();
    const core::Article copy = target->article(a.id).value();
    EXPECT_EQ(copy.title, "Harbour lights");
    EXPECT_EQ(copy.body, "Ships come in at **dawn**.");
    EXPECT_EQ(target->approved_comment_count(a.id).value(), 1);
    // New rows take ids after the copied ones.
    core::Article next = a;
    next.id = 0;
    next.slug = "harbour-2";
    EXPECT_GT(target->save_article(next).value().id, a.id);
  }
  const auto again = copy_database(from, to, nullptr);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tapchi::store
