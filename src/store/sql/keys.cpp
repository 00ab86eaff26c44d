// API keys and the answers kept for idempotent requests, in SQLite.
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

long long seconds_of(core::Instant t) { return t.time_since_epoch().count(); }
core::Instant instant_of(long long s) { return core::Instant{std::chrono::seconds{s}}; }

struct KeyRow {
  long long id = 0, user = 0, created_by = 0, created = 0, revoked = 0;
  std::string name, kind, hash, prefix;
  soci::indicator user_ind = soci::i_null, by_ind = soci::i_null, revoked_ind = soci::i_null;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(name));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(user, user_ind));
    st.exchange(soci::into(hash));
    st.exchange(soci::into(prefix));
    st.exchange(soci::into(created_by, by_ind));
    st.exchange(soci::into(created));
    st.exchange(soci::into(revoked, revoked_ind));
  }
  core::ApiKey key() const {
    core::ApiKey k;
    k.id = id;
    k.name = name;
    k.kind = kind;
    k.user_id = user_ind == soci::i_ok ? user : 0;
    k.token_hash = hash;
    k.prefix = prefix;
    k.created_by = by_ind == soci::i_ok ? created_by : 0;
    k.created_at = instant_of(created);
    if (revoked_ind == soci::i_ok) {
      k.revoked_at = instant_of(revoked);
    }
    return k;
  }
};

constexpr std::string_view kSelectKeys =
    "SELECT id, name, kind, user_id, token_hash, prefix, created_by, created_at, revoked_at "
    "FROM api_keys ";

std::vector<core::ApiKey> select_keys(SqlStore::Lease& lease, const std::string& tail,
                                      const Params& params) {
  std::vector<core::ApiKey> out;
  run_cached<KeyRow>(lease.session(), lease.cache(), std::string(kSelectKeys) + tail, params,
                     [&](const KeyRow& r) { out.push_back(r.key()); });
  return out;
}

core::Result<core::ApiKey> only_key(std::vector<core::ApiKey> rows) {
  if (rows.empty()) {
    return core::fail(core::not_found("API key not found"));
  }
  return std::move(rows.front());
}

}  // namespace

core::Result<core::ApiKey> SqlStore::save_api_key(core::ApiKey k) {
  return guarded("saving an API key", [&]() -> core::Result<core::ApiKey> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    long long id = k.id;
    long long user = k.user_id;
    long long by = k.created_by;
    long long created = seconds_of(k.created_at);
    long long revoked = k.revoked_at ? seconds_of(*k.revoked_at) : 0;
    soci::indicator user_ind = k.user_id != 0 ? soci::i_ok : soci::i_null;
    soci::indicator by_ind = k.created_by != 0 ? soci::i_ok : soci::i_null;
    soci::indicator revoked_ind = k.revoked_at ? soci::i_ok : soci::i_null;
    if (k.id == 0) {
      sql << "INSERT INTO api_keys (name, kind, user_id, token_hash, prefix, created_by, "
             "created_at, revoked_at) VALUES (:name, :kind, :user, :hash, :prefix, :by, "
             ":created, :revoked) RETURNING id",
          soci::use(k.name), soci::use(k.kind), soci::use(user, user_ind), soci::use(k.token_hash),
          soci::use(k.prefix), soci::use(by, by_ind), soci::use(created),
          soci::use(revoked, revoked_ind), soci::into(id);
      k.id = id;
      return k;
    }
    soci::statement st = (sql.prepare << "UPDATE api_keys SET name = :name, revoked_at = :revoked "
                                         "WHERE id = :id",
                          soci::use(k.name), soci::use(revoked, revoked_ind), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      return core::fail(core::not_found("API key " + std::to_string(k.id) + " not found"));
    }
    return k;
  });
}

core::Result<core::ApiKey> SqlStore::api_key_by_hash(std::string_view token_hash) {
  return guarded("reading an API key", [&]() -> core::Result<core::ApiKey> {
    Lease lease(*this);
    return only_key(
        select_keys(lease, "WHERE token_hash = :h", {{}, {{"h", std::string(token_hash)}}}));
  });
}

core::Result<core::ApiKey> SqlStore::api_key(core::Id id) {
  return guarded("reading an API key", [&]() -> core::Result<core::ApiKey> {
    Lease lease(*this);
    return only_key(select_keys(lease, "WHERE id = :id", {{{"id", id}}}));
  });
}

core::Result<std::vector<core::ApiKey>> SqlStore::api_keys() {
  return guarded("listing API keys", [&]() -> core::Result<std::vector<core::ApiKey>> {
    Lease lease(*this);
    return select_keys(lease, "ORDER BY id DESC", {});
  });
}

core::Result<std::optional<IdempotentAnswer>> SqlStore::idempotent_answer(
    core::Id key_id, std::string_view idempotency_key) {
  return guarded("reading an idempotent answer",
                 [&]() -> core::Result<std::optional<IdempotentAnswer>> {
                   Lease lease(*this);
                   struct Row {
                     IdempotentAnswer a;
                     long long created = 0;
                     void bind(soci::statement& st) {
                       st.exchange(soci::into(a.request_hash));
                       st.exchange(soci::into(a.status));
                       st.exchange(soci::into(a.body));
                       st.exchange(soci::into(created));
                     }
                   };
                   std::optional<IdempotentAnswer> found;
                   run_cached<Row>(lease.session(), lease.cache(),
                                   "SELECT request_hash, status, body, created_at FROM "
                                   "idempotent_answers WHERE key_id = :key AND "
                                   "idempotency_key = :idem",
                                   {{{"key", key_id}}, {{"idem", std::string(idempotency_key)}}},
                                   [&](const Row& r) {
                                     found = r.a;
                                     found->created_at = instant_of(r.created);
                                   });
                   return found;
                 });
}

core::Result<void> SqlStore::reserve_idempotency_key(core::Id key_id,
                                                     std::string_view idempotency_key,
                                                     std::string_view request_hash,
                                                     core::Instant now) {
  return guarded("reserving an idempotency key", [&]() -> core::Result<void> {
    Lease lease(*this);
    long long key = key_id;
    long long at = seconds_of(now);
    const std::string idem(idempotency_key);
    const std::string hash(request_hash);
    lease.session() << "INSERT INTO idempotent_answers (key_id, idempotency_key, request_hash, "
                       "status, created_at) VALUES (:key, :idem, :hash, 0, :at)",
        soci::use(key), soci::use(idem), soci::use(hash), soci::use(at);
    return {};
  });
}

core::Result<void> SqlStore::keep_idempotent_answer(core::Id key_id,
                                                    std::string_view idempotency_key, int status,
                                                    std::string_view body) {
  return guarded("keeping an idempotent answer", [&]() -> core::Result<void> {
    Lease lease(*this);
    long long key = key_id;
    const std::string idem(idempotency_key);
    if (status == 0) {
      lease.session() << "DELETE FROM idempotent_answers WHERE key_id = :key AND "
                         "idempotency_key = :idem",
          soci::use(key), soci::use(idem);
      return {};
    }
    const std::string text(body);
    lease.session() << "UPDATE idempotent_answers SET status = :status, body = :body WHERE "
                       "key_id = :key AND idempotency_key = :idem",
        soci::use(status), soci::use(text), soci::use(key), soci::use(idem);
    return {};
  });
}

core::Result<void> SqlStore::forget_idempotent_answers(core::Instant before) {
  return guarded("forgetting idempotent answers", [&]() -> core::Result<void> {
    Lease lease(*this);
    long long at = seconds_of(before);
    lease.session() << "DELETE FROM idempotent_answers WHERE created_at < :at", soci::use(at);
    return {};
  });
}

}  // namespace tapchi::store
