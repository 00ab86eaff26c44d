// The floor under search: the FTS5 statements tapchi's store runs for a search (the count and the
// first page of ids by BM25 among the newest 1,000 matches), run bare on the journal's database
// with SQLite's C API, beside `LIKE '%word%'` over title and body, which is how WordPress searches.
// No HTTP, no rendering.
//   bench_search --db JOURNAL/data/tapchi.db [benchmark flags]
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include "search/search.h"

namespace {

sqlite3* db = nullptr;

struct Case {
  const char* name;
  const char* edition;  // its code
  const char* text;     // as a reader types it
};

// The mix bench/search.sh sends to the server, in the same order.
const std::vector<Case> kCases = {
    {"OneWordCommon", "en", "soldiers"},
    {"OneWordRare", "en", "782"},  // a part number: 64 articles
    {"Phrase", "en", "\"combat readiness\""},
    {"VietnameseMarks", "vi", "Điện Biên Phủ"},
    {"VietnameseBare", "vi", "dien bien phu"},
    {"Prefix", "en", "train*"},
};

sqlite3_stmt* prepare(const std::string& sql) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr) !=
      SQLITE_OK) {
    std::cerr << "bench_search: " << sqlite3_errmsg(db) << "\n";
    std::exit(1);
  }
  return st;
}

// Runs `st` to its end; returns the rows it gave.
int drain(sqlite3_stmt* st) {
  int rows = 0;
  while (sqlite3_step(st) == SQLITE_ROW) {
    ++rows;
  }
  sqlite3_reset(st);
  return rows;
}

struct Edition {
  long long id = 0;
  std::string language;
};

Edition edition(const char* code) {
  sqlite3_stmt* st = prepare("SELECT id, language FROM editions WHERE code = ?");
  sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
  Edition e;
  if (sqlite3_step(st) == SQLITE_ROW) {
    e.id = sqlite3_column_int64(st, 0);
    e.language = reinterpret_cast<const char*>(sqlite3_column_text(st, 1));
  }
  sqlite3_finalize(st);
  return e;
}

// Runs the count and the page statements per iteration; counts the matches; finalizes both.
void measure(benchmark::State& state, sqlite3_stmt* count, sqlite3_stmt* page) {
  long long total = 0;
  for (auto _ : state) {
    sqlite3_step(count);
    total = sqlite3_column_int64(count, 0);
    sqlite3_reset(count);
    benchmark::DoNotOptimize(drain(page));
  }
  state.counters["matches"] = static_cast<double>(total);
  sqlite3_finalize(count);
  sqlite3_finalize(page);
}

constexpr const char* kFrom =
    " FROM article_search s CROSS JOIN articles a ON a.id = s.rowid WHERE s.article_search "
    "MATCH ?1 AND a.status = 'published' AND a.published_at <= ?2 AND a.edition_id = ?3";

void BM_Fts5(benchmark::State& state, const Case& c) {
  const Edition e = edition(c.edition);
  const std::string match =
      tapchi::search::fts5_match(tapchi::search::parse_query(c.text), {e.language});
  // SqlStore::search's statement: the newest 1,000 matches (and one more, to tell that there
  // are more) counted and ranked, the first page returned.
  sqlite3_stmt* page = prepare(
      std::string("SELECT id, matches FROM (SELECT id, published, score, COUNT(*) OVER () AS "
                  "matches, ROW_NUMBER() OVER (ORDER BY id DESC) AS newness FROM (SELECT a.id "
                  "AS id, a.published_at AS published, bm25(article_search, 10.0, 4.0, 1.0, "
                  "5.0) AS score") +
      kFrom +
      " ORDER BY s.rowid DESC LIMIT 1001)) WHERE newness <= 1000 ORDER BY score, published "
      "DESC, id DESC LIMIT 20");
  sqlite3_bind_text(page, 1, match.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64(page, 2, std::time(nullptr));
  sqlite3_bind_int64(page, 3, e.id);
  long long total = 0;
  for (auto _ : state) {
    long long rows = 0;
    while (sqlite3_step(page) == SQLITE_ROW) {
      total = sqlite3_column_int64(page, 1);
      ++rows;
    }
    sqlite3_reset(page);
    benchmark::DoNotOptimize(rows);
  }
  state.counters["matches"] = static_cast<double>(total);
  sqlite3_finalize(page);
}

// WordPress's way: every word LIKE '%word%' in the title or the body, newest first.
void BM_Like(benchmark::State& state, const Case& c) {
  const Edition e = edition(c.edition);
  // The words as typed (LIKE neither folds marks nor stems): a quoted phrase is one pattern.
  std::vector<std::string> patterns;
  const std::string text = c.text;
  for (std::size_t at = 0; at < text.size();) {
    if (text[at] == ' ') {
      ++at;
      continue;
    }
    const bool quoted = text[at] == '"';
    const std::size_t start = quoted ? at + 1 : at;
    std::size_t end = text.find(quoted ? '"' : ' ', start);
    end = end == std::string::npos ? text.size() : end;
    std::string word = text.substr(start, end - start);
    if (!word.empty() && word.back() == '*') {
      word.pop_back();
    }
    patterns.push_back("%" + word + "%");
    at = end + 1;
  }
  std::string where;
  for (std::size_t k = 0; k < patterns.size(); ++k) {
    const std::string n = std::to_string(k + 3);
    where += " AND (a.title LIKE ?" + n + " OR b.body LIKE ?" + n + ")";
  }
  const std::string from =
      " FROM articles a JOIN article_bodies b ON b.article_id = a.id WHERE a.status = "
      "'published' AND a.published_at <= ?1 AND a.edition_id = ?2" +
      where;
  sqlite3_stmt* count = prepare("SELECT COUNT(*)" + from);
  sqlite3_stmt* page = prepare("SELECT a.id" + from + " ORDER BY a.published_at DESC LIMIT 20");
  const long long now = std::time(nullptr);
  for (sqlite3_stmt* st : {count, page}) {
    sqlite3_bind_int64(st, 1, now);
    sqlite3_bind_int64(st, 2, e.id);
    for (std::size_t k = 0; k < patterns.size(); ++k) {
      sqlite3_bind_text(st, static_cast<int>(k + 3), patterns[k].c_str(), -1, SQLITE_TRANSIENT);
    }
  }
  measure(state, count, page);
}

}  // namespace

int main(int argc, char** argv) {
  std::string path;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--db" && i + 1 < argc) {
      path = argv[++i];
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (path.empty() ||
      sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::cerr << "usage: bench_search --db JOURNAL/data/tapchi.db [benchmark flags]\n";
    return 2;
  }
  for (const Case& c : kCases) {
    benchmark::RegisterBenchmark((std::string("BM_Fts5/") + c.name).c_str(), BM_Fts5, c)
        ->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((std::string("BM_Like/") + c.name).c_str(), BM_Like, c)
        ->Unit(benchmark::kMicrosecond);
  }
  int count = static_cast<int>(rest.size());
  benchmark::Initialize(&count, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  sqlite3_close(db);
  return 0;
}
