// The article page's comment form and what happens when a reader sends it: POST /comments
// answers 303 back to the article (held or shown), or the page again with what was typed and
// the errors beside the fields (403 expired or closed, 422 mistakes, 429 too fast).
#include <fmt/format.h>

#include "newsroom/newsroom.h"
#include "site/site_impl.h"

namespace tapchi::site {

namespace {

// "https://journal.example" → "journal.example"; "http://127.0.0.1:8080/x" → "127.0.0.1:8080".
std::string_view host_of(std::string_view url) {
  const auto scheme = url.find("://");
  if (scheme == std::string_view::npos) {
    return {};
  }
  url.remove_prefix(scheme + 3);
  return url.substr(0, url.find('/'));
}

std::string problem_key(const comments::FieldProblem& p) {
  switch (p.problem) {
    case comments::Problem::kMissing:
      return p.field + "_missing";
    case comments::Problem::kTooLong:
      return p.field + "_too_long";
    case comments::Problem::kMalformed:
      return p.field + "_malformed";
    case comments::Problem::kTooManyLinks:
      return p.field + "_links";
  }
  return p.field + "_malformed";
}

http::Response uncached(http::Response r) {
  r.cacheable.reset();
  r.set("Cache-Control", "no-store");
  return r;
}

}  // namespace

http::Response Site::Impl::article_page(const core::Edition& e, const core::Article& a,
                                        const http::Request& req,
                                        std::optional<render::CommentForm> typed,
                                        int status) const {
  const core::Instant now = clock.now();
  const std::string canonical = article_href(e, a);
  std::vector<core::Article> translations;
  render::ArticleView v = article_view(e, a, canonical, now, &translations);
  const auto settings = current();
  const comments::Mode mode = comments::effective_mode(settings->comment_policy, a, now);
  v.comments_open = mode != comments::Mode::kClosed;
  const core::Id asked_reply = typed ? 0 : core::parse_id(req.query_param("reply").value_or(""));
  if (v.comments_open) {
    render::CommentForm form = typed ? std::move(*typed) : render::CommentForm{};
    form.action = "/comments";
    form.article_id = a.id;
    form.token = signer->form_token(a.id, now);
    form.is_moderated = mode == comments::Mode::kModerated;
    form.email_required = settings->comment_policy.require_email;
    if (!typed) {
      form.reply_to = asked_reply;
      const std::string notice = req.query_param("comment").value_or("");
      if (notice == "held" || notice == "shown") {
        form.notice = notice;
      }
    }
    for (render::CommentView& c : v.comments) {
      c.reply_href = fmt::format("{}?reply={}#comment-form", canonical, c.id);
      if (c.id == form.reply_to) {
        form.reply_to_name = c.name;
      }
    }
    if (form.reply_to_name.empty()) {
      form.reply_to = 0;  // not a top-level approved comment of this article
    } else {
      form.cancel_reply_href = canonical + "#comment-form";
    }
    v.comment_form = std::move(form);
  }
  // Comments change this page alone; a translation's change reaches it by its own tag.
  std::vector<std::string> tags{Site::comments_tag(a.id)};
  if (!a.translation_key.empty()) {
    tags.push_back("translation:" + a.translation_key);
  }
  for (const core::Article& other : translations) {
    tags.push_back(Site::article_tag(other.id));
  }
  http::Response r = page(e, v.frame, theme->article(v), std::move(tags), status);
  // What one reader typed is theirs alone. A reply form asked for a comment that cannot be
  // answered here shows the plain page, which is not kept under that reply's key: made-up ids
  // cannot fill the page cache.
  const bool is_unused_reply =
      asked_reply != 0 && !(v.comment_form && v.comment_form->reply_to == asked_reply);
  return typed || is_unused_reply ? uncached(std::move(r)) : r;
}

http::Response Site::Impl::post_comment(const http::Request& req) const {
  const auto refuse = [](int status, std::string text) {
    return uncached(http::Response::text(status, std::move(text)));
  };
  auto form = http::parse_form(req.body, false);  // comments::check cleans and checks the text
  if (!form) {
    return refuse(400, "The form could not be read: " + form.error().message + "\n");
  }
  // A browser says where the form was; one from another site is refused outright.
  const std::string_view origin = req.header("origin");
  if (!origin.empty() && origin != "null" && host_of(origin) != req.header("host") &&
      host_of(origin) != host_of(options.base_url)) {
    return refuse(403, "Comments are taken only from this journal's own pages.\n");
  }
  const core::Id article_id = core::parse_id(http::form_value(*form, "article"));
  const core::Instant now = clock.now();
  auto found =
      article_id == 0 ? core::fail(core::not_found("no article")) : store.article(article_id);
  if (!found && found.error().code != core::ErrorCode::kNotFound) {
    throw StoreFailure(found.error());
  }
  const core::Edition* e = found ? edition_by_id(found->edition_id) : nullptr;
  if (!found || e == nullptr || !found->is_visible_at(now)) {
    return uncached(not_found(editions.front()));
  }
  const core::Article& a = *found;
  const std::string canonical = article_href(*e, a);

  render::CommentForm typed;
  // Shown back as sent, but always as valid UTF-8; check() below names the malformed field.
  typed.name = core::repair_utf8(http::form_value(*form, "name"));
  typed.email = core::repair_utf8(http::form_value(*form, "email"));
  typed.body = core::repair_utf8(http::form_value(*form, "body"));
  typed.reply_to = core::parse_id(http::form_value(*form, "parent"));
  const auto answer = [&](int status, std::map<std::string, std::string> errors) {
    typed.errors = std::move(errors);
    return article_page(*e, a, req, std::move(typed), status);
  };

  // A bot fills every field, the hidden one too: it is told what a reader is told, and nothing
  // is kept.
  if (!http::form_value(*form, "website").empty()) {
    return uncached(http::Response::redirect(303, canonical + "?comment=held#comment-form"));
  }
  if (!signer->is_valid_token(http::form_value(*form, "token"), a.id, now)) {
    return answer(403, {{"form", "expired"}});
  }
  const auto settings = current();
  const comments::Mode mode = comments::effective_mode(settings->comment_policy, a, now);
  if (mode == comments::Mode::kClosed) {
    return answer(403, {{"form", "closed"}});
  }
  const std::string client = signer->client_hash(req.client);
  if (const auto wait = comment_rate->try_take(client, now)) {
    http::Response r = answer(429, {{"form", "too_fast"}});
    r.set("Retry-After", std::to_string(wait->count()));
    return r;
  }
  comments::Draft draft{http::form_value(*form, "name"), http::form_value(*form, "email"),
                        http::form_value(*form, "body")};
  const auto problems = comments::check(draft, settings->comment_policy, options.comments.limits);
  typed.name = draft.name;
  typed.email = draft.email;
  typed.body = draft.body;
  if (!problems.empty()) {
    std::map<std::string, std::string> errors;
    for (const comments::FieldProblem& p : problems) {
      errors.emplace(p.field, problem_key(p));
    }
    return answer(422, std::move(errors));
  }

  core::Comment c;
  c.article_id = a.id;
  if (typed.reply_to != 0) {
    // One level of replies: a reply to a reply joins its thread; an unknown parent is dropped.
    auto parent = store.comment(typed.reply_to);
    if (parent && parent->article_id == a.id && parent->status == core::CommentStatus::kApproved) {
      c.parent_id = parent->parent_id != 0 ? parent->parent_id : parent->id;
    }
  }
  c.name = draft.name;
  c.email = draft.email;
  c.body = draft.body;
  c.created_at = now;
  c.client_hash = client;
  const bool is_spam = comments::has_listed_word(c.name + "\n" + c.body, folded_spam_words);
  c.status = is_spam                              ? core::CommentStatus::kSpam
             : mode == comments::Mode::kModerated ? core::CommentStatus::kPending
                                                  : core::CommentStatus::kApproved;
  // The comment and what webhooks hear of it commit together (not spam: nobody is told of it).
  store::Store::NewComment saved;
  const auto written = store.in_transaction([&](store::Store& s) -> core::Result<void> {
    auto added = s.add_reader_comment(c, now - options.comments.duplicate_window);
    if (!added) {
      return core::fail(added.error());
    }
    saved = *added;
    if (!saved.is_duplicate && saved.comment.status != core::CommentStatus::kSpam) {
      auto told =
          s.enqueue_event("comment.created", "comment " + std::to_string(saved.comment.id),
                          newsroom::comment_event("comment.created", saved.comment, now), now);
      if (!told) {
        return core::fail(told.error());
      }
    }
    return {};
  });
  if (!written) {
    throw StoreFailure(written.error());
  }
  // Held and spam answer alike, so a spammer learns nothing.
  const std::string location =
      saved.comment.status == core::CommentStatus::kApproved
          ? fmt::format("{}?comment=shown#comment-{}", canonical, saved.comment.id)
          : canonical + "?comment=held#comment-form";
  return uncached(http::Response::redirect(303, location));
}

}  // namespace tapchi::site
