// A whole journal copied from one database into another: SQLite to PostgreSQL and back.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

// Every table of the journal, each after the tables it refers to. The search index is made again
// from the articles at the end (it holds terms in the target's own form); related articles are
// copied, not ranked again, since each was ranked against the journal of its day. The changes
// told to other nodes concern the database they were told in.
constexpr std::array<std::string_view, 27> kTables{
    "editions",
    "media",
    "users",
    "sections",
    "tags",
    "authors",
    "articles",
    "article_bodies",
    "article_tags",
    "article_authors",
    "comments",
    "article_revisions",
    "audit_log",
    "sessions",
    "settings",
    "api_keys",
    "idempotent_answers",
    "webhooks",
    "webhook_deliveries",
    "article_views",
    "front_pins",
    "imported_items",
    "redirects",
    "static_pages",
    "static_page_revisions",
    "rate_buckets",
    "article_related",
};

std::vector<std::string> columns_of(soci::session& sql, std::string_view table) {
  std::vector<std::string> out;
  std::string name;
  const std::string query =
      dialect_of(sql) == Dialect::kSqlite
          ? "SELECT name FROM pragma_table_info(:t) ORDER BY cid"
          : "SELECT column_name FROM information_schema.columns WHERE table_name = :t AND "
            "table_schema = current_schema() ORDER BY ordinal_position";
  std::string t(table);
  for_each_row(
      sql, query,
      [&](soci::statement& st) {
        st.exchange(soci::into(name));
        st.exchange(soci::use(t, "t"));
      },
      [&] { out.push_back(name); });
  return out;
}

// The tables a copy leaves to the target: its own schema's record, the search index (built
// again) with FTS5's own tables, and the changes told to other nodes.
bool is_left_to_the_target(std::string_view table) {
  return table == "schema_migrations" || table == "changes" || table.starts_with("article_search");
}

// The journal's tables in `sql` that kTables does not list: a table a migration added and the
// copy would leave behind.
std::vector<std::string> tables_not_copied(soci::session& sql) {
  std::vector<std::string> out;
  std::string name;
  for_each_row(
      sql,
      dialect_of(sql) == Dialect::kSqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
          : "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE'",
      [&](soci::statement& st) { st.exchange(soci::into(name)); },
      [&] {
        if (!is_left_to_the_target(name) &&
            std::find(kTables.begin(), kTables.end(), name) == kTables.end()) {
          out.push_back(name);
        }
      });
  return out;
}

long long count_rows(soci::session& sql, std::string_view table) {
  long long n = 0;
  sql << fmt::format("SELECT COUNT(*) FROM {}", table), soci::into(n);
  return n;
}

}  // namespace

core::Result<std::vector<CopiedTable>> copy_database(
    const std::string& from, const std::string& to,
    const std::function<void(std::string_view table, std::int64_t rows)>& progress) {
  StoreOptions options;
  options.pool_size = 1;
  if (is_postgres_url(to)) {
    if (auto made = create_postgres_database(to); !made) {
      return core::fail(made.error());
    }
  }
  auto source_store = open(from, options);
  if (!source_store) {
    return core::fail(source_store.error());
  }
  auto target_store = open(to, options);
  if (!target_store) {
    return core::fail(target_store.error());
  }
  auto* source = dynamic_cast<SqlStore*>(source_store->get());
  auto* target = dynamic_cast<SqlStore*>(target_store->get());
  auto copied = guarded("copying the journal", [&]() -> core::Result<std::vector<CopiedTable>> {
    SqlStore::Lease in(*source);
    SqlStore::Lease out(*target);
    soci::session& src = in.session();
    soci::session& dst = out.session();
    if (const auto unknown = tables_not_copied(src); !unknown.empty()) {
      return core::fail(core::internal(
          fmt::format("the copy does not know the table {}; nothing was copied", unknown.front())));
    }
    for (const std::string_view table : {"editions", "articles", "users", "media"}) {
      if (count_rows(dst, table) > 0) {
        return core::fail(core::conflict(
            fmt::format("the target already holds a journal ({} in {}); nothing was copied", table,
                        to.starts_with("postgres") ? "that database" : to)));
      }
    }
    // The source is read in one snapshot, so that the copy is one state of the journal.
    src << (dialect_of(src) == Dialect::kSqlite ? "BEGIN"
                                                : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ "
                                                  "ONLY");
    WriteTransaction tr(dst, false);
    std::vector<CopiedTable> tables;
    for (const std::string_view table : kTables) {
      const std::vector<std::string> columns = columns_of(dst, table);
      std::string list, casts, places;
      for (std::size_t i = 0; i < columns.size(); ++i) {
        list += (i == 0 ? "" : ", ") + columns[i];
        casts += fmt::format("{}CAST({} AS TEXT)", i == 0 ? "" : ", ", columns[i]);
        places += fmt::format("{}:v{}", i == 0 ? "" : ", ", i);
      }
      // Every value travels as text (or NULL): each store reads it back into its column's type,
      // 64-bit integers whole.
      std::vector<std::string> values(columns.size());
      std::vector<soci::indicator> present(columns.size(), soci::i_ok);
      soci::statement insert(dst);
      for (std::size_t i = 0; i < columns.size(); ++i) {
        insert.exchange(soci::use(values[i], present[i], fmt::format("v{}", i)));
      }
      insert.alloc();
      insert.prepare(fmt::format("INSERT INTO {} ({}) VALUES ({})", table, list, places));
      insert.define_and_bind();
      long long rows = 0;
      for_each_row(
          // In the order of the first column (ids): a comment's parent comes before it.
          src, fmt::format("SELECT {} FROM {} ORDER BY {}", casts, table, columns.front()),
          [&](soci::statement& st) {
            for (std::size_t i = 0; i < columns.size(); ++i) {
              st.exchange(soci::into(values[i], present[i]));
            }
          },
          [&] {
            insert.execute(true);
            ++rows;
          });
      if (const long long kept = count_rows(dst, table); kept != count_rows(src, table)) {
        return core::fail(core::internal(
            fmt::format("{}: {} rows in the source, {} in the copy; nothing was kept", table,
                        count_rows(src, table), kept)));
      }
      if (dialect_of(dst) == Dialect::kPostgres &&
          std::find(columns.begin(), columns.end(), "id") != columns.end()) {
        // New rows take ids after the copied ones.
        long long next = 0;
        dst << fmt::format(
            "SELECT setval(pg_get_serial_sequence('{0}', 'id'), (SELECT COALESCE(MAX(id), "
            "0) + 1 FROM {0}), false)",
            table),
            soci::into(next);
      }
      if (progress) {
        progress(table, rows);
      }
      tables.push_back({std::string(table), rows});
    }
    index_all(dst, nullptr, false);
    tr.commit();
    src << "COMMIT";
    if (dialect_of(dst) == Dialect::kPostgres) {
      // The planner's statistics of what was just written: without them a search plans for a
      // common word whatever it looks for (and a rare one reads the whole index).
      dst << "ANALYZE";
    }
    return tables;
  });
  return copied;
}

}  // namespace tapchi::store
