#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <soci/connection-pool.h>
#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

// The columns of ArticleRow; `body` is "''" for listings, which never show it.
std::string article_columns(std::string_view body) {
  return "a.id, a.edition_id, COALESCE(a.translation_key, ''), a.slug, a.status, a.title, "
         "a.lead, " +
         std::string(body) +
         ", COALESCE(a.featured_media_id, 0), COALESCE(a.section_id, 0), a.published_at, "
         "a.updated_at, a.comments_open, a.version, COALESCE(a.created_by, 0), a.comment_mode";
}

constexpr std::string_view kVisible = "a.status = 'published' AND a.published_at <= :now";

// One article row in the order of article_columns(), bound to a statement.
struct ArticleRow {
  long long id = 0, edition_id = 0, featured = 0, section = 0, published = 0, updated = 0;
  std::string key, slug, status, title, lead, body, comment_mode;
  soci::indicator published_ind = soci::i_null, updated_ind = soci::i_null;
  int comments_open = 1;
  int version = 0;
  long long created_by = 0;

  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(edition_id));
    st.exchange(soci::into(key));
    st.exchange(soci::into(slug));
    st.exchange(soci::into(status));
    st.exchange(soci::into(title));
    st.exchange(soci::into(lead));
    st.exchange(soci::into(body));
    st.exchange(soci::into(featured));
    st.exchange(soci::into(section));
    st.exchange(soci::into(published, published_ind));
    st.exchange(soci::into(updated, updated_ind));
    st.exchange(soci::into(comments_open));
    st.exchange(soci::into(version));
    st.exchange(soci::into(created_by));
    st.exchange(soci::into(comment_mode));
  }

  core::Article article() const {
    core::Article a;
    a.id = id;
    a.edition_id = edition_id;
    a.translation_key = key;
    a.slug = slug;
    a.status = core::parse_status(status).value();  // the schema's CHECK admits only known names
    a.title = title;
    a.lead = lead;
    a.body = body;
    a.featured_media_id = featured;
    a.section_id = section;
    if (published_ind == soci::i_ok) {
      a.published_at = core::Instant{std::chrono::seconds{published}};
    }
    if (updated_ind == soci::i_ok) {
      a.updated_at = core::Instant{std::chrono::seconds{updated}};
    }
    a.comments_open = comments_open != 0;
    a.version = version;
    a.created_by = created_by;
    a.comment_mode = comment_mode;
    return a;
  }
};

std::vector<core::Article> select_articles(soci::session& sql, StatementCache& cache,
                                           const std::string& query, const Params& params) {
  std::vector<core::Article> out;
  run_cached<ArticleRow>(sql, cache, query, params,
                         [&](const ArticleRow& row) { out.push_back(row.article()); });
  return out;
}

// (article_id, tag_id or author_id)
struct LinkRow {
  long long article_id = 0;
  long long other = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(article_id));
    st.exchange(soci::into(other));
  }
};

// Fills tag_ids and author_ids of every article with two queries.
void load_relations(soci::session& sql, StatementCache& cache,
                    std::vector<core::Article>& articles) {
  if (articles.empty()) {
    return;
  }
  std::vector<core::Id> ids;
  std::map<core::Id, core::Article*> by_id;
  for (auto& a : articles) {
    ids.push_back(a.id);
    by_id[a.id] = &a;
    a.tag_ids.clear();
    a.author_ids.clear();
  }
  const auto load = [&](std::string_view columns, std::string_view table, std::string_view order,
                        std::vector<core::Id> core::Article::*field) {
    const auto add = [&](const LinkRow& r) { (by_id[r.article_id]->*field).push_back(r.other); };
    const std::string head =
        "SELECT article_id, " + std::string(columns) + " FROM " + std::string(table) + " WHERE ";
    const std::string tail = " ORDER BY article_id, " + std::string(order);
    Params params;
    const std::string in = id_list(ids, "id", params);
    run_cached<LinkRow>(sql, cache, head + "article_id IN " + in + tail, params, add);
  };
  load("tag_id", "article_tags", "tag_id", &core::Article::tag_ids);
  load("author_id", "article_authors", "position", &core::Article::author_ids);
}

// Articles without their bodies.
std::string select_from(std::string_view where, std::string_view tail = {}) {
  return "SELECT " + article_columns("''") + " FROM articles a WHERE " + std::string(where) + " " +
         std::string(tail);
}

// One article with its body.
std::string select_whole(std::string_view where) {
  return "SELECT " + article_columns("COALESCE(b.body, '')") +
         " FROM articles a LEFT JOIN article_bodies b ON b.article_id = a.id WHERE " +
         std::string(where);
}

long long seconds(core::Instant t) { return t.time_since_epoch().count(); }

}  // namespace

core::Result<core::Article> SqlStore::save_article(core::Article a) {
  if (a.slug.empty() || a.title.empty()) {
    return core::fail(core::invalid("an article needs a title and a slug", "slug"));
  }
  return committed<core::Article>([&] {
    return guarded("saving article '" + a.slug + "'", [&]() -> core::Result<core::Article> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      WriteTransaction tr(sql, lease.is_pinned());
      long long id = a.id;
      long long edition_id = a.edition_id;
      soci::indicator key_ind = a.translation_key.empty() ? soci::i_null : soci::i_ok;
      const std::string status(core::status_name(a.status));
      long long featured = a.featured_media_id;
      soci::indicator featured_ind = a.featured_media_id == 0 ? soci::i_null : soci::i_ok;
      long long section = a.section_id;
      soci::indicator section_ind = a.section_id == 0 ? soci::i_null : soci::i_ok;
      long long published = a.published_at ? seconds(*a.published_at) : 0;
      soci::indicator published_ind = a.published_at ? soci::i_ok : soci::i_null;
      long long updated = a.updated_at ? seconds(*a.updated_at) : 0;
      soci::indicator updated_ind = a.updated_at ? soci::i_ok : soci::i_null;
      const int comments_open = a.comments_open ? 1 : 0;
      long long created_by = a.created_by;
      soci::indicator created_by_ind = a.created_by == 0 ? soci::i_null : soci::i_ok;
      int version = 1;
      if (a.id == 0) {
        sql << "INSERT INTO articles (edition_id, translation_key, slug, status, title, lead, "
               "featured_media_id, section_id, published_at, updated_at, comments_open, version, "
               "created_by, comment_mode) VALUES "
               "(:e, :k, :slug, :status, :title, :lead, :f, :s, :p, :u, :c, 1, :by, :mode) "
               "RETURNING id",
            soci::use(edition_id), soci::use(a.translation_key, key_ind), soci::use(a.slug),
            soci::use(status), soci::use(a.title), soci::use(a.lead),
            soci::use(featured, featured_ind), soci::use(section, section_ind),
            soci::use(published, published_ind), soci::use(updated, updated_ind),
            soci::use(comments_open), soci::use(created_by, created_by_ind),
            soci::use(a.comment_mode), soci::into(id);
      } else {
        // A save naming the version it was based on changes nothing when another came in between.
        const int based_on = a.version;
        soci::indicator version_ind = soci::i_null;
        soci::statement st =
            (sql.prepare
                 << "UPDATE articles SET edition_id = :e, translation_key = :k, "
                    "slug = :slug, status = :status, title = :title, lead = :lead, "
                    "featured_media_id = :f, section_id = :s, "
                    "published_at = :p, updated_at = :u, comments_open = :c, "
                    "comment_mode = :mode, version = version + 1 WHERE id = :id AND (:v = 0 "
                    "OR version = :w) "
                    "RETURNING version",
             soci::use(edition_id), soci::use(a.translation_key, key_ind), soci::use(a.slug),
             soci::use(status), soci::use(a.title), soci::use(a.lead),
             soci::use(featured, featured_ind), soci::use(section, section_ind),
             soci::use(published, published_ind), soci::use(updated, updated_ind),
             soci::use(comments_open), soci::use(a.comment_mode), soci::use(id),
             soci::use(based_on), soci::use(based_on), soci::into(version, version_ind));
        if (!st.execute(true) || version_ind != soci::i_ok) {
          long long exists = 0;
          sql << "SELECT COUNT(*) FROM articles WHERE id = :id", soci::use(id), soci::into(exists);
          if (exists == 0) {
            return core::fail(core::not_found("article " + std::to_string(a.id) + " not found"));
          }
          return core::fail(core::conflict(
              "someone else saved this article after version " + std::to_string(based_on),
              "version"));
        }
        sql << "DELETE FROM article_tags WHERE article_id = :id", soci::use(id);
        sql << "DELETE FROM article_authors WHERE article_id = :id", soci::use(id);
      }
      sql << "INSERT INTO article_bodies (article_id, body) VALUES (:id, :body) "
             "ON CONFLICT (article_id) DO UPDATE SET body = excluded.body",
          soci::use(id), soci::use(a.body);
      std::vector<core::Id> tag_ids = a.tag_ids;
      std::sort(tag_ids.begin(), tag_ids.end());
      tag_ids.erase(std::unique(tag_ids.begin(), tag_ids.end()), tag_ids.end());
      for (core::Id tag : tag_ids) {
        long long t = tag;
        sql << "INSERT INTO article_tags (article_id, tag_id, published_at) VALUES (:a, :t, :p)",
            soci::use(id), soci::use(t), soci::use(published, published_ind);
      }
      int position = 0;
      for (core::Id author : a.author_ids) {
        long long au = author;
        sql << "INSERT INTO article_authors (article_id, author_id, position, published_at) "
               "VALUES (:a, :au, :pos, :p) ON CONFLICT DO NOTHING",
            soci::use(id), soci::use(au), soci::use(position), soci::use(published, published_ind);
        ++position;
      }
      index_articles(sql, lease.cache(), {id});
      relate_articles(sql, lease.cache(), {id});
      tr.commit();
      a.id = id;
      a.version = version;
      emit({Change::Kind::kArticle, id, a.edition_id, 0, a.translation_key});
      a.tag_ids = std::move(tag_ids);
      return a;
    });
  });
}

core::Result<core::Article> SqlStore::article(core::Id id) {
  return guarded("reading article", [&]() -> core::Result<core::Article> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    auto rows = select_articles(sql, lease.cache(), select_whole("a.id = :id"), {{{"id", id}}});
    if (rows.empty()) {
      return core::fail(core::not_found("article " + std::to_string(id) + " not found"));
    }
    load_relations(sql, lease.cache(), rows);
    return std::move(rows.front());
  });
}

core::Result<core::Article> SqlStore::article_by_slug(core::Id edition_id, std::string_view slug) {
  return guarded("reading article", [&]() -> core::Result<core::Article> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    auto rows =
        select_articles(sql, lease.cache(), select_whole("a.edition_id = :e AND a.slug = :slug"),
                        {{{"e", edition_id}}, {{"slug", std::string(slug)}}});
    if (rows.empty()) {
      return core::fail(core::not_found("article '" + std::string(slug) + "' not found"));
    }
    load_relations(sql, lease.cache(), rows);
    return std::move(rows.front());
  });
}

core::Result<std::vector<core::Article>> SqlStore::translations(std::string_view translation_key) {
  if (translation_key.empty()) {
    return std::vector<core::Article>{};
  }
  return guarded("reading translations", [&]() -> core::Result<std::vector<core::Article>> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    return select_articles(sql, lease.cache(),
                           select_from("a.translation_key = :k", "ORDER BY a.edition_id"),
                           {{}, {{"k", std::string(translation_key)}}});
  });
}

core::Result<ArticlePage> SqlStore::find_articles(const ArticleQuery& q) {
  return guarded("listing articles", [&]() -> core::Result<ArticlePage> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    // The narrowest index drives the listing: a tag's or an author's links, which carry the
    // publication time, else the articles' own. CROSS JOIN keeps SQLite from reordering.
    std::string from = "articles a";
    std::string time = "a.published_at";
    std::string key = "a.id";
    std::string where = "a.status = 'published'";
    Params params{{{"now", seconds(q.now)}}};
    auto& binds = params.ints;
    if (q.tag_id != 0) {
      from = "article_tags l CROSS JOIN articles a";
      where += " AND a.id = l.article_id AND l.tag_id = :tag";
      binds["tag"] = q.tag_id;
    } else if (q.author_id != 0) {
      from = "article_authors l CROSS JOIN articles a";
      where += " AND a.id = l.article_id AND l.author_id = :author";
      binds["author"] = q.author_id;
    }
    if (from != "articles a") {
      time = "l.published_at";
      key = "l.article_id";
    }
    if (q.tag_id != 0 && q.author_id != 0) {
      where +=
          " AND EXISTS (SELECT 1 FROM article_authors w WHERE w.article_id = a.id AND "
          "w.author_id = :author)";
      binds["author"] = q.author_id;
    }
    where += " AND " + time + " <= :now";
    if (q.edition_id != 0) {
      where += " AND a.edition_id = :edition";
      binds["edition"] = q.edition_id;
    }
    if (q.section_id != 0) {
      where += " AND a.section_id = :section";
      binds["section"] = q.section_id;
    }
    if (q.published_from) {
      where += " AND " + time + " >= :from";
      binds["from"] = seconds(*q.published_from);
    }
    if (q.published_until) {
      where += " AND " + time + " < :until";
      binds["until"] = seconds(*q.published_until);
    }
    if (q.changed_after) {
      where += " AND COALESCE(a.updated_at, a.published_at) > :changed";
      binds["changed"] = seconds(*q.changed_after);
    }
    ArticlePage page;
    if (q.count_total) {
      struct CountRow {
        long long n = 0;
        void bind(soci::statement& st) { st.exchange(soci::into(n)); }
      };
      run_cached<CountRow>(sql, lease.cache(), "SELECT COUNT(*) FROM " + from + " WHERE " + where,
                           params, [&](const CountRow& r) { page.total = static_cast<int>(r.n); });
    }
    if (q.after) {  // not counted: the total is of the whole listing
      where += " AND (" + time + " < :after_time OR (" + time + " = :after_time AND " + key +
               " < :after_id))";
      binds["after_time"] = seconds(q.after->first);
      binds["after_id"] = q.after->second;
    }
    binds["limit"] = std::max(0, q.limit);
    binds["offset"] = std::max(0, q.offset);
    page.items = select_articles(sql, lease.cache(),
                                 "SELECT " + article_columns(q.with_body ? "a.body" : "''") +
                                     " FROM " + from + " WHERE " + where + " ORDER BY " + time +
                                     " DESC, " + key + " DESC LIMIT :limit OFFSET :offset",
                                 params);
    load_relations(sql, lease.cache(), page.items);
    return page;
  });
}

core::Result<ArticlePage> SqlStore::filter_articles(const ArticleFilter& f) {
  return guarded("listing articles", [&]() -> core::Result<ArticlePage> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    std::string where = "1 = 1";
    Params params;
    if (f.edition_id != 0) {
      where += " AND a.edition_id = :edition";
      params.ints["edition"] = f.edition_id;
    }
    if (f.section_id != 0) {
      where += " AND a.section_id = :section";
      params.ints["section"] = f.section_id;
    }
    if (f.author_id != 0) {
      where +=
          " AND EXISTS (SELECT 1 FROM article_authors w WHERE w.article_id = a.id AND "
          "w.author_id = :author)";
      params.ints["author"] = f.author_id;
    }
    if (f.visible_to != 0) {
      where +=
          " AND ((a.status = 'published' AND a.published_at <= :seen_at) OR a.created_by = "
          ":owner)";
      params.ints["seen_at"] = seconds(f.now);
      params.ints["owner"] = f.visible_to;
    }
    if (f.created_by != 0) {
      where += " AND a.created_by = :creator";
      params.ints["creator"] = f.created_by;
    }
    if (f.status == core::ArticleStatus::kScheduled) {
      // Scheduled articles are published ones whose time has not come.
      where += " AND a.status = 'published' AND a.published_at > :now";
      params.ints["now"] = seconds(f.now);
    } else if (f.status == core::ArticleStatus::kPublished) {
      where += " AND a.status = 'published' AND a.published_at <= :now";
      params.ints["now"] = seconds(f.now);
    } else if (f.status) {
      where += " AND a.status = :status";
      params.texts["status"] = std::string(core::status_name(*f.status));
    }
    if (const search::Query words = search::parse_query(f.text);
        words.problem != search::QueryProblem::kEmpty) {
      if (words.terms.empty()) {
        return ArticlePage{};  // only exclusions, too long or not text: nothing matches
      }
      where += " AND a.id IN (SELECT rowid FROM article_search WHERE " +
               matches(dialect_of(sql), "", "match") + ")";
      params.texts["match"] = match_expression(sql, lease.cache(), words, f.edition_id);
    }
    ArticlePage page;
    struct CountRow {
      long long n = 0;
      void bind(soci::statement& st) { st.exchange(soci::into(n)); }
    };
    run_cached<CountRow>(sql, lease.cache(), "SELECT COUNT(*) FROM articles a WHERE " + where,
                         params, [&](const CountRow& r) { page.total = static_cast<int>(r.n); });
    params.ints["limit"] = std::max(0, f.limit);
    params.ints["offset"] = std::max(0, f.offset);
    page.items = select_articles(
        sql, lease.cache(),
        select_from(where, f.is_soonest_first
                               ? "ORDER BY a.published_at, a.id LIMIT :limit OFFSET :offset"
                               : "ORDER BY a.id DESC LIMIT :limit OFFSET :offset"),
        params);
    load_relations(sql, lease.cache(), page.items);
    return page;
  });
}

core::Result<std::vector<SitemapEntry>> SqlStore::sitemap_entries(const SitemapQuery& q) {
  return guarded(
      "listing articles for a sitemap", [&]() -> core::Result<std::vector<SitemapEntry>> {
        Lease lease(*this);
        soci::session& sql = lease.session();
        struct Row {
          long long id = 0, edition = 0, published = 0, updated = 0;
          std::string slug, image;
          soci::indicator updated_ind = soci::i_null;
          void bind(soci::statement& st) {
            st.exchange(soci::into(id));
            st.exchange(soci::into(edition));
            st.exchange(soci::into(slug));
            st.exchange(soci::into(published));
            st.exchange(soci::into(updated, updated_ind));
            st.exchange(soci::into(image));
          }
        };
        std::vector<SitemapEntry> out;
        out.reserve(static_cast<std::size_t>(std::clamp(q.limit, 0, 50'000)));
        run_cached<Row>(sql, lease.cache(),
                        "SELECT a.id, a.edition_id, a.slug, a.published_at, a.updated_at, "
                        "COALESCE(m.path, '') FROM articles a "
                        "LEFT JOIN media m ON m.id = a.featured_media_id WHERE " +
                            std::string(kVisible) +
                            " AND (:edition = 0 OR a.edition_id = :edition) "
                            "ORDER BY a.id LIMIT :limit OFFSET :offset",
                        {{{"now", seconds(q.now)},
                          {"edition", q.edition_id},
                          {"limit", std::max(0, q.limit)},
                          {"offset", std::max(0, q.offset)}}},
                        [&](Row& r) {
                          SitemapEntry e;
                          e.id = r.id;
                          e.edition_id = r.edition;
                          e.slug = std::move(r.slug);
                          e.published_at = core::Instant{std::chrono::seconds{r.published}};
                          if (r.updated_ind == soci::i_ok) {
                            e.updated_at = core::Instant{std::chrono::seconds{r.updated}};
                          }
                          e.image_path = std::move(r.image);
                          out.push_back(std::move(e));
                        });
        if (out.empty()) {
          return out;
        }
        // The visible translations of the listed articles, in one walk of the translation index.
        struct TranslationRow {
          long long of = 0, id = 0, edition = 0;
          std::string slug;
          void bind(soci::statement& st) {
            st.exchange(soci::into(of));
            st.exchange(soci::into(id));
            st.exchange(soci::into(edition));
            st.exchange(soci::into(slug));
          }
        };
        std::size_t at = 0;
        run_cached<TranslationRow>(
            sql, lease.cache(),
            "SELECT a.id, t.id, t.edition_id, t.slug FROM articles a "
            "JOIN articles t ON t.translation_key = a.translation_key AND t.id <> a.id "
            "WHERE a.id BETWEEN :first AND :last AND " +
                std::string(kVisible) +
                " AND (:edition = 0 OR a.edition_id = :edition) AND t.status = 'published' AND "
                "t.published_at <= :now ORDER BY a.id, t.id",
            {{{"now", seconds(q.now)},
              {"edition", q.edition_id},
              {"first", out.front().id},
              {"last", out.back().id}}},
            [&](TranslationRow& r) {
              while (at < out.size() && out[at].id < r.of) {
                ++at;
              }
              if (at < out.size() && out[at].id == r.of) {
                out[at].translations.push_back({r.id, r.edition, std::move(r.slug)});
              }
            });
        return out;
      });
}

std::vector<core::Article> articles_by_ids(soci::session& sql, StatementCache& cache,
                                           const std::vector<core::Id>& ids) {
  std::vector<core::Article> out;
  if (ids.empty()) {
    return out;
  }
  Params params;
  const std::string in = id_list(ids, "id", params);
  auto rows = select_articles(sql, cache, select_from("a.id IN " + in), params);
  load_relations(sql, cache, rows);
  for (const core::Id id : ids) {
    const auto it =
        std::find_if(rows.begin(), rows.end(), [&](const core::Article& r) { return r.id == id; });
    if (it != rows.end()) {
      out.push_back(std::move(*it));
    }
  }
  return out;
}

core::Result<std::vector<core::Article>> SqlStore::related(const core::Article& a,
                                                           core::Instant now, int limit,
                                                           bool by_content) {
  return guarded("finding related articles", [&]() -> core::Result<std::vector<core::Article>> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    // Content first: the list kept in article_related (sqlite_related.cpp), ranked when the
    // article or one it lists was saved. Then, for a preview, the baseline, or to fill the
    // list: the newest kPerTag articles of each of a's tags, ranked by how many of a's tags they
    // carry, then same section, then recency; then the rest of the section; then of the edition.
    // Each pass is a bounded walk of an index, so a page's cost stays flat however many articles
    // a tag has.
    std::vector<core::Article> out;
    if (by_content && a.id != 0) {
      out = select_articles(
          sql, lease.cache(),
          "SELECT " + article_columns("''") +
              " FROM article_related r CROSS JOIN articles a WHERE a.id = r.related_id AND "
              "r.article_id = :id AND a.edition_id = :edition AND " +
              std::string(kVisible) +
              " ORDER BY r.score DESC, a.published_at DESC, a.id DESC LIMIT :limit",
          {{{"id", a.id}, {"edition", a.edition_id}, {"now", seconds(now)}, {"limit", limit}}});
    }
    const auto is_taken = [&](long long id) {
      return std::any_of(out.begin(), out.end(),
                         [&](const core::Article& r) { return r.id == id; });
    };
    constexpr long long kPerTag = 12;
    struct Candidate {
      long long id = 0;
      long long section = 0;
      long long published = 0;
      int shared = 0;
    };
    std::map<long long, Candidate> candidates;
    struct CandidateRow {
      long long id = 0, section = 0, published = 0;
      void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(section));
        st.exchange(soci::into(published));
      }
    };
    for (const core::Id t : a.tag_ids) {
      if (static_cast<int>(out.size()) >= limit) {
        break;
      }
      run_cached<CandidateRow>(
          sql, lease.cache(),
          "SELECT a.id, COALESCE(a.section_id, 0), l.published_at FROM article_tags l "
          "CROSS JOIN articles a WHERE a.id = l.article_id AND l.tag_id = :tag AND "
          "l.published_at <= :now AND a.status = 'published' AND a.edition_id = :edition AND "
          "a.id <> :self ORDER BY l.published_at DESC, l.article_id DESC LIMIT :per_tag",
          {{{"tag", t},
            {"now", seconds(now)},
            {"edition", a.edition_id},
            {"self", a.id},
            {"per_tag", kPerTag}}},
          [&](const CandidateRow& r) {
            if (is_taken(r.id)) {
              return;
            }
            Candidate& c = candidates[r.id];
            c = {r.id, r.section, r.published, c.shared + 1};
          });
    }
    std::vector<Candidate> ranked;
    for (const auto& [key, c] : candidates) {
      ranked.push_back(c);
    }
    const auto rank = [&](const Candidate& c) {
      return std::tuple(c.shared, c.section == a.section_id, c.published, c.id);
    };
    std::sort(ranked.begin(), ranked.end(),
              [&](const Candidate& x, const Candidate& y) { return rank(x) > rank(y); });
    ranked.resize(std::min(ranked.size(), static_cast<std::size_t>(
                                              std::max(0, limit - static_cast<int>(out.size())))));
    std::vector<core::Id> chosen;
    for (const Candidate& c : ranked) {
      chosen.push_back(c.id);
    }
    if (!chosen.empty()) {
      Params chosen_params;
      const std::string in = id_list(chosen, "c", chosen_params);
      auto rows = select_articles(sql, lease.cache(), select_from("a.id IN " + in), chosen_params);
      for (const core::Id c : chosen) {
        const auto it = std::find_if(rows.begin(), rows.end(),
                                     [&](const core::Article& r) { return r.id == c; });
        if (it != rows.end()) {
          out.push_back(std::move(*it));
        }
      }
    }
    const Params params{{{"id", a.id},
                         {"edition", a.edition_id},
                         {"section", a.section_id},
                         {"now", seconds(now)},
                         {"limit", limit}}};
    const std::string visible =
        std::string(kVisible) + " AND a.edition_id = :edition AND a.id <> :id";
    const auto fill = [&](const std::string& extra) {
      if (static_cast<int>(out.size()) >= limit) {
        return;
      }
      std::vector<core::Id> taken{a.id};
      for (const auto& r : out) {
        taken.push_back(r.id);
      }
      Params more = params;
      more.ints["limit"] = limit - static_cast<long long>(out.size());
      const std::string not_in = id_list(taken, "t", more);
      auto rows =
          select_articles(sql, lease.cache(),
                          select_from(visible + extra + " AND a.id NOT IN " + not_in,
                                      "ORDER BY a.published_at DESC, a.id DESC LIMIT :limit"),
                          more);
      out.insert(out.end(), rows.begin(), rows.end());
    };
    fill(" AND a.section_id = :section");
    fill(" AND (a.section_id IS NULL OR a.section_id <> :section)");
    return out;
  });
}

core::Result<std::optional<core::Instant>> SqlStore::next_publication_after(core::Instant now) {
  return guarded("finding the next publication",
                 [&]() -> core::Result<std::optional<core::Instant>> {
                   Lease lease(*this);
                   soci::session& sql = lease.session();
                   long long at = seconds(now);
                   long long next = 0;
                   soci::indicator ind = soci::i_null;
                   sql << "SELECT MIN(t) FROM (SELECT MIN(published_at) AS t FROM articles "
                          "WHERE status = 'published' AND published_at > :now UNION ALL "
                          "SELECT MIN(until) FROM front_pins WHERE until > :again) AS times",
                       soci::use(at), soci::use(at), soci::into(next, ind);
                   if (ind != soci::i_ok) {
                     return std::optional<core::Instant>{};
                   }
                   return std::optional<core::Instant>{core::Instant{std::chrono::seconds{next}}};
                 });
}

core::Result<std::vector<core::Instant>> SqlStore::publication_times(core::Id edition_id,
                                                                     core::Instant now) {
  return guarded("listing publication times", [&]() -> core::Result<std::vector<core::Instant>> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    std::vector<core::Instant> out;
    long long t = 0;
    long long edition = edition_id;
    long long at = seconds(now);
    for_each_row(
        sql,
        "SELECT a.published_at FROM articles a WHERE a.edition_id = :edition AND " +
            std::string(kVisible) + " ORDER BY a.published_at DESC",
        [&](soci::statement& st) {
          st.exchange(soci::into(t));
          st.exchange(soci::use(edition, "edition"));
          st.exchange(soci::use(at, "now"));
        },
        [&] { out.push_back(core::Instant{std::chrono::seconds{t}}); });
    return out;
  });
}

core::Result<void> SqlStore::delete_article(core::Id id) {
  return committed<void>([&] {
    return guarded("deleting article", [&]() -> core::Result<void> {
      Lease lease(*this);
      soci::session& sql = lease.session();
      WriteTransaction tr(sql, lease.is_pinned());
      auto rows = select_articles(sql, lease.cache(), select_from("a.id = :id"), {{{"id", id}}});
      if (rows.empty()) {
        return core::fail(core::not_found("article " + std::to_string(id) + " not found"));
      }
      long long key = id;
      // Bodies, links, revisions and comments go with it (ON DELETE CASCADE).
      sql << "DELETE FROM articles WHERE id = :id", soci::use(key);
      sql << "DELETE FROM article_search WHERE rowid = :id", soci::use(key);
      tr.commit();
      emit({Change::Kind::kArticle, id, rows.front().edition_id, 0, rows.front().translation_key});
      return {};
    });
  });
}

core::Result<std::vector<core::Article>> SqlStore::articles_using(core::Id media_id) {
  return guarded("finding articles by media", [&]() -> core::Result<std::vector<core::Article>> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    // "media:12" in a body, but not "media:123".
    const std::string mention = "media:" + std::to_string(media_id);
    std::vector<core::Id> ids;
    struct IdRow {
      long long id = 0;
      void bind(soci::statement& st) { st.exchange(soci::into(id)); }
    };
    run_cached<IdRow>(sql, lease.cache(),
                      "SELECT id FROM articles WHERE featured_media_id = :m UNION "
                      "SELECT article_id FROM article_bodies WHERE instr(body, :mention) > 0",
                      {{{"m", media_id}}, {{"mention", mention}}},
                      [&](const IdRow& r) { ids.push_back(r.id); });
    std::vector<core::Article> out;
    for (const core::Id id : ids) {
      auto rows = select_articles(sql, lease.cache(), select_whole("a.id = :id"), {{{"id", id}}});
      if (rows.empty()) {
        continue;
      }
      core::Article& a = rows.front();
      bool uses = a.featured_media_id == media_id;
      for (auto at = a.body.find(mention); !uses && at != std::string::npos;
           at = a.body.find(mention, at + 1)) {
        const auto next = at + mention.size();
        uses = next == a.body.size() || a.body[next] < '0' || a.body[next] > '9';
      }
      if (uses) {
        a.body.clear();
        out.push_back(std::move(a));
      }
    }
    std::sort(out.begin(), out.end(),
              [](const core::Article& x, const core::Article& y) { return x.id > y.id; });
    return out;
  });
}

namespace {

struct RevisionRow {
  core::Revision r;
  long long id = 0, article_id = 0, user_id = 0, saved_at = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(article_id));
    st.exchange(soci::into(r.version));
    st.exchange(soci::into(user_id));
    st.exchange(soci::into(saved_at));
    st.exchange(soci::into(r.note));
    st.exchange(soci::into(r.autosave_of));
    st.exchange(soci::into(r.title));
    st.exchange(soci::into(r.lead));
    st.exchange(soci::into(r.body));
  }
  core::Revision revision() const {
    core::Revision out = r;
    out.id = id;
    out.article_id = article_id;
    out.user_id = user_id;
    out.saved_at = core::Instant{std::chrono::seconds{saved_at}};
    return out;
  }
};

constexpr std::string_view kRevisionColumns =
    "SELECT id, article_id, version, COALESCE(user_id, 0), saved_at, note, autosave_of, title, ";

}  // namespace

core::Result<core::Revision> SqlStore::add_revision(core::Revision r) {
  return guarded("keeping a revision", [&]() -> core::Result<core::Revision> {
    Lease lease(*this);
    long long id = 0;
    long long article = r.article_id;
    long long user = r.user_id;
    soci::indicator user_ind = r.user_id == 0 ? soci::i_null : soci::i_ok;
    long long saved = seconds(r.saved_at);
    lease.session() << "INSERT INTO article_revisions (article_id, version, user_id, saved_at, "
                       "note, title, lead, body, autosave_of) VALUES (:a, :v, :u, :at, :note, "
                       ":title, :lead, :body, :auto) RETURNING id",
        soci::use(article), soci::use(r.version), soci::use(user, user_ind), soci::use(saved),
        soci::use(r.note), soci::use(r.title), soci::use(r.lead), soci::use(r.body),
        soci::use(r.autosave_of), soci::into(id);
    r.id = id;
    return r;
  });
}

core::Result<void> SqlStore::delete_autosaves(core::Id article_id, core::Id user_id) {
  return guarded("dropping automatic saves", [&]() -> core::Result<void> {
    Lease lease(*this);
    long long article = article_id;
    long long user = user_id;
    lease.session() << "DELETE FROM article_revisions WHERE article_id = :a AND user_id = :u "
                       "AND autosave_of > 0",
        soci::use(article), soci::use(user);
    return {};
  });
}

core::Result<std::optional<core::Id>> SqlStore::imported(std::string_view source,
                                                         std::string_view kind,
                                                         std::string_view external_id) {
  return guarded("finding an imported item", [&]() -> core::Result<std::optional<core::Id>> {
    Lease lease(*this);
    const std::string s(source), k(kind), e(external_id);
    long long id = 0;
    soci::indicator ind = soci::i_null;
    lease.session() << "SELECT local_id FROM imported_items WHERE source = :s AND kind = :k "
                       "AND external_id = :e",
        soci::use(s), soci::use(k), soci::use(e), soci::into(id, ind);
    if (!lease.session().got_data() || ind != soci::i_ok) {
      return std::optional<core::Id>{};
    }
    return std::optional<core::Id>{static_cast<core::Id>(id)};
  });
}

core::Result<void> SqlStore::remember_import(std::string_view source, std::string_view kind,
                                             std::string_view external_id, core::Id local_id) {
  return guarded("recording an imported item", [&]() -> core::Result<void> {
    Lease lease(*this);
    const std::string s(source), k(kind), e(external_id);
    long long id = local_id;
    lease.session() << "INSERT INTO imported_items (source, kind, external_id, local_id) "
                       "VALUES (:s, :k, :e, :l) ON CONFLICT (source, kind, external_id) "
                       "DO UPDATE SET local_id = excluded.local_id",
        soci::use(s), soci::use(k), soci::use(e), soci::use(id);
    return {};
  });
}

namespace {

constexpr std::array<std::pair<Redirect::To, std::string_view>, 7> kRedirectKinds{
    {{Redirect::To::kArticle, "article"},
     {Redirect::To::kSection, "section"},
     {Redirect::To::kTag, "tag"},
     {Redirect::To::kAuthor, "author"},
     {Redirect::To::kMedia, "media"},
     {Redirect::To::kAddress, "address"},
     {Redirect::To::kPage, "page"}}};

struct RedirectRow {
  std::string path, kind, address;
  long long id = 0, created = 0;
  void bind(soci::statement& st) {
    st.exchange(soci::into(path));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(id));
    st.exchange(soci::into(address));
    st.exchange(soci::into(created));
  }
  Redirect redirect() const {
    Redirect r;
    r.from = path;
    for (const auto& [to, name] : kRedirectKinds) {
      if (name == kind) {
        r.to = to;
      }
    }
    r.id = id;
    r.address = address;
    r.created_at = core::Instant{std::chrono::seconds{created}};
    return r;
  }
};

constexpr std::string_view kRedirectColumns =
    "SELECT path, target_kind, target_id, address, created_at FROM redirects ";

}  // namespace

core::Result<std::optional<Redirect>> SqlStore::redirect(std::string_view from) {
  return guarded("finding a redirect", [&]() -> core::Result<std::optional<Redirect>> {
    Lease lease(*this);
    std::optional<Redirect> out;
    run_cached<RedirectRow>(
        lease.session(), lease.cache(), std::string(kRedirectColumns) + "WHERE path = :p",
        {{}, {{"p", std::string(from)}}}, [&](const RedirectRow& row) { out = row.redirect(); });
    return out;
  });
}

core::Result<std::vector<Redirect>> SqlStore::redirects(std::string_view text, int limit,
                                                        int offset) {
  return guarded("listing redirects", [&]() -> core::Result<std::vector<Redirect>> {
    Lease lease(*this);
    std::vector<Redirect> out;
    // instr, not LIKE: '%' and '_' in an old path are themselves.
    run_cached<RedirectRow>(lease.session(), lease.cache(),
                            std::string(kRedirectColumns) +
                                "WHERE instr(path, :t) > 0 ORDER BY created_at DESC, path "
                                "LIMIT :limit OFFSET :offset",
                            {{{"limit", limit}, {"offset", offset}}, {{"t", std::string(text)}}},
                            [&](const RedirectRow& row) { out.push_back(row.redirect()); });
    return out;
  });
}

core::Result<void> SqlStore::delete_redirect(std::string_view from) {
  return committed<void>([&] {
    return guarded("forgetting a redirect", [&]() -> core::Result<void> {
      Lease lease(*this);
      const std::string path(from);
      soci::statement st =
          (lease.session().prepare << "DELETE FROM redirects WHERE path = :p", soci::use(path));
      st.execute(true);
      if (st.get_affected_rows() == 0) {
        return core::fail(core::not_found("no redirect from " + path));
      }
      emit({Change::Kind::kRedirect, 0, 0, 0, {}});
      return {};
    });
  });
}

core::Result<void> SqlStore::save_redirect(const Redirect& r) {
  return committed<void>([&] {
    return guarded("keeping a redirect", [&]() -> core::Result<void> {
      Lease lease(*this);
      std::string kind;
      for (const auto& [to, name] : kRedirectKinds) {
        if (to == r.to) {
          kind = name;
        }
      }
      long long id = r.id;
      long long created = r.created_at.time_since_epoch().count();
      lease.session()
          << "INSERT INTO redirects (path, target_kind, target_id, address, created_at) "
             "VALUES (:p, :k, :i, :a, :c) ON CONFLICT (path) DO UPDATE SET "
             "target_kind = excluded.target_kind, target_id = excluded.target_id, "
             "address = excluded.address",
          soci::use(r.from), soci::use(kind), soci::use(id), soci::use(r.address),
          soci::use(created);
      emit({Change::Kind::kRedirect, 0, 0, 0, {}});
      return {};
    });
  });
}

core::Result<int> SqlStore::redirect_count() {
  return guarded("counting redirects", [&]() -> core::Result<int> {
    Lease lease(*this);
    int n = 0;
    lease.session() << "SELECT COUNT(*) FROM redirects", soci::into(n);
    return n;
  });
}

core::Result<std::vector<core::Revision>> SqlStore::revisions(core::Id article_id) {
  return guarded("listing revisions", [&]() -> core::Result<std::vector<core::Revision>> {
    Lease lease(*this);
    std::vector<core::Revision> out;
    run_cached<RevisionRow>(lease.session(), lease.cache(),
                            std::string(kRevisionColumns) +
                                "'', '' FROM article_revisions WHERE article_id = :a "
                                "ORDER BY id DESC",
                            {{{"a", article_id}}},
                            [&](const RevisionRow& row) { out.push_back(row.revision()); });
    return out;
  });
}

core::Result<core::Revision> SqlStore::revision(core::Id id) {
  return guarded("reading a revision", [&]() -> core::Result<core::Revision> {
    Lease lease(*this);
    std::vector<core::Revision> out;
    run_cached<RevisionRow>(
        lease.session(), lease.cache(),
        std::string(kRevisionColumns) + "lead, body FROM article_revisions WHERE id = :id",
        {{{"id", id}}}, [&](const RevisionRow& row) { out.push_back(row.revision()); });
    if (out.empty()) {
      return core::fail(core::not_found("revision " + std::to_string(id) + " not found"));
    }
    return std::move(out.front());
  });
}

core::Result<std::vector<core::Revision>> SqlStore::recent_revisions(core::Id except_user,
                                                                     int limit) {
  return guarded("listing recent revisions", [&]() -> core::Result<std::vector<core::Revision>> {
    Lease lease(*this);
    std::vector<core::Revision> out;
    run_cached<RevisionRow>(lease.session(), lease.cache(),
                            std::string(kRevisionColumns) +
                                "'', '' FROM article_revisions WHERE version > 0 AND "
                                "COALESCE(user_id, 0) <> :user ORDER BY id DESC LIMIT :limit",
                            {{{"user", except_user}, {"limit", limit}}},
                            [&](const RevisionRow& row) { out.push_back(row.revision()); });
    return out;
  });
}

}  // namespace tapchi::store
