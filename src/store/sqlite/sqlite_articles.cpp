#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <soci/connection-pool.h>
#include <soci/soci.h>

#include "store/sqlite/sql.h"
#include "store/sqlite/sqlite_store.h"

namespace tapchi::store {

namespace {

constexpr std::string_view kArticleColumns =
    "a.id, a.edition_id, COALESCE(a.translation_key, ''), a.slug, a.status, a.title, a.lead, "
    "a.body, COALESCE(a.featured_media_id, 0), COALESCE(a.section_id, 0), a.published_at, "
    "a.updated_at, a.comments_open";

constexpr std::string_view kVisible = "a.status = 'published' AND a.published_at <= :now";

// One article row in the order of kArticleColumns, bound to a statement.
struct ArticleRow {
  long long id = 0, edition_id = 0, featured = 0, section = 0, published = 0, updated = 0;
  std::string key, slug, status, title, lead, body;
  soci::indicator published_ind = soci::i_null, updated_ind = soci::i_null;
  int comments_open = 1;

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
    return a;
  }
};

// Named values bound to a composed query.
struct Binds {
  std::map<std::string, long long> values;

  void bind(soci::statement& st) {
    for (auto& [name, value] : values) {
      st.exchange(soci::use(value, name));
    }
  }
};

std::vector<core::Article> select_articles(soci::session& sql, const std::string& query,
                                           Binds binds, const std::string& text_key = {},
                                           const std::string& text_value = {}) {
  std::vector<core::Article> out;
  ArticleRow row;
  std::string bound_text = text_value;
  for_each_row(
      sql, query,
      [&](soci::statement& st) {
        row.bind(st);
        binds.bind(st);
        if (!text_key.empty()) {
          st.exchange(soci::use(bound_text, text_key));
        }
      },
      [&] { out.push_back(row.article()); });
  return out;
}

// Fills tag_ids and author_ids of every article with two queries.
void load_relations(soci::session& sql, std::vector<core::Article>& articles) {
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
  const std::string in = join_ids(ids);
  long long article_id = 0, other = 0;
  for_each_row(
      sql,
      "SELECT article_id, tag_id FROM article_tags WHERE article_id IN (" + in +
          ") "
          "ORDER BY article_id, tag_id",
      [&](soci::statement& st) {
        st.exchange(soci::into(article_id));
        st.exchange(soci::into(other));
      },
      [&] { by_id[article_id]->tag_ids.push_back(other); });
  for_each_row(
      sql,
      "SELECT article_id, author_id FROM article_authors WHERE article_id IN (" + in +
          ") "
          "ORDER BY article_id, position",
      [&](soci::statement& st) {
        st.exchange(soci::into(article_id));
        st.exchange(soci::into(other));
      },
      [&] { by_id[article_id]->author_ids.push_back(other); });
}

std::string select_from(std::string_view where, std::string_view tail = {}) {
  return "SELECT " + std::string(kArticleColumns) + " FROM articles a WHERE " + std::string(where) +
         " " + std::string(tail);
}

long long seconds(core::Instant t) { return t.time_since_epoch().count(); }

}  // namespace

core::Result<core::Article> SqliteStore::save_article(core::Article a) {
  if (a.slug.empty() || a.title.empty()) {
    return core::fail(core::invalid("an article needs a title and a slug", "slug"));
  }
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
    if (a.id == 0) {
      sql << "INSERT INTO articles (edition_id, translation_key, slug, status, title, lead, body, "
             "featured_media_id, section_id, published_at, updated_at, comments_open) VALUES "
             "(:e, :k, :slug, :status, :title, :lead, :body, :f, :s, :p, :u, :c) RETURNING id",
          soci::use(edition_id), soci::use(a.translation_key, key_ind), soci::use(a.slug),
          soci::use(status), soci::use(a.title), soci::use(a.lead), soci::use(a.body),
          soci::use(featured, featured_ind), soci::use(section, section_ind),
          soci::use(published, published_ind), soci::use(updated, updated_ind),
          soci::use(comments_open), soci::into(id);
    } else {
      soci::statement st =
          (sql.prepare << "UPDATE articles SET edition_id = :e, translation_key = :k, "
                          "slug = :slug, status = :status, title = :title, lead = :lead, "
                          "body = :body, featured_media_id = :f, section_id = :s, "
                          "published_at = :p, updated_at = :u, comments_open = :c WHERE id = :id",
           soci::use(edition_id), soci::use(a.translation_key, key_ind), soci::use(a.slug),
           soci::use(status), soci::use(a.title), soci::use(a.lead), soci::use(a.body),
           soci::use(featured, featured_ind), soci::use(section, section_ind),
           soci::use(published, published_ind), soci::use(updated, updated_ind),
           soci::use(comments_open), soci::use(id));
      st.execute(true);
      if (st.get_affected_rows() == 0) {
        return core::fail(core::not_found("article " + std::to_string(a.id) + " not found"));
      }
      sql << "DELETE FROM article_tags WHERE article_id = :id", soci::use(id);
      sql << "DELETE FROM article_authors WHERE article_id = :id", soci::use(id);
    }
    std::vector<core::Id> tag_ids = a.tag_ids;
    std::sort(tag_ids.begin(), tag_ids.end());
    tag_ids.erase(std::unique(tag_ids.begin(), tag_ids.end()), tag_ids.end());
    for (core::Id tag : tag_ids) {
      long long t = tag;
      sql << "INSERT INTO article_tags (article_id, tag_id) VALUES (:a, :t)", soci::use(id),
          soci::use(t);
    }
    int position = 0;
    for (core::Id author : a.author_ids) {
      long long au = author;
      sql << "INSERT INTO article_authors (article_id, author_id, position) VALUES (:a, :au, :p) "
             "ON CONFLICT DO NOTHING",
          soci::use(id), soci::use(au), soci::use(position);
      ++position;
    }
    tr.commit();
    a.id = id;
    emit({Change::Kind::kArticle, id, a.edition_id, 0, a.translation_key});
    a.tag_ids = std::move(tag_ids);
    return a;
  });
}

core::Result<core::Article> SqliteStore::article(core::Id id) {
  return guarded("reading article", [&]() -> core::Result<core::Article> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    auto rows = select_articles(sql, select_from("a.id = :id"), Binds{{{"id", id}}});
    if (rows.empty()) {
      return core::fail(core::not_found("article " + std::to_string(id) + " not found"));
    }
    load_relations(sql, rows);
    return std::move(rows.front());
  });
}

core::Result<core::Article> SqliteStore::article_by_slug(core::Id edition_id,
                                                         std::string_view slug) {
  return guarded("reading article", [&]() -> core::Result<core::Article> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    auto rows = select_articles(sql, select_from("a.edition_id = :e AND a.slug = :slug"),
                                Binds{{{"e", edition_id}}}, "slug", std::string(slug));
    if (rows.empty()) {
      return core::fail(core::not_found("article '" + std::string(slug) + "' not found"));
    }
    load_relations(sql, rows);
    return std::move(rows.front());
  });
}

core::Result<std::vector<core::Article>> SqliteStore::translations(
    std::string_view translation_key) {
  if (translation_key.empty()) {
    return std::vector<core::Article>{};
  }
  return guarded("reading translations", [&]() -> core::Result<std::vector<core::Article>> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    return select_articles(sql, select_from("a.translation_key = :k", "ORDER BY a.edition_id"),
                           Binds{}, "k", std::string(translation_key));
  });
}

core::Result<ArticlePage> SqliteStore::find_articles(const ArticleQuery& q) {
  return guarded("listing articles", [&]() -> core::Result<ArticlePage> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    std::string where(kVisible);
    Binds binds{{{"now", seconds(q.now)}}};
    if (q.edition_id != 0) {
      where += " AND a.edition_id = :edition";
      binds.values["edition"] = q.edition_id;
    }
    if (q.section_id != 0) {
      where += " AND a.section_id = :section";
      binds.values["section"] = q.section_id;
    }
    if (q.tag_id != 0) {
      where +=
          " AND EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id = "
          ":tag)";
      binds.values["tag"] = q.tag_id;
    }
    if (q.author_id != 0) {
      where +=
          " AND EXISTS (SELECT 1 FROM article_authors w WHERE w.article_id = a.id AND "
          "w.author_id = :author)";
      binds.values["author"] = q.author_id;
    }
    if (q.published_from) {
      where += " AND a.published_at >= :from";
      binds.values["from"] = seconds(*q.published_from);
    }
    if (q.published_until) {
      where += " AND a.published_at < :until";
      binds.values["until"] = seconds(*q.published_until);
    }
    ArticlePage page;
    {
      soci::statement st(sql);
      st.exchange(soci::into(page.total));
      Binds count_binds = binds;
      count_binds.bind(st);
      st.alloc();
      st.prepare("SELECT COUNT(*) FROM articles a WHERE " + where);
      st.define_and_bind();
      st.execute(true);
    }
    binds.values["limit"] = std::max(0, q.limit);
    binds.values["offset"] = std::max(0, q.offset);
    page.items = select_articles(
        sql,
        select_from(where, "ORDER BY a.published_at DESC, a.id DESC LIMIT :limit OFFSET :offset"),
        binds);
    load_relations(sql, page.items);
    return page;
  });
}

core::Result<std::vector<core::Article>> SqliteStore::related(const core::Article& a,
                                                              core::Instant now, int limit) {
  return guarded("finding related articles", [&]() -> core::Result<std::vector<core::Article>> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    // Three ranked passes, each served by an index: articles sharing tags (most shared first,
    // same section breaking ties), then the rest of the section, then the rest of the edition.
    // Together they give the order "shared tags, then section, then recency".
    Binds binds{{{"id", a.id},
                 {"edition", a.edition_id},
                 {"section", a.section_id},
                 {"now", seconds(now)},
                 {"limit", limit}}};
    std::string visible = std::string(kVisible) + " AND a.edition_id = :edition AND a.id <> :id";
    auto out = select_articles(
        sql,
        "SELECT " + std::string(kArticleColumns) +
            " FROM (SELECT t2.article_id AS aid, COUNT(*) AS shared FROM article_tags t1 "
            "JOIN article_tags t2 ON t2.tag_id = t1.tag_id AND t2.article_id <> t1.article_id "
            "WHERE t1.article_id = :id GROUP BY t2.article_id) s JOIN articles a ON a.id = s.aid "
            "WHERE " +
            visible +
            " ORDER BY s.shared DESC, (CASE WHEN a.section_id = :section THEN 1 ELSE 0 END) DESC, "
            "a.published_at DESC, a.id DESC LIMIT :limit",
        binds);
    const auto fill = [&](const std::string& extra) {
      if (static_cast<int>(out.size()) >= limit) {
        return;
      }
      std::vector<core::Id> taken{a.id};
      for (const auto& r : out) {
        taken.push_back(r.id);
      }
      Binds more = binds;
      more.values["limit"] = limit - static_cast<long long>(out.size());
      auto rows = select_articles(
          sql,
          select_from(visible + extra + " AND a.id NOT IN (" + join_ids(taken) + ")",
                      "ORDER BY a.published_at DESC, a.id DESC LIMIT :limit"),
          more);
      out.insert(out.end(), rows.begin(), rows.end());
    };
    fill(" AND a.section_id = :section");
    fill(" AND (a.section_id IS NULL OR a.section_id <> :section)");
    return out;
  });
}

core::Result<std::optional<core::Instant>> SqliteStore::next_publication_after(core::Instant now) {
  return guarded("finding the next publication",
                 [&]() -> core::Result<std::optional<core::Instant>> {
                   Lease lease(*this);
                   soci::session& sql = lease.session();
                   long long at = seconds(now);
                   long long next = 0;
                   soci::indicator ind = soci::i_null;
                   sql << "SELECT MIN(published_at) FROM articles WHERE status = 'published' "
                          "AND published_at > :now",
                       soci::use(at), soci::into(next, ind);
                   if (ind != soci::i_ok) {
                     return std::optional<core::Instant>{};
                   }
                   return std::optional<core::Instant>{core::Instant{std::chrono::seconds{next}}};
                 });
}

core::Result<std::vector<core::Instant>> SqliteStore::publication_times(core::Id edition_id,
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

}  // namespace tapchi::store
