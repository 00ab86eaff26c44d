// The JSON API over the real binary: the Content API's listings, shapes, cursors, cache and
// errors; the Admin API's keys, roles, versions, idempotency, uploads and moderation; and one
// table of actions that the back office and the API must refuse and allow alike.
#include <nlohmann/json.hpp>

#include "tests/http/admin_fixture.h"

namespace tapchi::testing {
namespace {

using json = nlohmann::json;

class Api : public Admin {
 protected:
  static void SetUpTestSuite() {
    start_journal("[api]\nrate_burst = 60\nrate_refill_seconds = 60\n");
  }

  // A new key: its secret. `role` empty for a content key.
  static std::string key(const std::string& name, const std::string& role) {
    std::vector<std::string> args{"key", "add", "--name", name, "--config", config_};
    if (!role.empty()) {
      args.insert(args.end(), {"--role", role});
    }
    const CommandResult made = run_tapchi(args);
    EXPECT_EQ(made.exit_code, 0) << made.out;
    return first_match(made.out, "(tapchi_[A-Za-z0-9_-]{43})");
  }

  static HttpResponse call(const std::string& method, const std::string& target,
                           const std::string& secret, const std::string& body = {},
                           const std::string& extra = {}) {
    std::string headers = extra;
    if (!secret.empty()) {
      headers += "Authorization: Bearer " + secret + "\r\n";
    }
    if (!body.empty() && extra.find("Content-Type") == std::string::npos) {
      headers += "Content-Type: application/json\r\n";
    }
    return request(port(), method, target, headers, body).value();
  }
  static json read(const HttpResponse& r) {
    json j = json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body.substr(0, 300);
    return j;
  }
  static json content(const std::string& target) {
    const HttpResponse r = call("GET", target, "");
    EXPECT_EQ(r.status, 200) << target << ": " << r.body.substr(0, 300);
    return read(r);
  }
  // Every id of the listing at `target`, following its cursors.
  static std::vector<long long> all_ids(std::string target) {
    std::vector<long long> ids;
    for (int pages = 0; pages < 100 && !target.empty(); ++pages) {
      const json page = content(target);
      for (const json& a : page["articles"]) {
        ids.push_back(a["id"].get<long long>());
      }
      target = page["next"].is_null() ? "" : page["next"].get<std::string>();
      if (!target.empty()) {
        target = target.substr(target.find("/api/"));
      }
    }
    return ids;
  }
  // A JPEG of the demo journal's, as bytes.
  static std::string a_jpeg() { return demo_jpeg(dir_->path()); }
  // A new English article made through the Admin API by `secret`; its JSON.
  static json create(const std::string& secret, const std::string& title,
                     const std::string& action = "save") {
    const HttpResponse r = call("POST", "/api/v1/admin/articles", secret,
                                json{{"edition", "en"},
                                     {"title", title},
                                     {"lead", "A lead."},
                                     {"body", "Text with **bold** words."},
                                     {"action", action}}
                                    .dump());
    EXPECT_EQ(r.status, 201) << r.body.substr(0, 400);
    return read(r)["article"];
  }
};

TEST_F(Api, ListsPublishedArticlesByCursorWithoutSkippingOrRepeatingWhilePublishing) {
  const json first = content("/api/v1/articles?edition=en&limit=5&total=true");
  ASSERT_EQ(first["articles"].size(), 5u);
  const int total = first["total"].get<int>();
  EXPECT_GT(total, 5);
  const std::vector<long long> before = all_ids("/api/v1/articles?edition=en&limit=7");
  EXPECT_EQ(static_cast<int>(before.size()), total) << "every article once, by 7s";

  // Page one, then an article is published, then the rest: nothing skipped, nothing twice.
  std::string next = first["next"].get<std::string>();
  const std::string editor = key("cursor editor", "editor");
  const json published = create(editor, "Published between two pages", "publish");
  std::vector<long long> seen;
  for (const json& a : first["articles"]) {
    seen.push_back(a["id"].get<long long>());
  }
  const std::vector<long long> rest = all_ids(next.substr(next.find("/api/")));
  seen.insert(seen.end(), rest.begin(), rest.end());
  EXPECT_EQ(seen, before);
  EXPECT_EQ(all_ids("/api/v1/articles?edition=en&limit=7").front(), published["id"])
      << "a new listing starts with it";
  for (const json& a : first["articles"]) {
    EXPECT_NE(a["published_at"].get<std::string>().find("+07:00"), std::string::npos);
    EXPECT_EQ(a["published_at_utc"].get<std::string>().back(), 'Z');
    EXPECT_FALSE(a.contains("body")) << "lists leave bodies out unless fields asks";
  }
}

TEST_F(Api, ShapesFieldsIncludesAndFormats) {
  long long id = 0;  // a demo article, with its photo
  const json list = content("/api/v1/articles?edition=en&limit=50&fields=featured_media_id");
  for (const json& a : list["articles"]) {
    if (id == 0 && !a["featured_media_id"].is_null()) {
      id = a["id"].get<long long>();
    }
  }
  ASSERT_NE(id, 0);
  const std::string path = "/api/v1/articles/" + std::to_string(id);
  const json only = content(path + "?fields=title")["article"];
  EXPECT_EQ(only.size(), 2u) << only.dump();
  EXPECT_TRUE(only.contains("id") && only.contains("title"));
  const json html = content(path)["article"];
  EXPECT_NE(html["body"].get<std::string>().find("<p>"), std::string::npos);
  const json md = content(path + "?format=markdown&fields=body")["article"];
  const json plain = content(path + "?format=plaintext&fields=body")["article"];
  EXPECT_EQ(plain["body"].get<std::string>().find('<'), std::string::npos);
  EXPECT_NE(md["body"], plain["body"]);
  const json full = content(path + "?include=authors,tags,section,media")["article"];
  ASSERT_TRUE(full["featured_media"].is_object());
  EXPECT_FALSE(full["featured_media"]["variants"].empty());
  for (const json& v : full["featured_media"]["variants"]) {
    EXPECT_GT(v["width"].get<int>(), 0);
    EXPECT_GT(v["height"].get<int>(), 0);
    EXPECT_EQ(v["url"].get<std::string>().rfind("http", 0), 0u);
  }
  EXPECT_EQ(full["authors"].size(), full["author_ids"].size());
  const std::string slug = html["slug"];
  EXPECT_EQ(content("/api/v1/articles/slug/en/" + slug)["article"]["id"], id);
  EXPECT_FALSE(content("/api/v1/editions")["editions"].empty());
  EXPECT_FALSE(content("/api/v1/sections?edition=en")["sections"].empty());
  EXPECT_FALSE(content("/api/v1/authors?edition=en")["authors"].empty());
  EXPECT_FALSE(content("/api/v1/tags?edition=en")["tags"].empty());
  EXPECT_FALSE(content("/api/v1/search?q=training&edition=en")["articles"].empty());
}

TEST_F(Api, ServesItsOpenApiDocumentAsWritten) {
  const HttpResponse r = call("GET", "/api/v1/openapi.json", "");
  ASSERT_EQ(r.status, 200);
  std::ifstream in(std::string(TAPCHI_SOURCE_DIR) + "/src/api/doc/openapi.json", std::ios::binary);
  const std::string file{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_EQ(r.body, file);
  EXPECT_EQ(read(r)["openapi"].get<std::string>().rfind("3.1", 0), 0u);
}

TEST_F(Api, RefusesBadParametersNamingThem) {
  for (const auto& [target, field] :
       {std::pair{"/api/v1/articles?limit=0", "limit"},
        {"/api/v1/articles?limit=101", "limit"},
        {"/api/v1/articles?cursor=zz", "cursor"},
        {"/api/v1/articles?cursor=cffffffffffffffffffff.1", "cursor"},  // past 64 bits
        {"/api/v1/articles?cursor=c5.-1", "cursor"},
        {"/api/v1/articles?edition=xx", "edition"},
        {"/api/v1/articles?published_after=yesterday", "published_after"},
        {"/api/v1/articles?fields=password", "fields"},
        {"/api/v1/articles?include=everything", "include"},
        {"/api/v1/articles?format=pdf", "format"},
        {"/api/v1/articles?section=no-such&edition=en", "section"},
        {"/api/v1/search?q=%20", "q"}}) {
    const HttpResponse r = call("GET", target, "");
    EXPECT_EQ(r.status, 422) << target;
    EXPECT_EQ(r.header("content-type").rfind("application/problem+json", 0), 0u) << target;
    EXPECT_EQ(read(r)["field"], field) << target;
  }
  EXPECT_EQ(call("GET", "/api/v1/articles/999999", "").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/nothing", "").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/articles", "", "{}").status, 405);
}

TEST_F(Api, AnswersAreCachedWithETagsAndDroppedWhenTheirContentChanges) {
  const std::string editor = key("cache editor", "editor");
  const json made = create(editor, "Cached then changed", "publish");
  const std::string path = "/api/v1/articles/" + std::to_string(made["id"].get<long long>());
  const HttpResponse first = call("GET", path, "");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("access-control-allow-origin"), "*");
  const std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(call("GET", path, "", "", "If-None-Match: " + etag + "\r\n").status, 304);
  const HttpResponse changed =
      call("PATCH", "/api/v1/admin/articles/" + std::to_string(made["id"].get<long long>()), editor,
           json{{"title", "Changed at once"}, {"version", made["version"]}}.dump());
  ASSERT_EQ(changed.status, 200) << changed.body;
  const HttpResponse after = call("GET", path, "", "", "If-None-Match: " + etag + "\r\n");
  EXPECT_EQ(after.status, 200) << "the cached answer was dropped";
  EXPECT_EQ(read(after)["article"]["title"], "Changed at once");
  EXPECT_NE(after.header("etag"), etag);

  // A scheduled article stays invisible until its time.
  const HttpResponse later = call("POST", "/api/v1/admin/articles", editor,
                                  json{{"edition", "en"},
                                       {"title", "Embargoed"},
                                       {"action", "publish"},
                                       {"publish_at", "2099-01-01T07:00:00+07:00"}}
                                      .dump());
  ASSERT_EQ(later.status, 201) << later.body;
  EXPECT_EQ(read(later)["article"]["status"], "scheduled");
  EXPECT_EQ(
      call("GET",
           "/api/v1/articles/" + std::to_string(read(later)["article"]["id"].get<long long>()), "")
          .status,
      404);

  // Publishing at a time without an offset: a wall-clock time in the site's zone.
  const json draft = create(editor, "Embargoed too");
  const HttpResponse timed = call(
      "POST", "/api/v1/admin/articles/" + std::to_string(draft["id"].get<long long>()) + "/publish",
      editor, json{{"version", draft["version"]}, {"publish_at", "2099-01-01T07:00"}}.dump());
  ASSERT_EQ(timed.status, 200) << timed.body;
  EXPECT_EQ(read(timed)["article"]["status"], "scheduled");
  EXPECT_EQ(
      read(timed)["article"]["published_at"].get<std::string>().rfind("2099-01-01T07:00:00", 0), 0u)
      << read(timed)["article"]["published_at"];
}

TEST_F(Api, AdminRequestsNeedAnAdminKey) {
  EXPECT_EQ(call("GET", "/api/v1/admin/articles", "").status, 401);
  EXPECT_EQ(call("GET", "/api/v1/admin/articles", "").header("www-authenticate").rfind("Bearer", 0),
            0u);
  EXPECT_EQ(call("GET", "/api/v1/admin/articles", "tapchi_unknown").status, 401);
  const std::string reader = key("reader app", "");
  EXPECT_EQ(call("GET", "/api/v1/admin/articles", reader).status, 403);
  const std::string revoked = key("old script", "editor");
  EXPECT_EQ(call("GET", "/api/v1/admin/articles", revoked).status, 200);
  const CommandResult list = run_tapchi({"key", "list", "--config", config_});
  const std::string id = first_match(list.out, "(\\d+)\\t[^\\n]*old script");
  ASSERT_EQ(run_tapchi({"key", "revoke", id, "--config", config_}).exit_code, 0);
  EXPECT_EQ(call("GET", "/api/v1/admin/articles", revoked).status, 401);
  EXPECT_EQ(list.out.find(revoked), std::string::npos) << "secrets are never listed";
}

TEST_F(Api, RolesVersionsAndBodiesAreCheckedAsInTheBackOffice) {
  const std::string contributor = key("stringer", "contributor");
  const std::string author = key("columnist", "author");
  const json draft = create(contributor, "A stringer's draft");
  const std::string path = "/api/v1/admin/articles/" + std::to_string(draft["id"].get<long long>());
  const std::string version = "{\"version\":" + std::to_string(draft["version"].get<int>()) + "}";
  EXPECT_EQ(call("POST", path + "/publish", contributor, version).status, 403);
  const HttpResponse submitted = call("POST", path + "/submit", contributor, version);
  ASSERT_EQ(submitted.status, 200) << submitted.body;
  EXPECT_EQ(read(submitted)["article"]["status"], "review");
  EXPECT_EQ(call("PATCH", path, author, "{\"title\":\"x\",\"version\":2}").status, 403)
      << "an author edits only their own";

  const json own = create(author, "A column");
  const std::string own_path =
      "/api/v1/admin/articles/" + std::to_string(own["id"].get<long long>());
  const HttpResponse stale = call("PATCH", own_path, author, "{\"title\":\"Late\",\"version\":99}");
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(read(stale)["field"], "version");
  EXPECT_EQ(read(stale)["current"]["version"], own["version"]) << "the answer carries it";
  EXPECT_EQ(read(stale)["current"]["title"], "A column") << "nothing changed";
  EXPECT_EQ(call("PATCH", own_path, author, "{\"title\":\"No version\"}").status, 422);

  EXPECT_EQ(
      call("POST", "/api/v1/admin/articles", author, "title=x", "Content-Type: text/plain\r\n")
          .status,
      415);
  EXPECT_EQ(call("POST", "/api/v1/admin/articles", author, "{not json").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/admin/articles", author, "[1]").status, 400) << "not an object";
  EXPECT_EQ(
      call("POST", "/api/v1/admin/articles", author, "{\"edition\":\"en\",\"title\":\"a\\u0000b\"}")
          .status,
      400)
      << "a NUL in a text";
  EXPECT_EQ(call("POST", "/api/v1/admin/articles", author, "{\"title\":\"caf\xe9\"}").status, 400)
      << "invalid UTF-8";
  // Arrays nested as deep as the body's size allows (4 KiB here) are refused by their type.
  const std::string deep =
      "{\"edition\":\"en\",\"tags\":" + std::string(2'000, '[') + std::string(2'000, ']') + "}";
  const HttpResponse nested = call("POST", "/api/v1/admin/articles", author, deep);
  EXPECT_EQ(nested.status, 422);
  EXPECT_EQ(read(nested)["field"], "tags");
  const HttpResponse typed = call("POST", "/api/v1/admin/articles", author,
                                  "{\"edition\":\"en\",\"title\":\"T\",\"author_ids\":\"one\"}");
  EXPECT_EQ(typed.status, 422);
  EXPECT_EQ(read(typed)["field"], "author_ids");
  const HttpResponse script = call("POST", "/api/v1/admin/articles", author,
                                   json{{"edition", "en"},
                                        {"title", "<script>alert(1)</script>"},
                                        {"body", "<script>x</script>"},
                                        {"action", "publish"}}
                                       .dump());
  ASSERT_EQ(script.status, 201);
  const json shown =
      content("/api/v1/articles/" + std::to_string(read(script)["article"]["id"].get<long long>()));
  EXPECT_EQ(shown["article"]["body"].get<std::string>().find("<script>"), std::string::npos)
      << "raw HTML in a body is shown as text";
}

TEST_F(Api, ARetriedCreateWithItsIdempotencyKeyMakesOneArticle) {
  const std::string editor = key("wire desk", "editor");
  const std::string body = json{{"edition", "en"}, {"title", "Sent twice"}}.dump();
  const std::string once = "Idempotency-Key: wire-2026-11-29-0001\r\n";
  const HttpResponse first = call("POST", "/api/v1/admin/articles", editor, body, once);
  const HttpResponse again = call("POST", "/api/v1/admin/articles", editor, body, once);
  ASSERT_EQ(first.status, 201);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(read(first)["article"]["id"], read(again)["article"]["id"]);
  const HttpResponse other = call("POST", "/api/v1/admin/articles", editor,
                                  json{{"edition", "en"}, {"title", "Another"}}.dump(), once);
  EXPECT_EQ(other.status, 422) << "the same key with another request";
  const json found = read(call("GET", "/api/v1/admin/articles?q=twice", editor));
  EXPECT_EQ(found["total"], 1);
}

TEST_F(Api, UploadsAreCheckedByContentAndCommentsModerated) {
  const std::string editor = key("photo desk", "editor");
  const std::string boundary = "XyZ";
  const auto multipart = [&](const std::string& bytes) {
    return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nBoats\r\n--" +
           boundary +
           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n"
           "Content-Type: image/jpeg\r\n\r\n" +
           bytes + "\r\n--" + boundary + "--\r\n";
  };
  const std::string type = "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n";
  const HttpResponse hostile =
      call("POST", "/api/v1/admin/media", editor, multipart("<?php system($_GET['c']); ?>"), type);
  EXPECT_EQ(hostile.status, 422);
  EXPECT_EQ(read(hostile)["field"], "file");
  const HttpResponse photo = call("POST", "/api/v1/admin/media", editor, multipart(a_jpeg()), type);
  ASSERT_EQ(photo.status, 201) << photo.body;
  EXPECT_EQ(read(photo)["media"]["type"], "image/jpeg");
  EXPECT_EQ(call("GET",
                 read(photo)["media"]["url"].get<std::string>().substr(
                     read(photo)["media"]["url"].get<std::string>().find("/media/")),
                 "")
                .status,
            200);

  const json listed = read(call("GET", "/api/v1/admin/comments?status=approved", editor));
  ASSERT_FALSE(listed["comments"].empty()) << listed.dump();
  const json c = listed["comments"][0];
  const std::string id = std::to_string(c["id"].get<long long>());
  const std::string on =
      "/api/v1/articles/" + std::to_string(c["article_id"].get<long long>()) + "/comments";
  const auto shown = [&] {
    int n = 0;
    const json list = content(on);
    for (const json& each : list["comments"]) {
      n += each["id"] == c["id"] ? 1 : 0;
    }
    return n;
  };
  EXPECT_EQ(shown(), 1);
  ASSERT_EQ(call("POST", "/api/v1/admin/comments/" + id + "/pending", editor).status, 200);
  EXPECT_EQ(shown(), 0) << "held back at once";
  ASSERT_EQ(call("POST", "/api/v1/admin/comments/" + id + "/approve", editor).status, 200);
  EXPECT_EQ(shown(), 1);
  const HttpResponse reply = call("POST", "/api/v1/admin/comments/" + id + "/replies", editor,
                                  "{\"text\":\"Thank you for reading.\"}");
  EXPECT_EQ(reply.status, 201) << reply.body;
  EXPECT_TRUE(read(reply)["comment"]["is_staff"].get<bool>());
  EXPECT_EQ(call("POST", "/api/v1/admin/comments/999999/approve", editor).status, 404);
}

// One table, both doors: each role does the same actions through the back office's forms and
// through the Admin API, and both refuse or allow alike.
TEST_F(Api, TheBackOfficeAndTheApiAllowAndRefuseTheSameActionsPerRole) {
  const std::string admin_key = key("table admin", "admin");
  const json listed = read(call("GET", "/api/v1/admin/comments?status=approved", admin_key));
  ASSERT_FALSE(listed["comments"].empty());
  const std::string comment = std::to_string(listed["comments"][0]["id"].get<long long>());
  const std::map<std::string, std::string> emails{{"contributor", "writer@example.org"},
                                                  {"author", "target@example.org"},
                                                  {"editor", "changer@example.org"},
                                                  {"admin", "boss@example.org"}};
  const auto allowed = [](int status) { return status >= 200 && status < 400; };
  int rows = 0;
  for (const auto& [role, email] : emails) {
    const Who who = as(email);
    const std::string secret = key("table " + role, role);
    // Delete someone else's article.
    const std::string a =
        std::to_string(create(admin_key, "For the form " + role)["id"].get<long long>());
    const std::string b =
        std::to_string(create(admin_key, "For the API " + role)["id"].get<long long>());
    const int form_delete = post(who, "/admin/articles/" + a + "/delete", "").status;
    const int api_delete = call("DELETE", "/api/v1/admin/articles/" + b, secret).status;
    EXPECT_EQ(allowed(form_delete), allowed(api_delete))
        << role << " deleting " << form_delete << " vs " << api_delete;
    EXPECT_EQ(allowed(api_delete), role == "editor" || role == "admin") << role;
    // Moderate a comment.
    const int form_moderate =
        post(who, "/admin/comments", "status=approved&action=approve&id=" + comment).status;
    const int api_moderate =
        call("POST", "/api/v1/admin/comments/" + comment + "/approve", secret).status;
    EXPECT_EQ(allowed(form_moderate), allowed(api_moderate)) << role << " moderating";
    // Add a section.
    const int form_section =
        post(who, "/admin/sections/new", "edition=2&name=Form+" + role + "&slug=&position=9")
            .status;
    const int api_section =
        call("POST", "/api/v1/admin/sections", secret,
             json{{"edition", "en"}, {"name", "API " + role}, {"position", 9}}.dump())
            .status;
    EXPECT_EQ(allowed(form_section), allowed(api_section))
        << role << " adding a section " << form_section << " vs " << api_section;
    // Publish one's own new article.
    const int api_publish =
        call("POST", "/api/v1/admin/articles", secret,
             json{{"edition", "en"}, {"title", "Own " + role}, {"action", "publish"}}.dump())
            .status;
    EXPECT_EQ(allowed(api_publish), role != "contributor") << role << " publishing";
    rows += 4;
  }
  EXPECT_EQ(rows, 16);
}

TEST_F(Api, AdminsMakeAndRevokeKeysAndWebhooksInTheBackOffice) {
  const Who boss = as("boss@example.org");
  const HttpResponse page = request(port(), "GET", "/admin/integrations",
                                    "Cookie: tapchi_session=" + boss.session + "\r\n")
                                .value();
  ASSERT_EQ(page.status, 200);
  const HttpResponse made = post(boss, "/admin/integrations/keys", "name=Newsletter&role=author");
  ASSERT_EQ(made.status, 201) << made.body.substr(0, 500);
  const std::string secret = first_match(made.body, "(tapchi_[A-Za-z0-9_-]{43})");
  ASSERT_FALSE(secret.empty()) << "the secret is shown once, on the answer that makes it";
  EXPECT_EQ(call("GET", "/api/v1/admin/articles", secret).status, 200);
  const HttpResponse again = request(port(), "GET", "/admin/integrations",
                                     "Cookie: tapchi_session=" + boss.session + "\r\n")
                                 .value();
  EXPECT_EQ(again.body.find(secret), std::string::npos) << "and never again";
  EXPECT_EQ(post(boss, "/admin/integrations/keys", "name=&role=").status, 422);
  const std::string id = first_match(again.body, "/admin/integrations/keys/(\\d+)/revoke");
  ASSERT_EQ(post(boss, "/admin/integrations/keys/" + id + "/revoke", "").status, 303);
  EXPECT_EQ(call("GET", "/api/v1/admin/articles", secret).status, 401);

  const HttpResponse hook =
      post(boss, "/admin/integrations/webhooks",
           "url=" + encoded("http://127.0.0.1:9/hook") + "&event=article.published");
  ASSERT_EQ(hook.status, 201) << hook.body.substr(0, 500);
  EXPECT_FALSE(first_match(hook.body, "<code class=\"secret\">([0-9a-f]{64})</code>").empty());
  EXPECT_EQ(
      post(boss, "/admin/integrations/webhooks", "url=javascript:alert(1)&event=article.published")
          .status,
      422);
  const Who editor = as("changer@example.org");
  EXPECT_EQ(post(editor, "/admin/integrations/keys", "name=Mine&role=admin").status, 403)
      << "only admins make keys";
  EXPECT_EQ(request(port(), "GET", "/admin/integrations",
                    "Cookie: tapchi_session=" + editor.session + "\r\n")
                .value()
                .status,
            403);
}

// The endpoints the other tests do not reach, each once as allowed and once as refused.
TEST_F(Api, EveryOtherEndpointAnswersAsDocumented) {
  const std::string editor = key("desk editor", "editor");
  const std::string author = key("desk author", "author");
  const std::string admin_key = key("desk admin", "admin");
  // Revisions and restoring one.
  const json a = create(editor, "First words");
  const std::string path = "/api/v1/admin/articles/" + std::to_string(a["id"].get<long long>());
  ASSERT_EQ(
      call("PATCH", path, editor, json{{"version", a["version"]}, {"title", "Second words"}}.dump())
          .status,
      200);
  const json revisions = read(call("GET", path + "/revisions", editor));
  ASSERT_EQ(revisions["revisions"].size(), 2u);
  const long long first = revisions["revisions"][1]["id"];
  EXPECT_EQ(call("GET", path + "/revisions", author).status, 403);
  const HttpResponse restored =
      call("POST", "/api/v1/admin/revisions/" + std::to_string(first) + "/restore", editor);
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_EQ(read(restored)["article"]["title"], "First words");
  EXPECT_EQ(call("GET", path, editor).status, 200);
  EXPECT_EQ(call("GET", "/api/v1/admin/articles/999999", editor).status, 404);

  // Sections.
  const HttpResponse section =
      call("POST", "/api/v1/admin/sections", editor,
           json{{"edition", "en"}, {"name", "Wire"}, {"position", 7}}.dump());
  ASSERT_EQ(section.status, 201) << section.body;
  const std::string section_path =
      "/api/v1/admin/sections/" + std::to_string(read(section)["section"]["id"].get<long long>());
  const HttpResponse renamed = call("PATCH", section_path, editor,
                                    json{{"name", "Wire desk"}, {"slug", "wire-desk"}}.dump());
  EXPECT_EQ(renamed.status, 200);
  EXPECT_EQ(read(renamed)["section"]["slug"], "wire-desk");
  EXPECT_EQ(call("PATCH", section_path, author, json{{"name", "Mine"}}.dump()).status, 403);
  EXPECT_EQ(call("PATCH", section_path, editor, json{{"position", "first"}}.dump()).status, 422);

  // Tags: renamed, then deleted.
  const json tagged = read(
      call("POST", "/api/v1/admin/articles", editor,
           json{{"edition", "en"}, {"title", "Tagged"}, {"tags", {"Riverine"}}}.dump()))["article"];
  const std::string tag_path =
      "/api/v1/admin/tags/" + std::to_string(tagged["tag_ids"][0].get<long long>());
  const HttpResponse tag = call("PATCH", tag_path, editor, json{{"name", "River craft"}}.dump());
  EXPECT_EQ(tag.status, 200) << tag.body;
  EXPECT_EQ(read(tag)["tag"]["name"], "River craft");
  EXPECT_EQ(call("DELETE", tag_path, author).status, 403);
  EXPECT_EQ(call("DELETE", tag_path, editor).status, 204);
  EXPECT_EQ(call("DELETE", tag_path, editor).status, 404);

  // Authors.
  const HttpResponse added =
      call("POST", "/api/v1/admin/authors", editor,
           json{{"edition", "en"}, {"name", "Lan Nguyen"}, {"position", "Reporter"}}.dump());
  ASSERT_EQ(added.status, 201) << added.body;
  const std::string author_path =
      "/api/v1/admin/authors/" + std::to_string(read(added)["author"]["id"].get<long long>());
  const HttpResponse changed =
      call("PATCH", author_path, editor, json{{"bio", "Covers the delta."}}.dump());
  EXPECT_EQ(changed.status, 200);
  EXPECT_EQ(read(changed)["author"]["position"], "Reporter") << "fields left out are kept";
  EXPECT_EQ(call("PATCH", author_path, author, json{{"bio", "x"}}.dump()).status, 403);
  EXPECT_EQ(
      call("POST", "/api/v1/admin/authors", editor, json{{"edition", "xx"}, {"name", "N"}}.dump())
          .status,
      422);

  // Media: listed, read, described, deleted.
  const json library = read(call("GET", "/api/v1/admin/media", editor));
  ASSERT_FALSE(library["media"].empty());
  const std::string media_path =
      "/api/v1/admin/media/" + std::to_string(library["media"][0]["id"].get<long long>());
  EXPECT_EQ(call("GET", media_path, author).status, 200);
  EXPECT_EQ(call("PATCH", media_path, author, json{{"alt", "x"}}.dump()).status, 403);
  const HttpResponse described =
      call("PATCH", media_path, editor, json{{"credit", "Photo: VNA"}}.dump());
  EXPECT_EQ(described.status, 200);
  EXPECT_EQ(read(described)["media"]["credit"], "Photo: VNA");
  EXPECT_EQ(call("PATCH", media_path, editor, json{{"alt", " "}}.dump()).status, 422);
  EXPECT_EQ(call("DELETE", "/api/v1/admin/media/999999", editor).status, 404);

  // Comments: deleted; the webhooks list, change and deletion (admins only).
  const json pending = read(call("GET", "/api/v1/admin/comments?status=approved", editor));
  ASSERT_FALSE(pending["comments"].empty());
  const std::string comment =
      "/api/v1/admin/comments/" + std::to_string(pending["comments"].back()["id"].get<long long>());
  EXPECT_EQ(call("DELETE", comment, author).status, 403);
  EXPECT_EQ(call("DELETE", comment, editor).status, 204);
  EXPECT_EQ(call("DELETE", comment, editor).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/admin/comments?status=lost", editor).status, 422);
  const HttpResponse hook =
      call("POST", "/api/v1/admin/webhooks", admin_key,
           json{{"url", "http://127.0.0.1:9/"}, {"events", {"comment.created"}}}.dump());
  ASSERT_EQ(hook.status, 201);
  const std::string hook_path =
      "/api/v1/admin/webhooks/" + std::to_string(read(hook)["webhook"]["id"].get<long long>());
  EXPECT_EQ(call("GET", "/api/v1/admin/webhooks", editor).status, 403);
  const HttpResponse paused = call("PATCH", hook_path, admin_key, json{{"active", false}}.dump());
  EXPECT_EQ(paused.status, 200);
  EXPECT_FALSE(read(paused)["webhook"]["active"].get<bool>());
  EXPECT_EQ(read(call("GET", hook_path, admin_key))["webhook"]["deliveries"].size(), 0u);
  EXPECT_EQ(call("DELETE", hook_path, admin_key).status, 204);
  EXPECT_EQ(call("GET", hook_path, admin_key).status, 404);
}

TEST_F(Api, EachKeyIsRateLimited) {
  const std::string busy = key("busy script", "editor");
  int limited = 0;
  std::string retry;
  for (int i = 0; i < 70 && limited == 0; ++i) {
    const HttpResponse r = call("GET", "/api/v1/admin/media", busy);
    if (r.status == 429) {
      ++limited;
      retry = r.header("retry-after");
    }
  }
  EXPECT_EQ(limited, 1) << "the suite's burst is 60";
  EXPECT_FALSE(retry.empty());
  EXPECT_EQ(call("GET", "/api/v1/admin/media", key("calm script", "editor")).status, 200)
      << "other keys are not held back";
}

}  // namespace
}  // namespace tapchi::testing
