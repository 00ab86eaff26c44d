// Webhooks and their outbox of deliveries, in SQLite.
#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

long long seconds_of(core::Instant t) { return t.time_since_epoch().count(); }
core::Instant instant_of(long long s) { return core::Instant{std::chrono::seconds{s}}; }

// "a,b,c" ↔ {"a", "b", "c"}.
std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    out += (out.empty() ? "" : ",") + item;
  }
  return out;
}
std::vector<std::string> split(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    const auto comma = text.find(',');
    if (comma != 0) {
      out.emplace_back(text.substr(0, comma));
    }
    text.remove_prefix(comma == std::string_view::npos ? text.size() : comma + 1);
  }
  return out;
}

struct HookRow {
  long long id = 0, by = 0, created = 0;
  int active = 1;
  std::string url, events, secret;
  soci::indicator by_ind = soci::i_null;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(url));
    st.exchange(soci::into(events));
    st.exchange(soci::into(secret));
    st.exchange(soci::into(active));
    st.exchange(soci::into(by, by_ind));
    st.exchange(soci::into(created));
  }
  core::Webhook hook() const {
    return {id,
            url,
            split(events),
            secret,
            active != 0,
            by_ind == soci::i_ok ? by : 0,
            instant_of(created)};
  }
};

std::vector<core::Webhook> select_hooks(SqlStore::Lease& lease, const std::string& tail,
                                        const Params& params) {
  std::vector<core::Webhook> out;
  run_cached<HookRow>(lease.session(), lease.cache(),
                      "SELECT id, url, events, secret, is_active, created_by, created_at FROM "
                      "webhooks " +
                          tail,
                      params, [&](const HookRow& r) { out.push_back(r.hook()); });
  return out;
}

struct DeliveryRow {
  core::Delivery d;
  long long id = 0, hook = 0, created = 0, next = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(hook));
    st.exchange(soci::into(d.event));
    st.exchange(soci::into(d.payload));
    st.exchange(soci::into(d.status));
    st.exchange(soci::into(d.attempts));
    st.exchange(soci::into(created));
    st.exchange(soci::into(next));
    st.exchange(soci::into(d.last_status));
    st.exchange(soci::into(d.last_error));
  }
  core::Delivery delivery() const {
    core::Delivery out = d;
    out.id = id;
    out.webhook_id = hook;
    out.created_at = instant_of(created);
    out.next_attempt_at = instant_of(next);
    return out;
  }
};

std::vector<core::Delivery> select_deliveries(SqlStore::Lease& lease, const std::string& tail,
                                              const Params& params) {
  std::vector<core::Delivery> out;
  run_cached<DeliveryRow>(lease.session(), lease.cache(),
                          "SELECT id, webhook_id, event, payload, status, attempts, created_at, "
                          "next_attempt_at, last_status, last_error FROM webhook_deliveries " +
                              tail,
                          params, [&](const DeliveryRow& r) { out.push_back(r.delivery()); });
  return out;
}

}  // namespace

core::Result<core::Webhook> SqlStore::save_webhook(core::Webhook h) {
  return guarded("saving a webhook", [&]() -> core::Result<core::Webhook> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    long long id = h.id;
    long long by = h.created_by;
    soci::indicator by_ind = h.created_by != 0 ? soci::i_ok : soci::i_null;
    long long created = seconds_of(h.created_at);
    const std::string events = joined(h.events);
    const int active = h.is_active ? 1 : 0;
    if (h.id == 0) {
      sql << "INSERT INTO webhooks (url, events, secret, is_active, created_by, created_at) "
             "VALUES (:url, :events, :secret, :active, :by, :created) RETURNING id",
          soci::use(h.url), soci::use(events), soci::use(h.secret), soci::use(active),
          soci::use(by, by_ind), soci::use(created), soci::into(id);
      h.id = id;
      return h;
    }
    soci::statement st =
        (sql.prepare << "UPDATE webhooks SET url = :url, events = :events, is_active = :active "
                        "WHERE id = :id",
         soci::use(h.url), soci::use(events), soci::use(active), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      return core::fail(core::not_found("webhook " + std::to_string(h.id) + " not found"));
    }
    return h;
  });
}

core::Result<core::Webhook> SqlStore::webhook(core::Id id) {
  return guarded("reading a webhook", [&]() -> core::Result<core::Webhook> {
    Lease lease(*this);
    auto found = select_hooks(lease, "WHERE id = :id", {{{"id", id}}});
    if (found.empty()) {
      return core::fail(core::not_found("webhook not found"));
    }
    return std::move(found.front());
  });
}

core::Result<std::vector<core::Webhook>> SqlStore::webhooks() {
  return guarded("listing webhooks", [&]() -> core::Result<std::vector<core::Webhook>> {
    Lease lease(*this);
    return select_hooks(lease, "ORDER BY id", {});
  });
}

core::Result<void> SqlStore::delete_webhook(core::Id id) {
  return guarded("deleting a webhook", [&]() -> core::Result<void> {
    Lease lease(*this);
    long long key = id;
    soci::statement st =
        (lease.session().prepare << "DELETE FROM webhooks WHERE id = :id", soci::use(key));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      return core::fail(core::not_found("webhook not found"));
    }
    return {};
  });
}

core::Result<int> SqlStore::enqueue_event(std::string_view event, std::string_view subject,
                                          std::string_view payload, core::Instant due) {
  return guarded("recording an event", [&]() -> core::Result<int> {
    Lease lease(*this);
    const std::string name(event);
    const std::string about(subject);
    const std::string body(payload);
    long long at = seconds_of(due);
    soci::statement st =
        (lease.session().prepare
             << "INSERT INTO webhook_deliveries (webhook_id, event, subject, payload, created_at, "
                "next_attempt_at) SELECT id, :event, :subject, :payload, :at, :at FROM webhooks "
                "WHERE is_active = 1 AND instr(',' || events || ',', ',' || :event || ',') > 0",
         soci::use(name, "event"), soci::use(about, "subject"), soci::use(body, "payload"),
         soci::use(at, "at"));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

core::Result<int> SqlStore::cancel_events(std::string_view event, std::string_view subject,
                                          core::Instant now) {
  return guarded("withdrawing events", [&]() -> core::Result<int> {
    Lease lease(*this);
    const std::string name(event);
    const std::string about(subject);
    long long at = seconds_of(now);
    soci::statement st =
        (lease.session().prepare
             << "DELETE FROM webhook_deliveries WHERE subject = :subject AND event = :event AND "
                "status = 'pending' AND attempts = 0 AND next_attempt_at > :now",
         soci::use(about, "subject"), soci::use(name, "event"), soci::use(at, "now"));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

core::Result<std::vector<core::Delivery>> SqlStore::due_deliveries(core::Instant now, int limit) {
  return guarded("claiming due deliveries", [&]() -> core::Result<std::vector<core::Delivery>> {
    Lease lease(*this);
    // One statement claims them: on PostgreSQL, rows another node's worker is claiming at the
    // same moment are skipped, not waited for (SQLite's writers take turns anyway).
    const bool is_postgres = dialect_of(lease.session()) == Dialect::kPostgres;
    std::vector<core::Delivery> out;
    // Looked for first with a read: the worker asks every second, and a write each time would
    // count as this process's commit (and keep a SQLite journal's cache from telling other
    // processes' writes apart).
    bool is_any_due = false;
    struct DueRow {
      long long id = 0;
      void bind(soci::statement& st) { st.exchange(soci::into(id)); }
    };
    run_cached<DueRow>(lease.session(), lease.cache(),
                       "SELECT id FROM webhook_deliveries WHERE status = 'pending' AND "
                       "next_attempt_at <= :now AND claimed_until <= :now LIMIT 1",
                       {{{"now", seconds_of(now)}}}, [&](const DueRow&) { is_any_due = true; });
    if (!is_any_due) {
      return out;
    }
    run_cached<DeliveryRow>(
        lease.session(), lease.cache(),
        std::string("UPDATE webhook_deliveries SET claimed_until = :until WHERE id IN (SELECT id "
                    "FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= :now "
                    "AND claimed_until <= :now ORDER BY next_attempt_at, id LIMIT :limit") +
            (is_postgres ? " FOR UPDATE SKIP LOCKED" : "") +
            ") RETURNING id, webhook_id, event, payload, status, attempts, created_at, "
            "next_attempt_at, last_status, last_error",
        {{{"now", seconds_of(now)}, {"until", seconds_of(now + kDeliveryClaim)}, {"limit", limit}}},
        [&](const DeliveryRow& r) { out.push_back(r.delivery()); });
    std::sort(out.begin(), out.end(), [](const core::Delivery& a, const core::Delivery& b) {
      return std::tie(a.next_attempt_at, a.id) < std::tie(b.next_attempt_at, b.id);
    });
    return out;
  });
}

core::Result<void> SqlStore::save_delivery(const core::Delivery& d) {
  return guarded("recording a delivery", [&]() -> core::Result<void> {
    Lease lease(*this);
    long long id = d.id;
    long long next = seconds_of(d.next_attempt_at);
    lease.session() << "UPDATE webhook_deliveries SET status = :status, attempts = :attempts, "
                       "next_attempt_at = :next, last_status = :last, last_error = :error, "
                       "claimed_until = 0 WHERE id = :id",
        soci::use(d.status), soci::use(d.attempts), soci::use(next), soci::use(d.last_status),
        soci::use(d.last_error), soci::use(id);
    return {};
  });
}

core::Result<std::vector<core::Delivery>> SqlStore::deliveries(core::Id webhook_id, int limit) {
  return guarded("listing deliveries", [&]() -> core::Result<std::vector<core::Delivery>> {
    Lease lease(*this);
    return select_deliveries(lease, "WHERE webhook_id = :hook ORDER BY id DESC LIMIT :limit",
                             {{{"hook", webhook_id}, {"limit", limit}}});
  });
}

core::Result<std::optional<core::Instant>> SqlStore::next_delivery_at() {
  return guarded("reading the next delivery", [&]() -> core::Result<std::optional<core::Instant>> {
    Lease lease(*this);
    std::optional<core::Instant> next;
    struct Row {
      long long at = 0;
      soci::indicator ind = soci::i_null;
      void bind(soci::statement& st) { st.exchange(soci::into(at, ind)); }
    };
    run_cached<Row>(lease.session(), lease.cache(),
                    "SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE status = 'pending'",
                    {}, [&](const Row& r) {
                      if (r.ind == soci::i_ok) {
                        next = instant_of(r.at);
                      }
                    });
    return next;
  });
}

}  // namespace tapchi::store
