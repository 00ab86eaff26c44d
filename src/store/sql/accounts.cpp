// Users and the audit log in SQLite.
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

struct UserRow {
  long long id = 0, created = 0;
  std::string email, name, role, hash, language;
  int active = 1;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(email));
    st.exchange(soci::into(name));
    st.exchange(soci::into(role));
    st.exchange(soci::into(hash));
    st.exchange(soci::into(active));
    st.exchange(soci::into(created));
    st.exchange(soci::into(language));
  }
  core::User user() const {
    return {id,
            email,
            name,
            core::parse_role(role).value(),  // the schema's CHECK admits only known names
            hash,
            active != 0,
            core::Instant{std::chrono::seconds{created}},
            language};
  }
};

constexpr std::string_view kSelectUsers =
    "SELECT id, email, name, role, password_hash, is_active, created_at, language FROM users ";

std::vector<core::User> select_users(SqlStore::Lease& lease, const std::string& tail,
                                     const Params& params) {
  std::vector<core::User> out;
  run_cached<UserRow>(lease.session(), lease.cache(), std::string(kSelectUsers) + tail, params,
                      [&](const UserRow& r) { out.push_back(r.user()); });
  return out;
}

core::Result<core::User> only(std::vector<core::User> rows, const std::string& what) {
  if (rows.empty()) {
    return core::fail(core::not_found(what + " not found"));
  }
  return std::move(rows.front());
}

}  // namespace

core::Result<core::User> SqlStore::save_user(core::User u) {
  if (!core::is_plausible_email(u.email)) {
    return core::fail(core::invalid("'" + u.email + "' is not an email address", "email"));
  }
  if (u.password_hash.empty()) {
    return core::fail(core::invalid("a user needs a password", "password"));
  }
  return guarded("saving user " + u.email, [&]() -> core::Result<core::User> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    long long id = u.id;
    const std::string role(core::role_name(u.role));
    const int active = u.is_active ? 1 : 0;
    const long long created = u.created_at.time_since_epoch().count();
    if (u.id == 0) {
      sql << "INSERT INTO users (email, name, role, password_hash, is_active, created_at, "
             "language) VALUES (:email, :name, :role, :hash, :active, :created, :language) "
             "RETURNING id",
          soci::use(u.email), soci::use(u.name), soci::use(role), soci::use(u.password_hash),
          soci::use(active), soci::use(created), soci::use(u.language), soci::into(id);
    } else {
      soci::statement st =
          (sql.prepare << "UPDATE users SET email = :email, name = :name, role = :role, "
                          "password_hash = :hash, is_active = :active, language = :language "
                          "WHERE id = :id",
           soci::use(u.email), soci::use(u.name), soci::use(role), soci::use(u.password_hash),
           soci::use(active), soci::use(u.language), soci::use(id));
      st.execute(true);
      if (st.get_affected_rows() == 0) {
        return core::fail(core::not_found("user " + std::to_string(u.id) + " not found"));
      }
    }
    u.id = id;
    return u;
  });
}

core::Result<core::User> SqlStore::user(core::Id id) {
  return guarded("reading user", [&]() -> core::Result<core::User> {
    Lease lease(*this);
    return only(select_users(lease, "WHERE id = :id", {{{"id", id}}}),
                "user " + std::to_string(id));
  });
}

core::Result<core::User> SqlStore::user_by_email(std::string_view email) {
  return guarded("reading user", [&]() -> core::Result<core::User> {
    Lease lease(*this);
    return only(select_users(lease, "WHERE email = :email", {{}, {{"email", std::string(email)}}}),
                "user " + std::string(email));
  });
}

core::Result<std::vector<core::User>> SqlStore::users() {
  return guarded("listing users", [&]() -> core::Result<std::vector<core::User>> {
    Lease lease(*this);
    return select_users(lease, "ORDER BY email", {});
  });
}

core::Result<void> SqlStore::save_session(const core::Session& s) {
  return guarded("saving a session", [&]() -> core::Result<void> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    long long user = s.user_id;
    long long created = s.created_at.time_since_epoch().count();
    long long expires = s.expires_at.time_since_epoch().count();
    sql << "INSERT INTO sessions (token_hash, user_id, csrf_token, client, created_at, expires_at) "
           "VALUES (:h, :u, :c, :client, :created, :expires) ON CONFLICT (token_hash) DO UPDATE "
           "SET expires_at = excluded.expires_at",
        soci::use(s.token_hash), soci::use(user), soci::use(s.csrf_token), soci::use(s.client),
        soci::use(created), soci::use(expires);
    return {};
  });
}

core::Result<core::Session> SqlStore::session(std::string_view token_hash) {
  return guarded("reading a session", [&]() -> core::Result<core::Session> {
    Lease lease(*this);
    struct Row {
      core::Session s;
      long long user = 0, created = 0, expires = 0;
      void bind(soci::statement& st) {
        st.exchange(soci::into(s.token_hash));
        st.exchange(soci::into(user));
        st.exchange(soci::into(s.csrf_token));
        st.exchange(soci::into(s.client));
        st.exchange(soci::into(created));
        st.exchange(soci::into(expires));
      }
    };
    std::vector<core::Session> found;
    run_cached<Row>(lease.session(), lease.cache(),
                    "SELECT token_hash, user_id, csrf_token, client, created_at, expires_at "
                    "FROM sessions WHERE token_hash = :h",
                    {{}, {{"h", std::string(token_hash)}}}, [&](const Row& r) {
                      core::Session s = r.s;
                      s.user_id = r.user;
                      s.created_at = core::Instant{std::chrono::seconds{r.created}};
                      s.expires_at = core::Instant{std::chrono::seconds{r.expires}};
                      found.push_back(std::move(s));
                    });
    if (found.empty()) {
      return core::fail(core::not_found("session not found"));
    }
    return std::move(found.front());
  });
}

core::Result<void> SqlStore::delete_session(std::string_view token_hash) {
  return guarded("ending a session", [&]() -> core::Result<void> {
    Lease lease(*this);
    const std::string hash(token_hash);
    lease.session() << "DELETE FROM sessions WHERE token_hash = :h", soci::use(hash);
    return {};
  });
}

core::Result<void> SqlStore::delete_sessions_of(core::Id user_id) {
  return guarded("ending sessions", [&]() -> core::Result<void> {
    Lease lease(*this);
    long long user = user_id;
    lease.session() << "DELETE FROM sessions WHERE user_id = :u", soci::use(user);
    return {};
  });
}

core::Result<void> SqlStore::delete_expired_sessions(core::Instant now) {
  return guarded("forgetting expired sessions", [&]() -> core::Result<void> {
    Lease lease(*this);
    long long at = now.time_since_epoch().count();
    lease.session() << "DELETE FROM sessions WHERE expires_at <= :now", soci::use(at);
    return {};
  });
}

core::Result<core::AuditEntry> SqlStore::record(core::AuditEntry e) {
  return guarded("writing the audit log", [&]() -> core::Result<core::AuditEntry> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    long long id = 0;
    const long long at = e.at.time_since_epoch().count();
    long long user = e.user_id;
    soci::indicator user_ind = e.user_id == 0 ? soci::i_null : soci::i_ok;
    sql << "INSERT INTO audit_log (at, user_id, action, subject, detail) "
           "VALUES (:at, :user, :action, :subject, :detail) RETURNING id",
        soci::use(at), soci::use(user, user_ind), soci::use(e.action), soci::use(e.subject),
        soci::use(e.detail), soci::into(id);
    e.id = id;
    return e;
  });
}

core::Result<core::AuditEntry> SqlStore::record_repeat(core::AuditEntry e, core::Instant since) {
  core::AuditEntry out;
  auto done = in_transaction([&](Store&) -> core::Result<void> {
    return guarded("writing the audit log", [&]() -> core::Result<void> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      long long id = 0;
      int repeats = 0;
      const long long from = since.time_since_epoch().count();
      soci::indicator found = soci::i_null;
      sql << "SELECT id, repeats FROM audit_log WHERE action = :action AND subject = :subject "
             "AND at >= :since ORDER BY at DESC, id DESC LIMIT 1",
          soci::use(e.action), soci::use(e.subject), soci::use(from), soci::into(id, found),
          soci::into(repeats);
      if (!sql.got_data() || found != soci::i_ok) {
        auto recorded = record(e);
        if (!recorded) {
          return core::fail(recorded.error());
        }
        out = *recorded;
        return {};
      }
      const long long at = e.at.time_since_epoch().count();
      long long user = e.user_id;
      soci::indicator user_ind = e.user_id == 0 ? soci::i_null : soci::i_ok;
      sql << "UPDATE audit_log SET at = :at, user_id = :user, detail = :detail, "
             "repeats = repeats + 1 WHERE id = :id",
          soci::use(at), soci::use(user, user_ind), soci::use(e.detail), soci::use(id);
      out = e;
      out.id = id;
      out.repeats = repeats + 1;
      return {};
    });
  });
  if (!done) {
    return core::fail(done.error());
  }
  return out;
}

core::Result<std::vector<core::AuditEntry>> SqlStore::audit_log(int limit, int offset) {
  return guarded("reading the audit log", [&]() -> core::Result<std::vector<core::AuditEntry>> {
    Lease lease(*this);
    struct Row {
      long long id = 0, at = 0, user = 0;
      std::string action, subject, detail;
      int repeats = 1;
      void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(at));
        st.exchange(soci::into(user));
        st.exchange(soci::into(action));
        st.exchange(soci::into(subject));
        st.exchange(soci::into(detail));
        st.exchange(soci::into(repeats));
      }
    };
    std::vector<core::AuditEntry> out;
    run_cached<Row>(
        lease.session(), lease.cache(),
        "SELECT id, at, COALESCE(user_id, 0), action, subject, detail, repeats FROM audit_log "
        "ORDER BY at DESC, id DESC LIMIT :limit OFFSET :offset",
        {{{"limit", std::max(0, limit)}, {"offset", std::max(0, offset)}}}, [&](const Row& r) {
          out.push_back({r.id, core::Instant{std::chrono::seconds{r.at}}, r.user, r.action,
                         r.subject, r.detail, r.repeats});
        });
    return out;
  });
}

}  // namespace tapchi::store
