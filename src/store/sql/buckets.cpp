// Token buckets kept in the database, shared by every process of a journal.
#include <algorithm>
#include <string>
#include <utility>

#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

constexpr long long kMilli = 1000;                           // tokens are kept in thousandths
constexpr long long kKeptMilliseconds = 24LL * 3600 * 1000;  // older rows are full buckets again

long long milliseconds(core::Instant t) { return t.time_since_epoch().count() * 1000; }

class SharedBuckets final : public core::Buckets {
 public:
  SharedBuckets(Store& store, std::string scope, Rate rate)
      : store_(store), scope_(std::move(scope)), rate_(rate) {}

  std::optional<std::chrono::seconds> wait(std::string_view key, core::Instant now) const override {
    return spend(TokenOp::kWait, key, now);
  }
  void take(std::string_view key, core::Instant now) override { spend(TokenOp::kTake, key, now); }
  std::optional<std::chrono::seconds> try_take(std::string_view key, core::Instant now) override {
    return spend(TokenOp::kTryTake, key, now);
  }
  void forget(std::string_view key) override { spend(TokenOp::kForget, key, core::Instant{}); }
  void refund(std::string_view key, core::Instant now) override {
    spend(TokenOp::kRefund, key, now);
  }

 private:
  std::optional<std::chrono::seconds> spend(TokenOp op, std::string_view key,
                                            core::Instant now) const {
    auto wait = store_.spend_token(op, scope_, key, rate_, now);
    return wait ? *wait : std::nullopt;  // an error lets the attempt through (store.h)
  }

  Store& store_;
  std::string scope_;
  Rate rate_;
};

}  // namespace

std::unique_ptr<core::Buckets> shared_buckets(Store& store, std::string scope,
                                              core::Buckets::Rate rate) {
  return std::make_unique<SharedBuckets>(store, std::move(scope), rate);
}

std::unique_ptr<core::Buckets> buckets(Store& store, std::string scope, core::Buckets::Rate rate) {
  if (store.follows_changes()) {
    return shared_buckets(store, std::move(scope), rate);
  }
  return std::make_unique<core::TokenBuckets>(rate);
}

core::Result<std::optional<std::chrono::seconds>> SqlStore::spend_token(TokenOp op,
                                                                        std::string_view scope,
                                                                        std::string_view key,
                                                                        core::Buckets::Rate rate,
                                                                        core::Instant now) {
  return guarded(
      "counting a rate limit", [&]() -> core::Result<std::optional<std::chrono::seconds>> {
        Lease lease(*this);
        soci::session& sql = lease.session();
        const long long full = std::max(1, rate.burst) * kMilli;
        const long long refill =
            std::max<long long>(1, rate.refill.count()) * 1000;  // ms per token
        const long long at = milliseconds(now);
        // The bucket's tokens now: what it had plus what refilled since, at most full. One
        // statement reads and writes the row, so concurrent attempts of several nodes each count.
        const std::string least = dialect_of(sql) == Dialect::kSqlite ? "MIN" : "LEAST";
        const std::string refilled =
            least + "(:full, rate_buckets.tokens + (:now - rate_buckets.at) * 1000 / :refill)";
        Params params({{"full", full}, {"refill", refill}, {"now", at}},
                      {{"scope", std::string(scope)}, {"key", std::string(key)}});
        const std::string upsert =
            "INSERT INTO rate_buckets (scope, key, tokens, at) VALUES (:scope, :key, :full - 1000, "
            ":now) ON CONFLICT (scope, key) DO UPDATE SET tokens = " +
            refilled + " - 1000, at = :now";
        struct TokensRow {
          long long tokens = 0, at = 0;
          void bind(soci::statement& st) {
            st.exchange(soci::into(tokens));
            st.exchange(soci::into(at));
          }
        };
        switch (op) {
          case TokenOp::kForget:
            params.ints.clear();
            write_cached(sql, lease.cache(),
                         "DELETE FROM rate_buckets WHERE scope = :scope AND key = :key", params);
            return std::optional<std::chrono::seconds>{};
          case TokenOp::kRefund:
            write_cached(sql, lease.cache(),
                         "UPDATE rate_buckets SET tokens = " + least + "(:full, " + refilled +
                             " + 1000), at = :now WHERE scope = :scope AND key = :key",
                         params);
            return std::optional<std::chrono::seconds>{};
          case TokenOp::kTake:
            write_cached(sql, lease.cache(), upsert, params);
            prune(sql, lease.cache(), at);
            return std::optional<std::chrono::seconds>{};
          case TokenOp::kTryTake: {
            bool is_taken = false;
            run_cached<TokensRow>(sql, lease.cache(),
                                  upsert + " WHERE " + refilled + " >= 1000 RETURNING tokens, at",
                                  params, [&](const TokensRow&) { is_taken = true; });
            prune(sql, lease.cache(), at);
            if (is_taken) {
              return std::optional<std::chrono::seconds>{};
            }
            break;
          }
          case TokenOp::kWait:
            break;
        }
        // Milliseconds until the bucket holds a whole token again.
        long long wait_ms = 0;
        params.ints.clear();
        run_cached<TokensRow>(
            sql, lease.cache(),
            "SELECT tokens, at FROM rate_buckets WHERE scope = :scope AND key = :key", params,
            [&](const TokensRow& r) {
              wait_ms = (kMilli - std::min(full, r.tokens)) * refill / kMilli - (at - r.at);
            });
        if (wait_ms <= 0) {
          return std::optional<std::chrono::seconds>{};
        }
        return std::optional<std::chrono::seconds>{
            std::chrono::seconds{std::max<long long>(1, (wait_ms + 999) / 1000)}};
      });
}

void SqlStore::prune(soci::session& sql, StatementCache& cache, long long now_ms) {
  // Now and then, the rows untouched for a day go: their buckets are full again, as an unknown
  // key's is.
  if (++spent_tokens_ % 1024 == 0) {
    write_cached(sql, cache, "DELETE FROM rate_buckets WHERE at < :cutoff",
                 {{{"cutoff", now_ms - kKeptMilliseconds}}});
  }
}

}  // namespace tapchi::store
