// The Admin API: what the back office does, for keys acting as accounts, through the same
// newsroom operations (so the same role checks, revisions, stale-save refusal and audit).
// Every request needs an admin key; a key's requests are rate limited; a POST with an
// Idempotency-Key answers a retry as it answered the first.
#include <fmt/format.h>

#include "api/admin_body.h"

namespace tapchi::api {

namespace {

using Holder = accounts::KeyHolder;

}  // namespace

void Api::Impl::on(std::vector<http::Method> methods, std::string pattern, AdminHandler handler) {
  admin.add(std::move(methods), std::move(pattern),
            [](const http::Request&, const http::Router::Params&) {
              return problem(500, "answered by admin_handlers");  // never called
            });
  admin_handlers.push_back(std::move(handler));
}

void Api::Impl::add_admin_routes() {
  add_article_routes();
  add_journal_routes();
  add_hook_routes();
}

void Api::Impl::forget_old_answers(core::Instant now) const {
  const std::int64_t at = now.time_since_epoch().count();
  std::int64_t last = answers_forgotten_at.load();
  if (at - last < 3600 || !answers_forgotten_at.compare_exchange_strong(last, at)) {
    return;  // done within the hour, or another request is doing it
  }
  if (!store.forget_idempotent_answers(now - kKeepIdempotentAnswers)) {
    answers_forgotten_at.store(last);  // the next request tries again
  }
}

http::Response Api::Impl::write(const http::Request& req) const {
  auto found = key_of(req);
  if (auto* refused = std::get_if<http::Response>(&found)) {
    return std::move(*refused);
  }
  const Holder& holder = std::get<Holder>(found);
  if (!holder.user) {
    return problem(403, "A content key only reads the Content API; use an admin key.");
  }
  const core::Instant now = clock.now();
  if (const auto wait = rate->try_take("key:" + std::to_string(holder.key.id), now)) {
    http::Response r = problem(429, fmt::format("Too many requests from this key; try again in "
                                                "{} s.",
                                                wait->count()));
    r.set("Retry-After", std::to_string(std::max<long long>(1, wait->count())));
    return r;
  }
  const auto match = admin.match(req.method, req.path);
  if (match.handler == nullptr) {
    if (match.allowed.empty()) {
      return problem(404, "There is no such API address.");
    }
    http::Response r = problem(405, "This address does not answer " + req.method_name + ".");
    r.set("Allow", http::allow_header(match.allowed));
    return r;
  }
  const std::string idempotency(req.header("idempotency-key"));
  const core::User& actor = *holder.user;
  const auto run = [&] { return admin_handlers.at(match.index)(actor, req, match.params); };
  if (req.method != http::Method::kPost || idempotency.empty()) {
    return run();
  }
  if (idempotency.size() > 200 || std::any_of(idempotency.begin(), idempotency.end(),
                                              [](char c) { return c < 0x21 || c > 0x7e; })) {
    return problem(400, "An Idempotency-Key is 1 to 200 visible ASCII characters.",
                   "Idempotency-Key");
  }
  forget_old_answers(now);
  const std::string request_hash =
      accounts::token_hash(req.path + "\n" + req.query + "\n" + req.body);
  auto kept = store.idempotent_answer(holder.key.id, idempotency);
  if (!kept) {
    return failed(kept.error());
  }
  const auto replay = [&](const store::IdempotentAnswer& a) -> http::Response {
    if (a.request_hash != request_hash) {
      return problem(422, "This Idempotency-Key was sent with another request.", "Idempotency-Key");
    }
    if (a.status == 0) {
      return problem(409, "The first request with this Idempotency-Key is still being answered.",
                     "Idempotency-Key");
    }
    http::Response r;
    r.status = a.status;
    r.body = a.body;
    r.set("Content-Type", a.status >= 400 ? "application/problem+json; charset=utf-8"
                                          : "application/json; charset=utf-8");
    r.set("Cache-Control", "no-store");
    r.set("Idempotent-Replayed", "true");
    return r;
  };
  if (*kept) {
    return replay(**kept);
  }
  if (auto reserved = store.reserve_idempotency_key(holder.key.id, idempotency, request_hash, now);
      !reserved) {
    if (reserved.error().code == core::ErrorCode::kConflict) {
      auto first = store.idempotent_answer(holder.key.id, idempotency);
      if (first && *first) {
        return replay(**first);
      }
    }
    return failed(reserved.error());
  }
  http::Response r = run();
  // A failure of the server's own (5xx) may have changed nothing: the key may be tried again.
  const int status = r.status >= 500 ? 0 : r.status;
  if (auto saved = store.keep_idempotent_answer(holder.key.id, idempotency, status, r.body);
      !saved) {
    r.error_detail +=
        " (the answer was not kept for its Idempotency-Key: " + saved.error().describe() + ")";
  }
  return r;
}

}  // namespace tapchi::api
