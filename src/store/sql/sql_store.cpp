#include "store/sql/sql_store.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <poll.h>
#include <soci/connection-pool.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <unistd.h>

#include "store/migrations.h"
#include "store/sql/sql.h"

namespace tapchi::store {

namespace {

long long to_db(core::Instant t) { return t.time_since_epoch().count(); }

// NULL for 0, so that optional foreign keys stay NULL.
soci::indicator null_if_zero(core::Id id) { return id == 0 ? soci::i_null : soci::i_ok; }

template <typename T>
core::Result<T> first_or_not_found(std::vector<T> rows, std::string what) {
  if (rows.empty()) {
    return core::fail(core::not_found(std::move(what) + " not found"));
  }
  return std::move(rows.front());
}

}  // namespace

bool Params::has_same_names(const Params& other) const {
  const auto same = [](const auto& a, const auto& b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(),
                      [](const auto& x, const auto& y) { return x.first == y.first; });
  };
  return same(ints, other.ints) && same(texts, other.texts);
}

StatementCache::Entry* StatementCache::find(const std::string& query) {
  const auto it = entries_.find(query);
  return it == entries_.end() ? nullptr : it->second.get();
}

StatementCache::Entry& StatementCache::put(const std::string& query, std::unique_ptr<Entry> entry) {
  if (entries_.size() >= kCapacity) {
    entries_.clear();
  }
  auto& slot = entries_[query];
  slot = std::move(entry);
  return *slot;
}

void StatementCache::forget(const std::string& query) { entries_.erase(query); }

namespace {

struct Statement final : StatementCache::Entry {
  explicit Statement(soci::session& sql) : st(sql) {}
  soci::statement st;
};

}  // namespace

void execute_cached(soci::session& sql, StatementCache& cache, const std::string& statement) {
  auto* entry = dynamic_cast<Statement*>(cache.find(statement));
  if (entry == nullptr) {
    auto made = std::make_unique<Statement>(sql);
    made->st.alloc();
    made->st.prepare(statement);
    made->st.define_and_bind();
    entry = static_cast<Statement*>(&cache.put(statement, std::move(made)));
  }
  try {
    entry->st.execute(true);
  } catch (...) {
    cache.forget(statement);
    throw;
  }
}

std::string id_list(const std::vector<core::Id>& ids, const std::string& name, Params& params) {
  std::size_t size = 1;
  while (size < ids.size()) {
    size *= 2;
  }
  std::string out = "(";
  for (std::size_t i = 0; i < size; ++i) {
    const std::string key = name + std::to_string(i);
    out += (i == 0 ? ":" : ", :") + key;
    params.ints[key] = i < ids.size() ? ids[i] : 0;
  }
  return out + ")";
}

Dialect dialect_of(soci::session& sql) {
  return sql.get_backend_name() == "postgresql" ? Dialect::kPostgres : Dialect::kSqlite;
}

void begin_write(soci::session& sql) {
  if (dialect_of(sql) == Dialect::kSqlite) {
    sql << "BEGIN IMMEDIATE";
    return;
  }
  sql << "BEGIN";
  sql << "SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) + ")";
}

bool is_connection_lost(const soci::soci_error& e) {
  if (e.get_error_category() == soci::soci_error::connection_error) {
    return true;
  }
  // libpq's words when the server goes away mid-statement (no SQLSTATE comes with them),
  // PostgreSQL's own when it shuts down or is starting (57P01-57P03), and SOCI's when it finds the
  // connection broken (whatever libpq said, even nothing); all answer "unavailable".
  const std::string message = e.get_error_message();
  for (const char* words :
       {"server closed the connection", "no connection to the server", "Connection failed",
        "Cannot establish connection", "could not connect to server", "connection to server",
        "terminating connection", "the database system is", "SSL connection has been closed",
        // A read replica cancels a read that holds back its replay: try again.
        "conflict with recovery"}) {
    if (message.find(words) != std::string::npos) {
      return true;
    }
  }
  return false;
}

std::string matches(Dialect dialect, std::string_view prefix, std::string_view param) {
  return dialect == Dialect::kSqlite
             ? fmt::format("{}article_search MATCH :{}", prefix, param)
             : fmt::format("{}document @@ to_tsquery('simple', :{})", prefix, param);
}

bool is_postgres_url(std::string_view database) {
  return database.starts_with("postgresql://") || database.starts_with("postgres://");
}

core::Result<std::unique_ptr<Store>> open_sqlite(const std::string& path,
                                                 const StoreOptions& options) {
  return guarded("opening database " + path, [&]() -> core::Result<std::unique_ptr<Store>> {
    return std::unique_ptr<Store>(std::make_unique<SqlStore>(Dialect::kSqlite, path, options));
  });
}

namespace {

// The URL without its password, for messages.
std::string shown_url(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) {
    return url;
  }
  const auto colon = url.find(':', scheme + 3);
  return colon < at ? url.substr(0, colon) + url.substr(at) : url;
}

// A part of a URL with its %XX escapes decoded; libpq refuses a malformed one, and so do we.
std::string percent_decoded(std::string_view text) {
  auto out = core::percent_decode(text, false);
  if (!out) {
    throw std::invalid_argument("the database URL has a malformed %-escape");  // maybe a password
  }
  return std::move(*out);
}

// `value` as a libpq keyword value: quoted, with \ and ' escaped.
std::string keyword_value(const std::string& value) {
  std::string out = "'";
  for (const char c : value) {
    if (c == '\\' || c == '\'') {
      out += '\\';
    }
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string postgres_connection(std::string_view url) {
  // postgresql://[user[:password]@][host][:port][/name][?key=value&...]; SOCI reads libpq's
  // keyword form, not its URIs.
  std::string_view rest = url.substr(url.find("://") + 3);
  std::vector<std::pair<std::string, std::string>> keys;
  const auto query = rest.find('?');
  std::string_view params = query == std::string_view::npos ? "" : rest.substr(query + 1);
  rest = rest.substr(0, query);
  const auto slash = rest.find('/');
  if (slash != std::string_view::npos) {
    keys.emplace_back("dbname", percent_decoded(rest.substr(slash + 1)));
    rest = rest.substr(0, slash);
  }
  if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
    const std::string_view who = rest.substr(0, at);
    const auto colon = who.find(':');
    keys.emplace_back("user", percent_decoded(who.substr(0, colon)));
    if (colon != std::string_view::npos) {
      keys.emplace_back("password", percent_decoded(who.substr(colon + 1)));
    }
    rest = rest.substr(at + 1);
  }
  const auto colon = rest.rfind(':');
  if (colon != std::string_view::npos && rest.find(']', colon) == std::string_view::npos) {
    keys.emplace_back("port", std::string(rest.substr(colon + 1)));
    rest = rest.substr(0, colon);
  }
  if (rest.size() > 1 && rest.front() == '[' && rest.back() == ']') {
    rest = rest.substr(1, rest.size() - 2);  // an IPv6 address
  }
  if (!rest.empty()) {
    keys.emplace_back("host", percent_decoded(rest));
  }
  while (!params.empty()) {
    const auto amp = std::min(params.find('&'), params.size());
    const std::string_view pair = params.substr(0, amp);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos) {
      keys.emplace_back(percent_decoded(pair.substr(0, eq)), percent_decoded(pair.substr(eq + 1)));
    }
    params = params.substr(std::min(amp + 1, params.size()));
  }
  std::string out;
  for (const auto& [key, value] : keys) {
    out += (out.empty() ? "" : " ") + key + "=" + keyword_value(value);
  }
  return out;
}

core::Result<std::unique_ptr<Store>> open_postgres(const std::string& url,
                                                   const StoreOptions& options) {
  return guarded(
      "opening database " + shown_url(url), [&]() -> core::Result<std::unique_ptr<Store>> {
        return std::unique_ptr<Store>(std::make_unique<SqlStore>(Dialect::kPostgres, url, options));
      });
}

core::Result<std::unique_ptr<Store>> open(const std::string& database,
                                          const StoreOptions& options) {
  return is_postgres_url(database) ? open_postgres(database, options)
                                   : open_sqlite(database, options);
}

core::Result<void> create_postgres_database(const std::string& url) {
  return guarded("creating database " + shown_url(url), [&]() -> core::Result<void> {
    // postgresql://who@host:port/name?options: the name is the path's one segment.
    const auto scheme = url.find("://");
    const auto slash = scheme == std::string::npos ? scheme : url.find('/', scheme + 3);
    if (slash == std::string::npos) {
      return core::fail(core::invalid("the URL names no database: " + shown_url(url)));
    }
    const auto end = std::min(url.find('?', slash), url.size());
    const std::string name = url.substr(slash + 1, end - slash - 1);
    if (name.empty() ||
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
      return core::fail(core::invalid(
          "a database to create is named with lower-case letters, digits and '_': " + name));
    }
    soci::session server(soci::postgresql,
                         postgres_connection(url.substr(0, slash) + "/postgres" + url.substr(end)));
    int exists = 0;
    server << "SELECT COUNT(*) FROM pg_database WHERE datname = :name", soci::use(name),
        soci::into(exists);
    if (exists == 0) {
      server << "CREATE DATABASE " + name + " ENCODING 'UTF8' TEMPLATE template0";
    }
    return {};
  });
}

SqlStore::SqlStore(Dialect dialect, const std::string& target, const StoreOptions& options,
                   Role role)
    : dialect_(dialect), target_(target) {
  std::random_device random;
  origin_ = fmt::format("{:08x}{:08x}-{}", random(), random(), ::getpid());
  if (!options.replica.empty() && (dialect_ != Dialect::kPostgres || role == Role::kReplica)) {
    throw std::runtime_error("a read replica serves a PostgreSQL journal only");
  }
  if (dialect_ == Dialect::kPostgres) {
    const int size = std::max(1, options.pool_size);
    pool_ = std::make_unique<soci::connection_pool>(static_cast<std::size_t>(size));
    caches_.resize(static_cast<std::size_t>(size));
    for (int i = 0; i < size; ++i) {
      soci::session& s = pool_->at(static_cast<std::size_t>(i));
      // Times are integers: no session zone to set.
      s.open(soci::postgresql, postgres_connection(target));
      s << "SET client_min_messages TO WARNING";  // no NOTICE of an existing table on stderr
    }
    if (role == Role::kReplica) {
      return;
    }
    migrations_applied_ = migrate();
    if (!options.replica.empty()) {
      StoreOptions own = options;
      own.replica.clear();
      replica_ =
          std::make_unique<SqlStore>(Dialect::kPostgres, options.replica, own, Role::kReplica);
      // A replica that has not replayed the primary's migrations would fail every page.
      const int replica_version = replica_->schema_version();
      if (replica_version != schema_version()) {
        throw std::runtime_error(fmt::format(
            "the read replica {} is at schema version {}, the database at {}: is it a standby "
            "of this database, and has it caught up?",
            shown_url(options.replica), replica_version, schema_version()));
      }
    }
    return;
  }
  const std::string& path = target;
  // Every connection to ":memory:" is a database of its own, so it gets exactly one.
  const int size = path == ":memory:" ? 1 : std::max(1, options.pool_size);
  pool_ = std::make_unique<soci::connection_pool>(static_cast<std::size_t>(size));
  caches_.resize(static_cast<std::size_t>(size));
  const int timeout_s = std::max(1, options.busy_timeout_ms / 1000);
  for (int i = 0; i < size; ++i) {
    soci::session& s = pool_->at(static_cast<std::size_t>(i));
    s.open(soci::sqlite3, fmt::format("db={} timeout={}", path, timeout_s));
    s << "PRAGMA foreign_keys = ON";
    s << fmt::format("PRAGMA busy_timeout = {}", options.busy_timeout_ms);
    if (i == 0 && path != ":memory:") {
      s << "PRAGMA journal_mode = WAL";
    }
    // An acknowledged write survives a crash or power loss.
    s << "PRAGMA synchronous = FULL";
    // Reads map the file instead of copying each page out of the kernel with a read call (the
    // mapping is address space, shared with the kernel's file cache, not memory of our own).
    s << fmt::format("PRAGMA mmap_size = {}", options.mmap_bytes);
    // Counts this process's commits, so that a cache can tell them from other processes'.
    sqlite_api::sqlite3* handle =
        static_cast<soci::sqlite3_session_backend*>(s.get_backend())->conn_;
    sqlite_api::sqlite3_commit_hook(
        handle,
        [](void* counter) {
          static_cast<std::atomic<std::int64_t>*>(counter)->fetch_add(1);
          return 0;  // go on with the commit
        },
        &own_commits_);
  }
  migrations_applied_ = migrate();
  if (path != ":memory:") {
    watch_ = std::make_unique<soci::session>(soci::sqlite3,
                                             fmt::format("db={} timeout={}", path, timeout_s));
  }
}

std::int64_t SqlStore::own_commits() const { return own_commits_.load(); }

core::Result<std::int64_t> SqlStore::outside_commits() {
  if (!watch_) {
    return std::int64_t{0};
  }
  return guarded("reading the data version", [&]() -> core::Result<std::int64_t> {
    const std::lock_guard lock(watch_mutex_);
    long long version = 0;
    *watch_ << "PRAGMA data_version", soci::into(version);
    return static_cast<std::int64_t>(version);
  });
}

SqlStore::~SqlStore() = default;

namespace {

// The session in_transaction() pinned on this thread, per store, with the changes its
// transaction has made so far.
struct Pinned {
  const SqlStore* owner;
  std::size_t slot;  // in the pool
  std::vector<Change> changes;
  bool is_read_only = false;  // pinned by in_snapshot(): a write there fails
};
thread_local std::vector<Pinned> pinned_sessions;

Pinned* pinned_entry(const SqlStore* store) {
  for (Pinned& p : pinned_sessions) {
    if (p.owner == store) {
      return &p;
    }
  }
  return nullptr;
}

bool is_pinned(const SqlStore* store) { return pinned_entry(store) != nullptr; }

}  // namespace

SqlStore::Slot::Slot(soci::connection_pool& pool) : pool_(pool), position_(pool.lease()) {}

SqlStore::Slot::~Slot() { pool_.give_back(position_); }

soci::session& SqlStore::Slot::session() { return pool_.at(position_); }

SqlStore::Lease::Lease(SqlStore& store) : source_(&store) {
  if (const Pinned* entry = pinned_entry(&store)) {
    position_ = entry->slot;
    is_write_pinned_ = !entry->is_read_only;
  } else if (const Pinned* public_read =
                 store.replica_ ? pinned_entry(store.replica_.get()) : nullptr) {
    source_ = store.replica_.get();  // inside in_public_snapshot(): every read goes there
    position_ = public_read->slot;
  } else {
    slot_.emplace(*store.pool_);
    position_ = slot_->position();
    store.reconnect_if_lost(position_);
  }
}

void SqlStore::reconnect_if_lost(std::size_t position) {
  if (dialect_ != Dialect::kPostgres) {
    return;
  }
  soci::session& s = pool_->at(position);
  auto* backend = static_cast<soci::postgresql_session_backend*>(s.get_backend());
  if (backend != nullptr && PQstatus(backend->conn_) == CONNECTION_OK) {
    return;
  }
  // The statements prepared on the lost connection go first (their DEALLOCATE fails quietly):
  // they hold on to the session's old backend, which reconnecting replaces.
  caches_[position] = StatementCache{};
  s.reconnect();  // throws while the server is still away: the call answers kUnavailable
  s << "SET client_min_messages TO WARNING";
}

SqlStore::Lease::~Lease() = default;

soci::session& SqlStore::Lease::session() { return source_->pool_->at(position_); }

StatementCache& SqlStore::Lease::cache() { return source_->caches_[position_]; }

bool SqlStore::is_inside() const {
  return is_pinned(this) || (replica_ && is_pinned(replica_.get()));
}

core::Result<void> SqlStore::in_transaction(const std::function<core::Result<void>(Store&)>& body) {
  if (const Pinned* outer = pinned_entry(this); outer != nullptr || is_inside()) {
    if (outer == nullptr || outer->is_read_only) {
      return core::fail(core::internal("a write was asked for inside a read snapshot"));
    }
    return body(*this);  // already inside one: its commit covers this work too
  }
  // This process's writers queue here, in order and without sleeping, rather than in SQLite's
  // busy handler, which backs off in growing pauses; other processes still meet the file lock.
  const std::lock_guard writers(write_mutex_);
  Slot slot(*pool_);
  auto [result, changes] = pinned(slot, false, body);
  if (!result) {
    return result;
  }
  publish(changes);
  return result;
}

core::Result<void> SqlStore::in_snapshot(const std::function<core::Result<void>(Store&)>& body) {
  if (is_inside()) {
    return body(*this);  // a transaction already gives this thread one view
  }
  Slot slot(*pool_);
  return pinned(slot, true, body).first;
}

core::Result<void> SqlStore::in_public_snapshot(
    const std::function<core::Result<void>(Store&)>& body) {
  if (!replica_ || is_inside()) {
    return in_snapshot(body);
  }
  // Pinned on the replica's store; this store's calls inside find it there (Lease).
  Slot slot(*replica_->pool_);
  return replica_->pinned(slot, true, [&](Store&) { return body(*this); }).first;
}

std::pair<core::Result<void>, std::vector<Change>> SqlStore::pinned(
    Slot& slot, bool is_read_only, const std::function<core::Result<void>(Store&)>& body) {
  soci::session& sql = slot.session();
  StatementCache& cache = caches_[slot.position()];
  const auto begin = [&] {
    reconnect_if_lost(slot.position());
    if (is_read_only) {
      // SQLite's deferred BEGIN takes the snapshot at the first read.
      execute_cached(sql, cache,
                     dialect_ == Dialect::kSqlite
                         ? "BEGIN"
                         : "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    } else if (dialect_ == Dialect::kSqlite) {
      execute_cached(sql, cache, "BEGIN IMMEDIATE");
    } else {
      execute_cached(sql, cache, "BEGIN");
      execute_cached(sql, cache,
                     "SELECT pg_advisory_xact_lock(" + std::to_string(kWriterLock) + ")");
    }
  };
  try {
    try {
      begin();
    } catch (const soci::soci_error& e) {
      // A pooled connection that a restarted server closed looks alive until it is used: its
      // BEGIN finds out. Nothing ran on it yet, so it is opened again and the BEGIN tried once
      // more, rather than answering 503 once per pooled connection after every restart.
      if (!is_connection_lost(e)) {
        throw;
      }
      begin();
    }
  } catch (const soci::soci_error& e) {
    return {core::fail(core::unavailable(std::string("cannot start a transaction: ") +
                                         e.get_error_message())),
            {}};
  }
  pinned_sessions.push_back(Pinned{this, slot.position(), {}, is_read_only});
  core::Result<void> result = core::fail(core::internal("transaction body threw"));
  try {
    result = body(*this);
  } catch (...) {
    pinned_sessions.pop_back();
    // The body's exception goes on: often the database was lost, and the ROLLBACK fails too
    // (the server ends an abandoned transaction by itself, and the slot reconnects when next
    // taken).
    try {
      execute_cached(sql, cache, "ROLLBACK");
    } catch (const soci::soci_error&) {  // NOLINT(bugprone-empty-catch): reported by the body's
    }
    throw;
  }
  std::vector<Change> changes = std::move(pinned_sessions.back().changes);
  pinned_sessions.pop_back();
  // A read ends with COMMIT whatever its body returned; a write commits only on success.
  const bool commit = result || is_read_only;
  auto ended = guarded("ending a transaction", [&]() -> core::Result<void> {
    if (commit && !is_read_only && !changes.empty() && dialect_ == Dialect::kPostgres) {
      record(sql, cache, changes);
    }
    execute_cached(sql, cache, commit ? "COMMIT" : "ROLLBACK");
    return {};
  });
  return {result ? ended : result, std::move(changes)};
}

namespace {

constexpr std::array<std::pair<Change::Kind, std::string_view>, 11> kChangeKinds{{
    {Change::Kind::kEdition, "edition"},
    {Change::Kind::kSection, "section"},
    {Change::Kind::kTag, "tag"},
    {Change::Kind::kAuthor, "author"},
    {Change::Kind::kMedia, "media"},
    {Change::Kind::kArticle, "article"},
    {Change::Kind::kComment, "comment"},
    {Change::Kind::kSettings, "settings"},
    {Change::Kind::kFront, "front"},
    {Change::Kind::kPage, "page"},
    {Change::Kind::kRedirect, "redirect"},
}};

std::string_view kind_name(Change::Kind kind) {
  for (const auto& [k, name] : kChangeKinds) {
    if (k == kind) {
      return name;
    }
  }
  return "settings";
}

// An unknown kind (written by a newer node) is read as the widest: settings drop every page.
Change::Kind kind_named(std::string_view name) {
  for (const auto& [k, known] : kChangeKinds) {
    if (known == name) {
      return k;
    }
  }
  return Change::Kind::kSettings;
}

// Changes are kept this long for nodes that lost their connection; one away for longer forgets
// its whole cache.
constexpr long long kChangesKeptSeconds = 3600;
constexpr const char* kChannel = "tapchi_changes";

}  // namespace

void SqlStore::record(soci::session& sql, StatementCache& cache,
                      const std::vector<Change>& changes) {
  const long long now = to_db(core::SystemClock().now());
  long long seq = 0;
  for (const Change& c : changes) {
    struct SeqRow {
      long long seq = 0;
      void bind(soci::statement& st) { st.exchange(soci::into(seq)); }
    };
    run_cached<SeqRow>(
        sql, cache,
        "INSERT INTO changes (origin, kind, id, edition_id, article_id, translation_key, at) "
        "VALUES (:origin, :kind, :id, :edition, :article, :key, :at) RETURNING seq",
        Params({{"id", c.id}, {"edition", c.edition_id}, {"article", c.article_id}, {"at", now}},
               {{"origin", origin_},
                {"kind", std::string(kind_name(c.kind))},
                {"key", c.translation_key}}),
        [&](const SeqRow& r) { seq = r.seq; });
  }
  if (seq % 128 == 0) {
    // The newest row stays, so that a follower can always tell what was pruned.
    write_cached(sql, cache, "DELETE FROM changes WHERE at < :cutoff AND seq < :seq",
                 {{{"cutoff", now - kChangesKeptSeconds}, {"seq", seq}}});
  }
  // Delivered to every listening node when the transaction commits, not before.
  execute_cached(sql, cache, fmt::format("SELECT pg_notify('{}', '')", kChannel));
}

core::Result<std::int64_t> SqlStore::last_change() {
  return replica_ ? replica_->newest_change() : newest_change();
}

core::Result<std::int64_t> SqlStore::newest_change() {
  if (dialect_ != Dialect::kPostgres) {
    return std::int64_t{0};
  }
  return guarded("reading the last change", [&]() -> core::Result<std::int64_t> {
    Lease lease(*this);
    long long last = 0;
    lease.session() << "SELECT COALESCE(MAX(seq), 0) FROM changes", soci::into(last);
    return static_cast<std::int64_t>(last);
  });
}

core::Result<HeardChanges> SqlStore::changes_after(std::int64_t after, int limit) {
  if (dialect_ != Dialect::kPostgres) {
    return HeardChanges{after, {}, false};
  }
  if (replica_) {
    // The replica's store has an origin of its own: this process's changes come too.
    auto heard = replica_->changes_after(after, limit);
    if (heard && heard->changes.size() < static_cast<std::size_t>(std::max(1, limit))) {
      const auto primary = newest_change();
      heard->is_replica_behind = primary && *primary > heard->last;
    }
    return heard;
  }
  return guarded("reading changes", [&]() -> core::Result<HeardChanges> {
    Lease lease(*this);
    HeardChanges heard{after, {}, false};
    struct ChangeRow {
      long long seq = 0, id = 0, edition_id = 0, article_id = 0;
      std::string origin, kind, key;
      void bind(soci::statement& st) {
        st.exchange(soci::into(seq));
        st.exchange(soci::into(origin));
        st.exchange(soci::into(kind));
        st.exchange(soci::into(id));
        st.exchange(soci::into(edition_id));
        st.exchange(soci::into(article_id));
        st.exchange(soci::into(key));
      }
    };
    run_cached<ChangeRow>(
        lease.session(), lease.cache(),
        "SELECT seq, origin, kind, id, edition_id, article_id, translation_key FROM changes "
        "WHERE seq > :after ORDER BY seq LIMIT :limit",
        {{{"after", after}, {"limit", std::max(1, limit)}}}, [&](const ChangeRow& r) {
          heard.last = r.seq;
          if (r.origin != origin_) {  // this process told its own listeners at its commit
            heard.changes.push_back({kind_named(r.kind), r.id, r.edition_id, r.article_id, r.key});
          }
        });
    if (after > 0) {
      // Rows after `after` pruned meanwhile: the oldest kept one is further on.
      long long oldest = 0;
      soci::indicator ind = soci::i_null;
      lease.session() << "SELECT MIN(seq) FROM changes", soci::into(oldest, ind);
      heard.is_incomplete = ind == soci::i_ok && oldest > after + 1;
    }
    return heard;
  });
}

core::Result<bool> SqlStore::wait_for_changes(std::chrono::milliseconds timeout) {
  if (dialect_ != Dialect::kPostgres) {
    std::this_thread::sleep_for(timeout);
    return false;
  }
  return guarded("listening for changes", [&]() -> core::Result<bool> {
    if (!listen_) {
      auto session =
          std::make_unique<soci::session>(soci::postgresql, postgres_connection(target_));
      *session << fmt::format("LISTEN {}", kChannel);
      listen_ = std::move(session);
    }
    PGconn* conn = static_cast<soci::postgresql_session_backend*>(listen_->get_backend())->conn_;
    const auto lost = [&]() -> core::Result<bool> {
      std::string message = PQerrorMessage(conn);
      listen_.reset();
      return core::fail(
          core::unavailable("the connection listening for changes was lost: " + message));
    };
    const auto drained = [&] {
      bool any = false;
      while (PGnotify* n = PQnotifies(conn)) {
        any = true;
        PQfreemem(n);
      }
      return any;
    };
    if (PQconsumeInput(conn) == 0) {
      return lost();
    }
    if (drained()) {
      return true;
    }
    pollfd fd{PQsocket(conn), POLLIN, 0};
    const int ready = ::poll(&fd, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) {
      return false;  // nothing (or a signal): the caller reads the table anyway
    }
    if (PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK) {
      return lost();
    }
    return drained();
  });
}

void SqlStore::subscribe(ChangeListener listener) {
  const std::lock_guard lock(listeners_mutex_);
  listeners_.push_back(std::move(listener));
}

void SqlStore::emit(const Change& c) {
  if (Pinned* p = pinned_entry(this)) {
    p->changes.push_back(c);
    return;
  }
  publish({c});
}

void SqlStore::publish(const std::vector<Change>& changes) {
  if (changes.empty()) {
    return;
  }
  std::vector<ChangeListener> listeners;
  {
    const std::lock_guard lock(listeners_mutex_);
    listeners = listeners_;
  }
  for (const Change& c : changes) {
    for (const auto& listener : listeners) {
      listener(c);
    }
  }
}

int SqlStore::migrate() {
  soci::session sql(*pool_);
  if (dialect_ == Dialect::kPostgres) {
    // Nodes starting together migrate one after the other; the lock goes with the session.
    sql << "SELECT pg_advisory_lock(" + std::to_string(kWriterLock) + ")";
  }
  struct Unlock {
    soci::session& sql;
    bool is_locked;
    ~Unlock() {
      if (is_locked) {
        try {
          sql << "SELECT pg_advisory_unlock(" + std::to_string(kWriterLock) + ")";
        } catch (const soci::soci_error&) {  // NOLINT(bugprone-empty-catch): ends with the session
        }
      }
    }
  } unlock{sql, dialect_ == Dialect::kPostgres};
  sql << "CREATE TABLE IF NOT EXISTS schema_migrations ("
         "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
  int current = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT MAX(version) FROM schema_migrations", soci::into(current, ind);
  if (ind == soci::i_null) {
    current = 0;
  }
  int applied = 0;
  for (const Migration& m : migrations()) {
    if (m.version <= current) {
      continue;
    }
    soci::transaction tr(sql);
    const std::string text =
        dialect_ == Dialect::kSqlite
            ? statements_for(m, "INTEGER PRIMARY KEY")
            : statements_for(m, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", true);
    std::size_t start = 0;
    while (start < text.size()) {
      auto end = text.find(";\n", start);
      if (end == std::string::npos) {
        end = text.size();
      }
      const std::string statement = text.substr(start, end - start);
      if (statement.find_first_not_of(" \n") != std::string::npos) {
        sql << statement;
      }
      start = end + 2;
    }
    if (m.rebuilds_search) {
      index_all(sql, nullptr);
    }
    const long long now = to_db(core::SystemClock().now());
    const std::string name(m.name);
    sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :t)",
        soci::use(m.version), soci::use(name), soci::use(now);
    tr.commit();
    ++applied;
  }
  return applied;
}

int SqlStore::schema_version() {
  Lease lease(*this);
  soci::session& sql = lease.session();
  int version = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT MAX(version) FROM schema_migrations", soci::into(version, ind);
  return ind == soci::i_null ? 0 : version;
}

core::Result<core::Edition> SqlStore::save_edition(core::Edition e) {
  return committed<core::Edition>([&] {
    return guarded("saving edition " + e.code, [&]() -> core::Result<core::Edition> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      const std::string style(core::date_style_name(e.date_style));
      long long id = 0;
      WriteTransaction tr(sql, lease.is_pinned());
      std::string language_before;
      soci::indicator language_ind = soci::i_null;
      sql << "SELECT language FROM editions WHERE code = :code", soci::use(e.code),
          soci::into(language_before, language_ind);
      sql << "INSERT INTO editions (code, language, name, prefix, date_style, position) "
             "VALUES (:code, :language, :name, :prefix, :style, :position) "
             "ON CONFLICT (code) DO UPDATE SET language = excluded.language, name = excluded.name, "
             "prefix = excluded.prefix, date_style = excluded.date_style, "
             "position = excluded.position RETURNING id",
          soci::use(e.code), soci::use(e.language), soci::use(e.name), soci::use(e.prefix),
          soci::use(style), soci::use(e.position), soci::into(id);
      if (language_ind == soci::i_ok && language_before != e.language) {
        // Terms are stemmed for the edition's language.
        index_articles(sql, lease.cache(),
                       ids_of(sql, "SELECT id FROM articles WHERE edition_id = :id", id));
      }
      tr.commit();
      e.id = id;
      emit({Change::Kind::kEdition, id, id, 0, {}});
      return e;
    });
  });
}

core::Result<std::vector<core::Edition>> SqlStore::editions() {
  return guarded("listing editions", [&]() -> core::Result<std::vector<core::Edition>> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    std::vector<core::Edition> out;
    core::Edition e;
    long long id = 0;
    std::string style;
    for_each_row(
        sql,
        "SELECT id, code, language, name, prefix, date_style, position FROM editions "
        "ORDER BY position, id",
        [&](soci::statement& st) {
          st.exchange(soci::into(id));
          st.exchange(soci::into(e.code));
          st.exchange(soci::into(e.language));
          st.exchange(soci::into(e.name));
          st.exchange(soci::into(e.prefix));
          st.exchange(soci::into(style));
          st.exchange(soci::into(e.position));
        },
        [&] {
          e.id = id;
          e.date_style = core::parse_date_style(style).value();
          out.push_back(e);
        });
    return out;
  });
}

namespace {

// Sections and tags share a shape: (id, edition_id, slug, name[, position]).
struct SectionRow {
  long long id = 0, edition_id = 0;
  std::string slug, name;
  int position = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(edition_id));
    st.exchange(soci::into(slug));
    st.exchange(soci::into(name));
    st.exchange(soci::into(position));
  }
};

std::vector<core::Section> select_sections(SqlStore::Lease& lease, const std::string& where,
                                           core::Id key, const std::string& slug = {}) {
  std::vector<core::Section> out;
  Params params{{{"key", key}}};
  if (!slug.empty()) {
    params.texts["slug"] = slug;
  }
  run_cached<SectionRow>(lease.session(), lease.cache(),
                         "SELECT id, edition_id, slug, name, position FROM sections WHERE " +
                             where + " ORDER BY position, id",
                         params, [&](const SectionRow& r) {
                           out.push_back({r.id, r.edition_id, r.slug, r.name, r.position});
                         });
  return out;
}

struct TagRow {
  core::Tag t;
  long long id = 0, edition_id = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(edition_id));
    st.exchange(soci::into(t.slug));
    st.exchange(soci::into(t.name));
  }
};

std::vector<core::Tag> select_tags(SqlStore::Lease& lease, const std::string& where,
                                   const Params& params) {
  std::vector<core::Tag> out;
  run_cached<TagRow>(lease.session(), lease.cache(),
                     "SELECT id, edition_id, slug, name FROM tags WHERE " + where, params,
                     [&](const TagRow& r) {
                       out.push_back(r.t);
                       out.back().id = r.id;
                       out.back().edition_id = r.edition_id;
                     });
  return out;
}

struct AuthorRow {
  core::Author a;
  long long id = 0, edition_id = 0, photo = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(edition_id));
    st.exchange(soci::into(a.slug));
    st.exchange(soci::into(a.name));
    st.exchange(soci::into(a.position));
    st.exchange(soci::into(a.bio));
    st.exchange(soci::into(photo));
  }
};

std::vector<core::Author> select_authors(SqlStore::Lease& lease, const std::string& where,
                                         const Params& params) {
  std::vector<core::Author> out;
  run_cached<AuthorRow>(
      lease.session(), lease.cache(),
      "SELECT id, edition_id, slug, name, position, bio, COALESCE(photo_id, 0) FROM authors "
      "WHERE " +
          where,
      params, [&](const AuthorRow& r) {
        out.push_back(r.a);
        out.back().id = r.id;
        out.back().edition_id = r.edition_id;
        out.back().photo_id = r.photo;
      });
  return out;
}

// Puts rows back in the order of `ids`, as the interface promises.
template <typename T>
std::vector<T> in_order_of(const std::vector<core::Id>& ids, std::vector<T> rows) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const core::Id id : ids) {
    for (auto& row : rows) {
      if (row.id == id) {
        out.push_back(row);
        break;
      }
    }
  }
  return out;
}

// The rows `select(lease, where, params)` finds for `ids`, in the order of `ids`.
template <typename Select>
auto rows_by_ids(SqlStore& store, const std::vector<core::Id>& ids, std::string_view what,
                 Select select)
    -> core::Result<decltype(select(std::declval<SqlStore::Lease&>(), "", Params{}))> {
  using Rows = decltype(select(std::declval<SqlStore::Lease&>(), "", Params{}));
  if (ids.empty()) {
    return Rows{};
  }
  return guarded(what, [&]() -> core::Result<Rows> {
    SqlStore::Lease lease(store);
    Params params;
    const std::string in = id_list(ids, "id", params);
    return in_order_of(ids, select(lease, "id IN " + in, params));
  });
}

// The name a section, tag or author row (`table`) has now, found by id or else by edition and
// slug; empty when there is none yet. A save that changes it must index its articles again.
std::string name_before(soci::session& sql, const std::string& table, long long id,
                        long long edition_id, const std::string& slug) {
  std::string name;
  soci::indicator ind = soci::i_null;
  if (id != 0) {
    sql << "SELECT name FROM " + table + " WHERE id = :id", soci::use(id), soci::into(name, ind);
  } else {
    sql << "SELECT name FROM " + table + " WHERE edition_id = :e AND slug = :slug",
        soci::use(edition_id), soci::use(slug), soci::into(name, ind);
  }
  return ind == soci::i_ok ? name : std::string();
}

}  // namespace

core::Result<core::Section> SqlStore::save_section(core::Section s) {
  return committed<core::Section>([&] {
    return guarded("saving section " + s.slug, [&]() -> core::Result<core::Section> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      long long id = s.id;
      long long edition_id = s.edition_id;
      WriteTransaction tr(sql, lease.is_pinned());
      const std::string before = name_before(sql, "sections", id, edition_id, s.slug);
      if (s.id == 0) {
        sql << "INSERT INTO sections (edition_id, slug, name, position) "
               "VALUES (:e, :slug, :name, :pos) ON CONFLICT (edition_id, slug) DO UPDATE SET "
               "name = excluded.name, position = excluded.position RETURNING id",
            soci::use(edition_id), soci::use(s.slug), soci::use(s.name), soci::use(s.position),
            soci::into(id);
      } else {
        sql << "UPDATE sections SET slug = :slug, name = :name, position = :pos WHERE id = :id",
            soci::use(s.slug), soci::use(s.name), soci::use(s.position), soci::use(id);
      }
      if (!before.empty() && before != s.name) {
        index_articles(sql, lease.cache(),
                       ids_of(sql, "SELECT id FROM articles WHERE section_id = :id", id));
      }
      tr.commit();
      s.id = id;
      emit({Change::Kind::kSection, id, s.edition_id, 0, {}});
      return s;
    });
  });
}

core::Result<std::vector<core::Section>> SqlStore::sections(core::Id edition_id) {
  return guarded("listing sections", [&]() -> core::Result<std::vector<core::Section>> {
    Lease lease(*this);
    return select_sections(lease, "edition_id = :key", edition_id);
  });
}

core::Result<core::Section> SqlStore::section(core::Id id) {
  return guarded("reading section", [&]() -> core::Result<core::Section> {
    Lease lease(*this);
    return first_or_not_found(select_sections(lease, "id = :key", id), "section");
  });
}

core::Result<core::Section> SqlStore::section_by_slug(core::Id edition_id, std::string_view slug) {
  return guarded("reading section", [&]() -> core::Result<core::Section> {
    Lease lease(*this);
    return first_or_not_found(
        select_sections(lease, "edition_id = :key AND slug = :slug", edition_id, std::string(slug)),
        "section '" + std::string(slug) + "'");
  });
}

core::Result<core::Tag> SqlStore::save_tag(core::Tag t) {
  return committed<core::Tag>([&] {
    return guarded("saving tag " + t.slug, [&]() -> core::Result<core::Tag> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      long long id = t.id;
      long long edition_id = t.edition_id;
      WriteTransaction tr(sql, lease.is_pinned());
      const std::string before = name_before(sql, "tags", id, edition_id, t.slug);
      if (t.id == 0) {
        sql << "INSERT INTO tags (edition_id, slug, name) VALUES (:e, :slug, :name) "
               "ON CONFLICT (edition_id, slug) DO UPDATE SET name = excluded.name RETURNING id",
            soci::use(edition_id), soci::use(t.slug), soci::use(t.name), soci::into(id);
      } else {
        sql << "UPDATE tags SET slug = :slug, name = :name WHERE id = :id", soci::use(t.slug),
            soci::use(t.name), soci::use(id);
      }
      if (!before.empty() && before != t.name) {
        index_articles(sql, lease.cache(),
                       ids_of(sql, "SELECT article_id FROM article_tags WHERE tag_id = :id", id));
      }
      tr.commit();
      t.id = id;
      emit({Change::Kind::kTag, id, t.edition_id, 0, {}});
      return t;
    });
  });
}

core::Result<core::Tag> SqlStore::tag_by_slug(core::Id edition_id, std::string_view slug) {
  return guarded("reading tag", [&]() -> core::Result<core::Tag> {
    Lease lease(*this);
    return first_or_not_found(select_tags(lease, "edition_id = :key AND slug = :slug",
                                          {{{"key", edition_id}}, {{"slug", std::string(slug)}}}),
                              "tag '" + std::string(slug) + "'");
  });
}

core::Result<std::vector<core::Tag>> SqlStore::tags(const std::vector<core::Id>& ids) {
  return rows_by_ids(*this, ids, "reading tags", select_tags);
}

core::Result<std::vector<core::Tag>> SqlStore::tags_of(core::Id edition_id) {
  return guarded("listing tags", [&]() -> core::Result<std::vector<core::Tag>> {
    Lease lease(*this);
    return select_tags(lease, "edition_id = :key ORDER BY name, id", {{{"key", edition_id}}});
  });
}

core::Result<core::Tag> SqlStore::tag(core::Id id) {
  return guarded("reading tag", [&]() -> core::Result<core::Tag> {
    Lease lease(*this);
    return first_or_not_found(select_tags(lease, "id = :key", {{{"key", id}}}),
                              "tag " + std::to_string(id));
  });
}

core::Result<std::map<core::Id, int>> SqlStore::tag_usage(core::Id edition_id) {
  return guarded("counting tags", [&]() -> core::Result<std::map<core::Id, int>> {
    Lease lease(*this);
    struct Row {
      long long tag = 0, n = 0;
      void bind(soci::statement& st) {
        st.exchange(soci::into(tag));
        st.exchange(soci::into(n));
      }
    };
    std::map<core::Id, int> out;
    run_cached<Row>(lease.session(), lease.cache(),
                    "SELECT l.tag_id, COUNT(*) FROM tags t JOIN article_tags l ON l.tag_id = t.id "
                    "WHERE t.edition_id = :key GROUP BY l.tag_id",
                    {{{"key", edition_id}}},
                    [&](const Row& r) { out[r.tag] = static_cast<int>(r.n); });
    return out;
  });
}

core::Result<void> SqlStore::delete_tag(core::Id id) {
  return committed<void>([&] {
    return guarded("deleting tag", [&]() -> core::Result<void> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      WriteTransaction tr(sql, lease.is_pinned());
      auto found = select_tags(lease, "id = :key", {{{"key", id}}});
      if (found.empty()) {
        return core::fail(core::not_found("tag " + std::to_string(id) + " not found"));
      }
      long long key = id;
      std::vector<core::Id> touched;
      struct Row {
        long long article = 0;
        void bind(soci::statement& st) { st.exchange(soci::into(article)); }
      };
      run_cached<Row>(sql, lease.cache(), "SELECT article_id FROM article_tags WHERE tag_id = :key",
                      {{{"key", id}}}, [&](const Row& r) { touched.push_back(r.article); });
      sql << "DELETE FROM article_tags WHERE tag_id = :id", soci::use(key);
      sql << "DELETE FROM tags WHERE id = :id", soci::use(key);
      index_articles(sql, lease.cache(), touched);
      tr.commit();
      emit({Change::Kind::kTag, id, found.front().edition_id, 0, {}});
      for (const core::Id article : touched) {
        emit({Change::Kind::kArticle, article, found.front().edition_id, 0, {}});
      }
      return {};
    });
  });
}

core::Result<core::Author> SqlStore::author(core::Id id) {
  return guarded("reading author", [&]() -> core::Result<core::Author> {
    Lease lease(*this);
    return first_or_not_found(select_authors(lease, "id = :key", {{{"key", id}}}),
                              "author " + std::to_string(id));
  });
}

core::Result<std::map<std::string, std::string>> SqlStore::settings() {
  return guarded("reading settings", [&]() -> core::Result<std::map<std::string, std::string>> {
    Lease lease(*this);
    struct Row {
      std::string key, value;
      void bind(soci::statement& st) {
        st.exchange(soci::into(key));
        st.exchange(soci::into(value));
      }
    };
    std::map<std::string, std::string> out;
    run_cached<Row>(lease.session(), lease.cache(), "SELECT key, value FROM settings", {},
                    [&](const Row& r) { out[r.key] = r.value; });
    return out;
  });
}

core::Result<void> SqlStore::save_settings(const std::map<std::string, std::string>& values) {
  return committed<void>([&] {
    return guarded("saving settings", [&]() -> core::Result<void> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      WriteTransaction tr(sql, lease.is_pinned());
      for (const auto& [key, value] : values) {
        sql << "INSERT INTO settings (key, value) VALUES (:k, :v) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            soci::use(key), soci::use(value);
      }
      tr.commit();
      emit({Change::Kind::kSettings, 0, 0, 0, {}});
      return {};
    });
  });
}

core::Result<core::Author> SqlStore::save_author(core::Author a) {
  return committed<core::Author>([&] {
    return guarded("saving author " + a.slug, [&]() -> core::Result<core::Author> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      long long id = a.id;
      long long edition_id = a.edition_id;
      long long photo = a.photo_id;
      soci::indicator photo_ind = null_if_zero(a.photo_id);
      WriteTransaction tr(sql, lease.is_pinned());
      const std::string before = name_before(sql, "authors", id, edition_id, a.slug);
      if (a.id == 0) {
        sql << "INSERT INTO authors (edition_id, slug, name, position, bio, photo_id) "
               "VALUES (:e, :slug, :name, :position, :bio, :photo) "
               "ON CONFLICT (edition_id, slug) DO UPDATE SET name = excluded.name, "
               "position = excluded.position, bio = excluded.bio, photo_id = excluded.photo_id "
               "RETURNING id",
            soci::use(edition_id), soci::use(a.slug), soci::use(a.name), soci::use(a.position),
            soci::use(a.bio), soci::use(photo, photo_ind), soci::into(id);
      } else {
        sql << "UPDATE authors SET slug = :slug, name = :name, position = :position, bio = :bio, "
               "photo_id = :photo WHERE id = :id",
            soci::use(a.slug), soci::use(a.name), soci::use(a.position), soci::use(a.bio),
            soci::use(photo, photo_ind), soci::use(id);
      }
      if (!before.empty() && before != a.name) {
        index_articles(
            sql, lease.cache(),
            ids_of(sql, "SELECT article_id FROM article_authors WHERE author_id = :id", id));
      }
      tr.commit();
      a.id = id;
      emit({Change::Kind::kAuthor, id, a.edition_id, 0, {}});
      return a;
    });
  });
}

core::Result<core::Author> SqlStore::author_by_slug(core::Id edition_id, std::string_view slug) {
  return guarded("reading author", [&]() -> core::Result<core::Author> {
    Lease lease(*this);
    return first_or_not_found(
        select_authors(lease, "edition_id = :key AND slug = :slug",
                       {{{"key", edition_id}}, {{"slug", std::string(slug)}}}),
        "author '" + std::string(slug) + "'");
  });
}

core::Result<std::vector<core::Author>> SqlStore::authors(const std::vector<core::Id>& ids) {
  return rows_by_ids(*this, ids, "reading authors", select_authors);
}

core::Result<std::vector<core::Author>> SqlStore::authors_of(core::Id edition_id) {
  return guarded("listing authors", [&]() -> core::Result<std::vector<core::Author>> {
    Lease lease(*this);
    return select_authors(lease, "edition_id = :key ORDER BY name, id", {{{"key", edition_id}}});
  });
}

namespace {

std::string widths_text(const std::vector<int>& widths) {
  std::string out;
  for (const int w : widths) {
    out += (out.empty() ? "" : ",") + std::to_string(w);
  }
  return out;
}

std::vector<int> parse_widths(const std::string& text) {
  std::vector<int> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto comma = std::min(text.find(',', i), text.size());
    out.push_back(std::atoi(text.substr(i, comma - i).c_str()));
    i = comma + 1;
  }
  return out;
}

}  // namespace

core::Result<core::Media> SqlStore::save_media(core::Media m) {
  return committed<core::Media>([&] {
    return guarded("saving media " + m.path, [&]() -> core::Result<core::Media> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      long long id = m.id;
      const std::string widths = widths_text(m.variant_widths);
      long long bytes = m.bytes;
      long long created = to_db(m.created_at);
      if (m.id == 0) {
        sql << "INSERT INTO media (path, mime, width, height, alt, caption, credit, "
               "variant_widths, bytes, created_at) "
               "VALUES (:path, :mime, :w, :h, :alt, :caption, :credit, :widths, :bytes, :created) "
               "ON CONFLICT (path) DO UPDATE SET mime = excluded.mime, width = excluded.width, "
               "height = excluded.height, alt = excluded.alt, caption = excluded.caption, "
               "credit = excluded.credit, variant_widths = excluded.variant_widths, "
               "bytes = excluded.bytes RETURNING id",
            soci::use(m.path), soci::use(m.mime), soci::use(m.width), soci::use(m.height),
            soci::use(m.alt), soci::use(m.caption), soci::use(m.credit), soci::use(widths),
            soci::use(bytes), soci::use(created), soci::into(id);
      } else {
        sql << "UPDATE media SET path = :path, mime = :mime, width = :w, height = :h, alt = :alt, "
               "caption = :caption, credit = :credit, variant_widths = :widths, bytes = :bytes "
               "WHERE id = :id",
            soci::use(m.path), soci::use(m.mime), soci::use(m.width), soci::use(m.height),
            soci::use(m.alt), soci::use(m.caption), soci::use(m.credit), soci::use(widths),
            soci::use(bytes), soci::use(id);
      }
      m.id = id;
      emit({Change::Kind::kMedia, id, 0, 0, {}});
      return m;
    });
  });
}

namespace {

struct MediaRow {
  core::Media m;
  long long id = 0, bytes = 0, created = 0;
  std::string widths;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(m.path));
    st.exchange(soci::into(m.mime));
    st.exchange(soci::into(m.width));
    st.exchange(soci::into(m.height));
    st.exchange(soci::into(m.alt));
    st.exchange(soci::into(m.caption));
    st.exchange(soci::into(m.credit));
    st.exchange(soci::into(widths));
    st.exchange(soci::into(bytes));
    st.exchange(soci::into(created));
  }
};

std::vector<core::Media> select_media(SqlStore::Lease& lease, const std::string& where,
                                      const Params& params) {
  std::vector<core::Media> rows;
  run_cached<MediaRow>(lease.session(), lease.cache(),
                       "SELECT id, path, mime, width, height, alt, caption, credit, "
                       "variant_widths, bytes, created_at FROM media WHERE " +
                           where,
                       params, [&](const MediaRow& r) {
                         rows.push_back(r.m);
                         rows.back().id = r.id;
                         rows.back().variant_widths = parse_widths(r.widths);
                         rows.back().bytes = r.bytes;
                         rows.back().created_at = core::Instant{std::chrono::seconds{r.created}};
                       });
  return rows;
}

}  // namespace

core::Result<core::Media> SqlStore::media(core::Id id) {
  return guarded("reading media", [&]() -> core::Result<core::Media> {
    Lease lease(*this);
    return first_or_not_found(select_media(lease, "id = :id", {{{"id", id}}}),
                              "media " + std::to_string(id));
  });
}

core::Result<std::vector<core::Media>> SqlStore::media(const std::vector<core::Id>& ids) {
  return rows_by_ids(*this, ids, "reading media", select_media);
}

core::Result<std::vector<core::Media>> SqlStore::recent_media(int limit, int offset) {
  return guarded("listing media", [&]() -> core::Result<std::vector<core::Media>> {
    Lease lease(*this);
    return select_media(lease,
                        "1 = 1 ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset",
                        {{{"limit", std::max(0, limit)}, {"offset", std::max(0, offset)}}});
  });
}

core::Result<int> SqlStore::media_count() {
  return guarded("counting media", [&]() -> core::Result<int> {
    Lease lease(*this);
    int n = 0;
    lease.session() << "SELECT COUNT(*) FROM media", soci::into(n);
    return n;
  });
}

core::Result<std::vector<core::Author>> SqlStore::authors_pictured_by(core::Id media_id) {
  return guarded("finding authors by photo", [&]() -> core::Result<std::vector<core::Author>> {
    Lease lease(*this);
    return select_authors(lease, "photo_id = :key ORDER BY name, id", {{{"key", media_id}}});
  });
}

core::Result<void> SqlStore::delete_media(core::Id id) {
  return committed<void>([&] {
    return guarded("deleting media", [&]() -> core::Result<void> {
      auto users = articles_using(id);
      auto pictured = authors_pictured_by(id);
      if (!users || !pictured) {
        return core::fail(!users ? users.error() : pictured.error());
      }
      if (!users->empty() || !pictured->empty()) {
        return core::fail(core::conflict("media " + std::to_string(id) + " is in use by " +
                                             std::to_string(users->size() + pictured->size()) +
                                             " articles or authors",
                                         "media"));
      }
      Lease lease(*this);
      long long key = id;
      soci::statement st =
          (lease.session().prepare << "DELETE FROM media WHERE id = :id", soci::use(key));
      st.execute(true);
      if (st.get_affected_rows() == 0) {
        return core::fail(core::not_found("media " + std::to_string(id) + " not found"));
      }
      emit({Change::Kind::kMedia, id, 0, 0, {}});
      return {};
    });
  });
}

namespace {

// FNV-1a of a comment's text as a signed 64-bit integer: stable across builds, for the duplicate
// index (equal texts have equal fingerprints; the text itself is compared too).
long long text_fingerprint(std::string_view text) {
  return static_cast<long long>(core::fnv1a(text));
}

}  // namespace

core::Result<core::Comment> SqlStore::save_comment(core::Comment c) {
  return committed<core::Comment>([&] {
    return guarded("saving comment", [&]() -> core::Result<core::Comment> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      long long id = c.id;
      long long article = c.article_id;
      long long parent = c.parent_id;
      soci::indicator parent_ind = null_if_zero(c.parent_id);
      const std::string status(core::status_name(c.status));
      const int staff = c.is_staff ? 1 : 0;
      const long long created = to_db(c.created_at);
      const bool is_new = c.id == 0;
      if (is_new) {
        long long fingerprint = text_fingerprint(c.body);
        sql << "INSERT INTO comments (article_id, parent_id, name, email, body, status, is_staff, "
               "created_at, client_hash, fingerprint) VALUES (:a, :p, :name, :email, :body, "
               ":status, :staff, :created, :client, :fingerprint) RETURNING id",
            soci::use(article), soci::use(parent, parent_ind), soci::use(c.name),
            soci::use(c.email), soci::use(c.body), soci::use(status), soci::use(staff),
            soci::use(created), soci::use(c.client_hash), soci::use(fingerprint), soci::into(id);
      } else {
        sql << "UPDATE comments SET name = :name, email = :email, body = :body, status = :status, "
               "is_staff = :staff WHERE id = :id",
            soci::use(c.name), soci::use(c.email), soci::use(c.body), soci::use(status),
            soci::use(staff), soci::use(id);
      }
      c.id = id;
      if (!is_new || c.status == core::CommentStatus::kApproved) {
        emit({Change::Kind::kComment, id, 0, c.article_id, {}});
      }
      return c;
    });
  });
}

core::Result<Store::NewComment> SqlStore::add_reader_comment(core::Comment c,
                                                             core::Instant duplicate_since) {
  NewComment out;
  auto done = in_transaction([&](Store&) -> core::Result<void> {
    auto earlier = guarded("looking for a duplicate comment", [&]() -> core::Result<long long> {
      Lease lease(*this);
      long long article = c.article_id;
      long long parent = c.parent_id;
      long long since = to_db(duplicate_since);
      long long fingerprint = text_fingerprint(c.body);
      long long id = 0;
      soci::indicator ind = soci::i_null;
      lease.session()
          << "SELECT MIN(id) FROM comments WHERE article_id = :a "
             "AND fingerprint = :f AND created_at >= :since "
             "AND COALESCE(parent_id, 0) = :p AND client_hash = :client AND body = :body",
          soci::use(article), soci::use(fingerprint), soci::use(since), soci::use(parent),
          soci::use(c.client_hash), soci::use(c.body), soci::into(id, ind);
      return ind == soci::i_ok ? id : 0;
    });
    if (!earlier) {
      return core::fail(earlier.error());
    }
    auto found = *earlier != 0 ? comment(*earlier) : save_comment(c);
    if (!found) {
      return core::fail(found.error());
    }
    out = {*found, *earlier != 0};
    return {};
  });
  if (!done) {
    return core::fail(done.error());
  }
  return out;
}

core::Result<int> SqlStore::approved_comment_count(core::Id article_id) {
  return guarded("counting comments", [&]() -> core::Result<int> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    int count = 0;
    long long key = article_id;
    sql << "SELECT COUNT(*) FROM comments WHERE article_id = :a AND status = 'approved'",
        soci::use(key), soci::into(count);
    return count;
  });
}

}  // namespace tapchi::store
