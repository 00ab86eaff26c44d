#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

constexpr int kBatch = 256;  // articles indexed per round of reads

long long seconds(core::Instant t) { return t.time_since_epoch().count(); }

// What the index holds of one article, before analysis.
struct Document {
  std::string language, title, lead, body, names;
};

struct DocumentRow {
  long long id = 0;
  std::string language, title, lead, body, section;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(language));
    st.exchange(soci::into(title));
    st.exchange(soci::into(lead));
    st.exchange(soci::into(body));
    st.exchange(soci::into(section));
  }
};

struct NameRow {
  long long id = 0;
  std::string name;
  void bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(name));
  }
};

std::map<core::Id, Document> documents(soci::session& sql, StatementCache& cache,
                                       const std::vector<core::Id>& ids) {
  std::map<core::Id, Document> out;
  Params params;
  const std::string in = id_list(ids, "id", params);
  run_cached<DocumentRow>(
      sql, cache,
      "SELECT a.id, e.language, a.title, a.lead, COALESCE(b.body, ''), COALESCE(s.name, '') "
      "FROM articles a JOIN editions e ON e.id = a.edition_id "
      "LEFT JOIN article_bodies b ON b.article_id = a.id "
      "LEFT JOIN sections s ON s.id = a.section_id WHERE a.id IN " +
          in,
      params, [&](const DocumentRow& r) {
        out[r.id] = {r.language, r.title, r.lead, r.body, r.section};
      });
  const auto add_names = [&](const std::string& query) {
    run_cached<NameRow>(sql, cache, query + in, params, [&](const NameRow& r) {
      if (auto it = out.find(r.id); it != out.end()) {
        it->second.names += (it->second.names.empty() ? "" : " ") + r.name;
      }
    });
  };
  add_names(
      "SELECT l.article_id, t.name FROM article_tags l JOIN tags t ON t.id = l.tag_id "
      "WHERE l.article_id IN ");
  add_names(
      "SELECT l.article_id, w.name FROM article_authors l JOIN authors w ON w.id = l.author_id "
      "WHERE l.article_id IN ");
  return out;
}

void insert(soci::session& sql, core::Id id, const Document& d) {
  long long rowid = id;
  const std::string plain = search::plain_text(d.body);
  const std::string title = search::index_text(d.title, d.language);
  const std::string lead = search::index_text(d.lead, d.language);
  const std::string body = search::index_text(plain, d.language);
  const std::string names = search::index_text(d.names, d.language);
  sql << "INSERT INTO article_search (rowid, title, lead, body, names, plain) "
         "VALUES (:id, :title, :lead, :body, :names, :plain)",
      soci::use(rowid), soci::use(title), soci::use(lead), soci::use(body), soci::use(names),
      soci::use(plain);
}

// Calls fn(batch, done) for every article id, kBatch at a time in id order, with how many were
// done by the end of the batch; returns how many there were.
template <typename Fn>
int for_each_batch(soci::session& sql, Fn&& fn) {
  int done = 0;
  long long after = 0;
  while (true) {
    std::vector<core::Id> batch;
    long long id = 0;
    for_each_row(
        sql,
        "SELECT id FROM articles WHERE id > :after ORDER BY id LIMIT " + std::to_string(kBatch),
        [&](soci::statement& st) {
          st.exchange(soci::into(id));
          st.exchange(soci::use(after, "after"));
        },
        [&] { batch.push_back(id); });
    if (batch.empty()) {
      return done;
    }
    done += static_cast<int>(batch.size());
    after = batch.back();
    fn(batch, done);
  }
}

}  // namespace

void index_articles(soci::session& sql, StatementCache& cache, const std::vector<core::Id>& ids) {
  for (std::size_t at = 0; at < ids.size(); at += kBatch) {
    const std::vector<core::Id> batch(
        ids.begin() + static_cast<std::ptrdiff_t>(at),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), at + kBatch)));
    const auto docs = documents(sql, cache, batch);
    for (const core::Id id : batch) {
      long long rowid = id;
      sql << "DELETE FROM article_search WHERE rowid = :id", soci::use(rowid);
      if (const auto it = docs.find(id); it != docs.end()) {
        insert(sql, id, it->second);
      }
    }
  }
}

std::vector<core::Id> ids_of(soci::session& sql, const std::string& query, core::Id id) {
  std::vector<core::Id> out;
  long long key = id;
  long long article = 0;
  for_each_row(
      sql, query,
      [&](soci::statement& st) {
        st.exchange(soci::into(article));
        st.exchange(soci::use(key, "id"));
      },
      [&] { out.push_back(article); });
  return out;
}

int index_all(soci::session& sql, const Progress& progress, bool relate) {
  StatementCache cache;
  const Dialect dialect = dialect_of(sql);
  if (dialect == Dialect::kSqlite) {
    // Emptying the table row by row would read every row back to unindex it: the table is made
    // again from its own definition instead (its vocabulary table reads whatever is there).
    std::string definition;
    sql << "SELECT sql FROM sqlite_master WHERE name = 'article_search'", soci::into(definition);
    sql << "DROP TABLE article_search";
    sql << definition;
  } else {
    sql << "DELETE FROM article_search";
  }
  long long total = 0;
  sql << "SELECT COUNT(*) FROM articles", soci::into(total);
  const auto report = [&](std::string_view step, int done) {
    if (progress) {
      progress(step, done, static_cast<int>(total));
    }
  };
  const int done = for_each_batch(sql, [&](const std::vector<core::Id>& batch, int so_far) {
    for (const auto& [doc_id, doc] : documents(sql, cache, batch)) {
      insert(sql, doc_id, doc);
    }
    report("Indexing", so_far);
  });
  if (dialect == Dialect::kSqlite) {
    // One segment rather than many small ones: queries read fewer b-trees.
    sql << "INSERT INTO article_search (article_search) VALUES ('optimize')";
  }
  if (!relate) {
    return done;
  }
  // Related articles, once every article's words are in the index.
  sql << "DELETE FROM article_related";
  for_each_batch(sql, [&](const std::vector<core::Id>& batch, int so_far) {
    relate_articles(sql, cache, batch);
    report("Relating", so_far);
  });
  return done;
}

std::string match_expression(soci::session& sql, StatementCache& cache, const search::Query& query,
                             core::Id edition_id) {
  std::set<std::string> languages;
  struct LanguageRow {
    std::string language;
    void bind(soci::statement& st) { st.exchange(soci::into(language)); }
  };
  run_cached<LanguageRow>(
      sql, cache, "SELECT language FROM editions WHERE :edition = 0 OR id = :edition",
      {{{"edition", edition_id}}}, [&](const LanguageRow& r) { languages.insert(r.language); });
  const std::vector<std::string> in_order(languages.begin(), languages.end());
  return dialect_of(sql) == Dialect::kSqlite ? search::fts5_match(query, in_order)
                                             : search::tsquery(query, in_order);
}

core::Result<SearchPage> SqlStore::search(const SearchQuery& q) {
  if (q.query.terms.empty()) {
    return core::fail(core::invalid("the search has no word to look for", "q"));
  }
  return guarded("searching", [&]() -> core::Result<SearchPage> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    const Dialect dialect = dialect_of(sql);
    Params params;
    params.texts["match"] = match_expression(sql, lease.cache(), q.query, q.edition_id);
    std::string where =
        matches(dialect, "s.", "match") + " AND a.status = 'published' AND a.published_at <= :now";
    params.ints["now"] = seconds(q.now);
    if (q.edition_id != 0) {
      where += " AND a.edition_id = :edition";
      params.ints["edition"] = q.edition_id;
    }
    if (q.section_id != 0) {
      where += " AND a.section_id = :section";
      params.ints["section"] = q.section_id;
    }
    if (q.author_id != 0) {
      where +=
          " AND EXISTS (SELECT 1 FROM article_authors w WHERE w.article_id = a.id AND "
          "w.author_id = :author)";
      params.ints["author"] = q.author_id;
    }
    if (q.published_from) {
      where += " AND a.published_at >= :from";
      params.ints["from"] = seconds(*q.published_from);
    }
    if (q.published_until) {
      where += " AND a.published_at < :until";
      params.ints["until"] = seconds(*q.published_until);
    }
    // The index drives the join (CROSS JOIN keeps SQLite from starting at articles). A common
    // word matches tens of thousands of articles, and BM25 would score every one: the newest
    // kRanked matches (by id, the order of the index, which FTS5 walks backwards and stops) are
    // ranked, so a search costs the same however common its words; one more is read to tell
    // that there are more, and the page says so. One statement counts and ranks, so the index
    // is walked once.
    constexpr long long kRanked = 1000;
    const std::string from =
        " FROM article_search s CROSS JOIN articles a WHERE a.id = s.rowid AND ";
    // Weights by column: title, lead, body, names (section, tags, authors); the lower the score
    // the better, as BM25's. PostgreSQL's weights go D (body), C (lead), B (names), A (title).
    const std::string score = dialect == Dialect::kSqlite
                                  ? "bm25(article_search, 10.0, 4.0, 1.0, 5.0)"
                                  : "-ts_rank(CAST('{0.1, 0.4, 0.5, 1.0}' AS real[]), s.document, "
                                    "to_tsquery('simple', :match))";
    const std::string order =
        q.is_newest_first ? "published DESC, id DESC" : "score, published DESC, id DESC";
    params.ints["read"] = kRanked + 1;
    params.ints["ranked"] = kRanked;
    params.ints["limit"] = std::max(0, q.limit);
    params.ints["offset"] = std::max(0, q.offset);
    SearchPage page;
    std::vector<core::Id> ids;
    struct IdRow {
      long long id = 0, matches = 0;
      void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(matches));
      }
    };
    long long matches = 0;
    const auto on_row = [&](const IdRow& r) {
      ids.push_back(r.id);
      matches = r.matches;
    };
    const std::string ranked =
        "SELECT id, matches FROM (SELECT id, published, score, COUNT(*) OVER () AS matches, "
        "ROW_NUMBER() OVER (ORDER BY id DESC) AS newness FROM (SELECT a.id AS id, "
        "a.published_at AS published, " +
        // Newest first needs no score: BM25 is most of a common word's cost.
        std::string(q.is_newest_first ? "0" : score) + " AS score" + from + where +
        " ORDER BY s.rowid DESC LIMIT :read) AS newest) AS counted WHERE newness <= :ranked "
        "ORDER BY " +
        order + " LIMIT :limit OFFSET :offset";
    if (dialect == Dialect::kPostgres) {
      // Planned for these words each time: a kept statement's generic plan cannot tell a common
      // word (walk the newest articles until enough match) from a rare one (read its few
      // matches from the GIN index), and walking for a rare word reads the whole table.
      auto once = prepare<IdRow>(sql, ranked, params);
      fetch_all(*once, on_row);
    } else {
      run_cached<IdRow>(sql, lease.cache(), ranked, params, on_row);
    }
    if (ids.empty() && q.offset > 0) {
      // Past the last page: how many there are, for the pager's answer.
      params.ints.erase("ranked");
      params.ints.erase("limit");
      params.ints.erase("offset");
      struct CountRow {
        long long n = 0;
        void bind(soci::statement& st) { st.exchange(soci::into(n)); }
      };
      run_cached<CountRow>(sql, lease.cache(),
                           "SELECT COUNT(*) FROM (SELECT 1" + from + where + " LIMIT :read) AS m",
                           params, [&](const CountRow& r) { matches = r.n; });
    }
    page.total = static_cast<int>(std::min(matches, kRanked));
    page.is_more = matches > kRanked;
    if (ids.empty()) {
      return page;
    }
    std::vector<core::Article> found = articles_by_ids(sql, lease.cache(), ids);
    std::map<core::Id, std::string> texts;
    Params text_params;
    const std::string in = id_list(ids, "id", text_params);
    run_cached<NameRow>(sql, lease.cache(),
                        "SELECT rowid, plain FROM article_search WHERE rowid IN " + in, text_params,
                        [&](const NameRow& r) { texts[r.id] = r.name; });
    for (core::Article& a : found) {
      std::string text = std::move(texts[a.id]);
      page.hits.push_back({std::move(a), std::move(text)});
    }
    return page;
  });
}

core::Result<int> SqlStore::reindex(
    const std::function<void(std::string_view step, int done, int total)>& progress) {
  return guarded("rebuilding the search index", [&]() -> core::Result<int> {
    Lease lease(*this);
    soci::session& sql = lease.session();
    WriteTransaction tr(sql, lease.is_pinned());
    const int n = index_all(sql, progress);
    tr.commit();
    return n;
  });
}

}  // namespace tapchi::store
