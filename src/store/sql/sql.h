// Small helpers over SOCI shared by the store's backends: running a query row by row and turning
// SOCI's exceptions into core::Error. Private to the store module.
#pragma once
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>

#include <soci/soci.h>

#include "core/core.h"

namespace tapchi::store {

// The SQL dialects of the store's backends. Almost every statement is the same in both; the
// few that differ (full-text search, transaction starts, schema introspection) ask.
enum class Dialect { kSqlite, kPostgres };
Dialect dialect_of(soci::session& sql);

// A write transaction's start: SQLite's BEGIN IMMEDIATE takes the database's write lock;
// PostgreSQL's writers take one transaction-scoped advisory lock, so that writes are serialized
// across every node as SQLite serializes them across processes (a read-then-write such as a
// version check stays exact), while readers never wait.
void begin_write(soci::session& sql);
inline constexpr long long kWriterLock = 0x7461706368690001;  // "tapchi" and 1

// The condition that a row of article_search, its columns named with `prefix` ("s." or ""),
// matches the query bound to `:param` (an FTS5 expression or a tsquery, see match_expression).
std::string matches(Dialect dialect, std::string_view prefix, std::string_view param);

// Prepares `query`, lets `bind` attach into() and use() elements, and calls `on_row` once per
// fetched row.
template <typename Bind, typename OnRow>
void for_each_row(soci::session& sql, const std::string& query, Bind&& bind, OnRow&& on_row) {
  soci::statement st(sql);
  bind(st);
  st.alloc();
  st.prepare(query);
  st.define_and_bind();
  st.execute(false);
  while (st.fetch()) {
    on_row();
  }
}

// Whether `e` says that the database cannot be reached (PostgreSQL's server stopped, restarting,
// or out of reach), rather than that a statement failed.
bool is_connection_lost(const soci::soci_error& e);

// Runs `fn` (which returns a core::Result<T>), mapping database exceptions to errors: a violated
// UNIQUE constraint is kConflict, a database out of reach kUnavailable, the rest kInternal
// naming `what`.
template <typename Fn>
auto guarded(std::string_view what, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const soci::soci_error& e) {
    const std::string message = e.get_error_message();
    if (is_connection_lost(e)) {
      return core::fail(core::unavailable(std::string(what) + ": the database cannot be reached (" +
                                          message + ")"));
    }
    if (message.find("UNIQUE constraint failed") != std::string::npos ||
        message.find("duplicate key") != std::string::npos) {
      return core::fail(core::conflict(std::string(what) + ": already exists (" + message + ")"));
    }
    return core::fail(core::internal(std::string(what) + ": " + message));
  } catch (const std::exception& e) {
    return core::fail(core::internal(std::string(what) + ": " + e.what()));
  }
}

// A write transaction that joins the enclosing one when the session is already inside
// in_transaction(); otherwise begin_write(), and ROLLBACK unless committed.
class WriteTransaction {
 public:
  WriteTransaction(soci::session& sql, bool is_nested) : sql_(sql), is_nested_(is_nested) {
    if (!is_nested_) {
      begin_write(sql_);
    }
  }
  ~WriteTransaction() {
    if (!is_nested_ && !is_done_) {
      try {
        sql_ << "ROLLBACK";
      } catch (const soci::soci_error&) {  // NOLINT(bugprone-empty-catch): nothing to undo
      }
    }
  }
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void commit() {
    if (!is_nested_) {
      sql_ << "COMMIT";
    }
    is_done_ = true;
  }

 private:
  soci::session& sql_;
  bool is_nested_;
  bool is_done_ = false;
};

// Values bound by name to a query's placeholders.
struct Params {
  Params() = default;
  Params(std::map<std::string, long long> i, std::map<std::string, std::string> t = {})
      : ints(std::move(i)), texts(std::move(t)) {}

  std::map<std::string, long long> ints;
  std::map<std::string, std::string> texts;

  bool has_same_names(const Params& other) const;
};

// The statements prepared on one connection, by SQL text, so that a query is parsed and planned
// once per connection rather than once per call. Used by one thread at a time, like its
// connection. Bounded: when full it starts over.
class StatementCache {
 public:
  struct Entry {
    virtual ~Entry() = default;
  };
  Entry* find(const std::string& query);
  Entry& put(const std::string& query, std::unique_ptr<Entry> entry);
  void forget(const std::string& query);

 private:
  static constexpr std::size_t kCapacity = 128;
  std::unordered_map<std::string, std::unique_ptr<Entry>> entries_;
};

// A prepared statement bound to variables it owns: `row` receives each fetched row; `params`
// are read at each execution.
template <typename Row>
struct Prepared final : StatementCache::Entry {
  explicit Prepared(soci::session& sql) : st(sql) {}
  soci::statement st;
  Row row;
  Params params;
};

// A statement for `query` bound to its own row and `params`.
template <typename Row>
std::unique_ptr<Prepared<Row>> prepare(soci::session& sql, const std::string& query,
                                       const Params& params) {
  auto made = std::make_unique<Prepared<Row>>(sql);
  made->params = params;
  made->row.bind(made->st);
  for (auto& [name, value] : made->params.ints) {
    made->st.exchange(soci::use(value, name));
  }
  for (auto& [name, value] : made->params.texts) {
    made->st.exchange(soci::use(value, name));
  }
  made->st.alloc();
  made->st.prepare(query);
  made->st.define_and_bind();
  return made;
}

template <typename Row, typename OnRow>
void fetch_all(Prepared<Row>& p, OnRow& on_row) {
  p.st.execute(false);
  while (p.st.fetch()) {
    on_row(p.row);  // it may take the row's strings: the next fetch assigns them anew
  }
}

// Runs `query` with `params` and calls `on_row(const Row&)` per row, preparing the statement
// only the first time this connection runs this text. `query` must not embed values that vary
// between calls (bind them; id_list() binds IN lists), or the cache fills with one-off
// statements. Row has bind(soci::statement&), attaching into() elements in column order.
// The statement of `query` prepared on this connection (the first time it runs) with `params`
// bound to it.
template <typename Row>
Prepared<Row>& prepared(soci::session& sql, StatementCache& cache, const std::string& query,
                        const Params& params) {
  auto* entry = dynamic_cast<Prepared<Row>*>(cache.find(query));
  if (entry == nullptr || !entry->params.has_same_names(params)) {
    return *static_cast<Prepared<Row>*>(&cache.put(query, prepare<Row>(sql, query, params)));
  }
  for (const auto& [name, value] : params.ints) {
    entry->params.ints.find(name)->second = value;
  }
  for (const auto& [name, value] : params.texts) {
    entry->params.texts.find(name)->second = value;
  }
  return *entry;
}

template <typename Row, typename OnRow>
void run_cached(soci::session& sql, StatementCache& cache, const std::string& query,
                const Params& params, OnRow&& on_row) {
  Prepared<Row>* entry = &prepared<Row>(sql, cache, query, params);
  try {
    fetch_all(*entry, on_row);
  } catch (...) {
    cache.forget(query);  // finalized, so that no half-read statement holds the database
    throw;
  }
}

// A statement that returns no rows (INSERT, UPDATE, DELETE) with `params`, prepared once per
// connection.
struct NoRow {
  void bind(soci::statement&) {}
};
inline void write_cached(soci::session& sql, StatementCache& cache, const std::string& statement,
                         const Params& params) {
  Prepared<NoRow>& entry = prepared<NoRow>(sql, cache, statement, params);
  try {
    entry.st.execute(true);  // without data exchange a statement with no results would not run
  } catch (...) {
    cache.forget(statement);
    throw;
  }
}

// Runs a statement that returns no rows and takes no values ("BEGIN", "COMMIT"), prepared once
// per connection.
void execute_cached(soci::session& sql, StatementCache& cache, const std::string& statement);

// "(:name0, :name1, ...)" for binding `ids` as an IN list, the values added to `params`. The list
// is padded with 0 (never an id) to a power of two, so that the query text repeats and its
// statement is prepared once per size class rather than once per list.
std::string id_list(const std::vector<core::Id>& ids, const std::string& name, Params& params);

}  // namespace tapchi::store
