// Webhooks: the addresses told of the journal's events (admins).
#include <algorithm>
#include <string>

#include "hooks/hooks.h"
#include "newsroom/newsroom.h"
#include "newsroom/rules.h"

namespace tapchi::newsroom {

namespace {

core::Result<void> admin_only(const core::User& actor) {
  return at_least(actor, core::Role::kAdmin, "Only admins manage webhooks.");
}

core::Result<void> check(std::string_view url, const std::vector<std::string>& events) {
  if (auto ok = hooks::check_url(url); !ok) {
    return ok;
  }
  if (events.empty()) {
    return core::fail(core::invalid("Choose at least one event.", "events"));
  }
  for (const std::string& e : events) {
    if (std::find(std::begin(core::kWebhookEvents), std::end(core::kWebhookEvents), e) ==
        std::end(core::kWebhookEvents)) {
      return core::fail(core::invalid("“" + e + "” is not an event tapchi tells of.", "events"));
    }
  }
  return {};
}

// `events` without repeats, in the order of kWebhookEvents.
std::vector<std::string> ordered(const std::vector<std::string>& events) {
  std::vector<std::string> out;
  for (const std::string_view e : core::kWebhookEvents) {
    if (std::find(events.begin(), events.end(), e) != events.end()) {
      out.emplace_back(e);
    }
  }
  return out;
}

}  // namespace

core::Result<core::Webhook> Newsroom::add_webhook(const core::User& actor, std::string_view url,
                                                  const std::vector<std::string>& events) const {
  if (auto allowed = admin_only(actor); !allowed) {
    return core::fail(allowed.error());
  }
  if (auto ok = check(url, events); !ok) {
    return core::fail(ok.error());
  }
  core::Webhook h;
  h.url = std::string(url);
  h.events = ordered(events);
  h.secret = hooks::new_secret();
  h.created_by = actor.id;
  h.created_at = clock_.now();
  core::Webhook saved;
  auto done = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    auto written = s.save_webhook(h);
    if (!written) {
      return core::fail(written.error());
    }
    saved = *written;
    auto logged = s.record({0, h.created_at, actor.id, "webhook-add",
                            "webhook " + std::to_string(saved.id), saved.url});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    return core::fail(done.error());
  }
  return saved;
}

core::Result<core::Webhook> Newsroom::webhook(const core::User& actor, core::Id id) const {
  if (auto allowed = admin_only(actor); !allowed) {
    return core::fail(allowed.error());
  }
  return existing<core::Webhook>(id, "webhook", [&](core::Id i) { return store_.webhook(i); });
}

core::Result<core::Webhook> Newsroom::change_webhook(const core::User& actor, core::Id id,
                                                     std::string_view url,
                                                     const std::vector<std::string>& events,
                                                     bool is_active) const {
  auto h = webhook(actor, id);
  if (!h) {
    return h;
  }
  if (auto ok = check(url, events); !ok) {
    return core::fail(ok.error());
  }
  h->url = std::string(url);
  h->events = ordered(events);
  h->is_active = is_active;
  auto done = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto saved = s.save_webhook(*h); !saved) {
      return core::fail(saved.error());
    }
    auto logged = s.record(
        {0, clock_.now(), actor.id, "webhook-change", "webhook " + std::to_string(h->id), h->url});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    return core::fail(done.error());
  }
  return h;
}

core::Result<core::Webhook> Newsroom::delete_webhook(const core::User& actor, core::Id id) const {
  auto h = webhook(actor, id);
  if (!h) {
    return h;
  }
  auto done = store_.in_transaction([&](store::Store& s) -> core::Result<void> {
    if (auto gone = s.delete_webhook(h->id); !gone) {
      return gone;
    }
    auto logged = s.record(
        {0, clock_.now(), actor.id, "webhook-delete", "webhook " + std::to_string(h->id), h->url});
    return logged ? core::Result<void>{} : core::fail(logged.error());
  });
  if (!done) {
    return core::fail(done.error());
  }
  return h;
}

}  // namespace tapchi::newsroom
