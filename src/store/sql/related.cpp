#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/sql/sql.h"
#include "store/sql/sql_store.h"

namespace tapchi::store {

namespace {

// An article's related articles are ranked by the words of its title, names (section, tags,
// authors) and lead as the index holds them. Each of the first kLookedUp distinct words gets its
// document frequency, counted up to kCommon (a word in more articles than that tells nothing);
// the kTerms rarest, found in at least one other article, each bring their newest kPerTerm
// articles. A candidate of the edition scores the idf, ln(1 + N / df), of every such word it was
// found by, plus, per tag it shares, as much as the rarest word. The kKept best are kept, and
// each is offered the article in return (it keeps its own kKept best). Every step is a bounded
// walk of an index: a save costs the same in a journal of a thousand articles or a million.
constexpr std::size_t kLookedUp = 10;
constexpr long long kCommon = 200;
constexpr std::size_t kTerms = 4;
constexpr long long kPerTerm = 24;
constexpr long long kKept = 8;

struct IdRow {
  long long id = 0;
  void bind(soci::statement& st) { st.exchange(soci::into(id)); }
};

// The index terms of the article's title, names and lead, in that order, without repeats.
std::vector<std::string> words_of_article(soci::session& sql, StatementCache& cache, core::Id id) {
  struct TextRow {
    std::string title, names, lead;
    void bind(soci::statement& st) {
      st.exchange(soci::into(title));
      st.exchange(soci::into(names));
      st.exchange(soci::into(lead));
    }
  };
  std::vector<std::string> words;
  run_cached<TextRow>(
      sql, cache, "SELECT title, names, lead FROM article_search WHERE rowid = :id", {{{"id", id}}},
      [&](const TextRow& r) {
        for (const std::string* text : {&r.title, &r.names, &r.lead}) {
          for (std::size_t at = 0; at < text->size() && words.size() < kLookedUp;) {
            const std::size_t space = std::min(text->find(' ', at), text->size());
            std::string word = text->substr(at, space - at);
            if (word.size() > 1 && std::find(words.begin(), words.end(), word) == words.end()) {
              words.push_back(std::move(word));
            }
            at = space + 1;
          }
        }
      });
  return words;
}

struct Scored {
  core::Id id = 0;
  double score = 0;
};

// The kKept articles of the edition closest to article `id` by content, best first.
std::vector<Scored> rank(soci::session& sql, StatementCache& cache, core::Id id) {
  long long edition = 0, articles = 0;
  run_cached<IdRow>(sql, cache, "SELECT edition_id FROM articles WHERE id = :id", {{{"id", id}}},
                    [&](const IdRow& r) { edition = r.id; });
  if (edition == 0) {
    return {};
  }
  run_cached<IdRow>(sql, cache, "SELECT COALESCE(MAX(id), 0) FROM articles", {},
                    [&](const IdRow& r) { articles = r.id; });
  struct Term {
    std::string quoted;
    double idf = 0;
  };
  std::vector<Term> terms;
  const Dialect dialect = dialect_of(sql);
  for (const std::string& word : words_of_article(sql, cache, id)) {
    // Index terms are letters and digits alone: quoted, they are a query of one word.
    const std::string quoted = dialect == Dialect::kSqlite ? "\"" + word + "\"" : "'" + word + "'";
    long long documents = 0;
    struct CountRow {
      long long n = 0;
      void bind(soci::statement& st) { st.exchange(soci::into(n)); }
    };
    run_cached<CountRow>(sql, cache,
                         "SELECT COUNT(*) FROM (SELECT rowid FROM article_search WHERE " +
                             matches(dialect, "", "term") + " LIMIT :common) AS m",
                         Params({{"common", kCommon}}, {{"term", quoted}}),
                         [&](const CountRow& r) { documents = r.n; });
    if (documents >= 2 && documents < kCommon) {
      terms.push_back(
          {quoted, std::log(1.0 + static_cast<double>(articles) / static_cast<double>(documents))});
    }
  }
  std::sort(terms.begin(), terms.end(), [](const Term& x, const Term& y) {
    return std::tie(x.idf, x.quoted) > std::tie(y.idf, y.quoted);
  });
  terms.resize(std::min(terms.size(), kTerms));
  if (terms.empty()) {
    return {};
  }
  std::map<core::Id, double> scores;
  for (const Term& t : terms) {
    run_cached<IdRow>(sql, cache,
                      "SELECT rowid FROM article_search WHERE " + matches(dialect, "", "term") +
                          " AND rowid <> :self ORDER BY rowid DESC LIMIT :per_term",
                      Params({{"self", id}, {"per_term", kPerTerm}}, {{"term", t.quoted}}),
                      [&](const IdRow& r) { scores[r.id] += t.idf; });
  }
  // Only articles of the same edition; shared tags add to the score.
  std::vector<core::Id> found;
  for (const auto& [candidate, score] : scores) {
    found.push_back(candidate);
  }
  Params params({{"edition", edition}, {"self", id}});
  const std::string in = id_list(found, "c", params);
  struct CandidateRow {
    long long id = 0, published = 0, shared = 0;
    void bind(soci::statement& st) {
      st.exchange(soci::into(id));
      st.exchange(soci::into(published));
      st.exchange(soci::into(shared));
    }
  };
  std::vector<std::pair<Scored, long long>> ranked;  // with the publication time
  run_cached<CandidateRow>(
      sql, cache,
      "SELECT a.id, COALESCE(a.published_at, 0), (SELECT COUNT(*) FROM article_tags l JOIN "
      "article_tags m ON m.tag_id = l.tag_id AND m.article_id = :self WHERE l.article_id = a.id) "
      "FROM articles a WHERE +a.edition_id = :edition AND a.id IN " +  // by id, not by edition
          in,
      params, [&](const CandidateRow& r) {
        ranked.push_back({{r.id, scores[r.id] + terms.front().idf * static_cast<double>(r.shared)},
                          r.published});
      });
  std::sort(ranked.begin(), ranked.end(), [](const auto& x, const auto& y) {
    return std::tie(x.first.score, x.second, x.first.id) >
           std::tie(y.first.score, y.second, y.first.id);
  });
  std::vector<Scored> out;
  for (std::size_t k = 0; k < ranked.size() && k < static_cast<std::size_t>(kKept); ++k) {
    out.push_back(ranked[k].first);
  }
  return out;
}

}  // namespace

void relate_articles(soci::session& sql, StatementCache& cache, const std::vector<core::Id>& ids) {
  const auto execute = [&](const std::string& statement, const Params& params) {
    write_cached(sql, cache, statement, params);
  };
  for (const core::Id id : ids) {
    const std::vector<Scored> best = rank(sql, cache, id);
    execute("DELETE FROM article_related WHERE article_id = :id", {{{"id", id}}});
    for (const Scored& s : best) {
      // Scores are kept in thousandths: integers read the same in every store.
      const Params row({{"a", id}, {"b", s.id}, {"score", std::llround(s.score * 1000)}});
      execute(
          "INSERT INTO article_related (article_id, related_id, score) "
          "VALUES (:a, :b, :score)",
          row);
      // Offered in return: the other article keeps its kKept best.
      execute(
          "INSERT INTO article_related (article_id, related_id, score) VALUES (:b, :a, "
          ":score) ON CONFLICT (article_id, related_id) DO UPDATE SET score = excluded.score",
          row);
      execute(
          "DELETE FROM article_related WHERE article_id = :b AND related_id NOT IN "
          "(SELECT related_id FROM article_related WHERE article_id = :b ORDER BY score DESC, "
          "related_id DESC LIMIT :kept)",
          {{{"b", s.id}, {"kept", kKept}}});
    }
  }
}

}  // namespace tapchi::store
