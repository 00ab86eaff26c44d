#!/usr/bin/env bash
# Part of `make bench`: search, feeds and sitemaps on a large journal (default: the 100,000-article
# demo journal bench/run.sh writes). For each query of a mix (one word, common and rare, a phrase,
# Vietnamese with and without marks, a prefix, and a filtered one) it measures the search page's
# req/s, p50 and p99 at 32 connections with the page cache off (every request searches and
# renders) and on, beside (a) the same FTS5 statements run bare in a Google Benchmark on the same
# database — the floor — and (b) LIKE '%word%' over title and body, which is how WordPress
# searches. Then feeds and sitemaps against a cached article page, and the time to generate the
# whole sitemap with the cache off. Appends to bench/out/report.md. Needs build/release.
#   bash bench/search.sh [JOURNAL_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
search_bench=$root/build/release/bench/bench_search
journal=${1:-$out/journal-100000}
if [ ! -f "$journal/complete" ]; then
  rm -rf "$journal"
  "$bin" init "$journal" --name "Tạp chí Sông Hồng" >/dev/null
  "$bin" demo --articles 100000 --config "$journal/tapchi.toml"
  echo 0 >"$journal/complete"
fi
db=$journal/data/tapchi.db
articles=$(sqlite3 "$db" "SELECT COUNT(*) FROM articles")

# The same server with the page cache off.
sed 's/^budget_mb = .*/budget_mb = 0/' "$journal/tapchi.toml" >"$journal/tapchi-nocache.toml"

trap stop_serving EXIT
# wrk_paths FILE → "req/s p50 p99" for 32 connections cycling through the paths in FILE.
wrk_paths() {
  local text
  text=$(CRAWL_PATHS="$1" timeout $((seconds + 30)) wrk -t2 -c32 -d"${seconds}s" --latency \
    -H 'Accept-Encoding: gzip' -s bench/crawl.lua "http://127.0.0.1:$port")
  wrk_figures search "$text"
}

# The mix, in bench_search's order; the last one is filtered and sorted, so it has no floor row.
names=(OneWordCommon OneWordRare Phrase VietnameseMarks VietnameseBare Prefix Filtered)
paths=("/en/search?q=soldiers" "/en/search?q=782" "/en/search?q=%22combat+readiness%22"
  "/search?q=%C4%90i%E1%BB%87n+Bi%C3%AAn+Ph%E1%BB%A7" "/search?q=dien+bien+phu"
  "/en/search?q=train%2A" "/en/search?q=soldiers&section=defence&sort=newest&from=2020-01-01")

floor=$("$search_bench" --db "$db" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_format=csv 2>/dev/null)
median_us() { awk -F, -v name="\"BM_$1/$2_median\"" '$1 == name { printf "%.0f", $3 }' <<<"$floor"; }
matches() { awk -F, -v name="\"BM_Fts5/$1_median\"" '$1 == name { print $NF }' <<<"$floor" | tr -d '"'; }

declare -A uncached cached
for mode in uncached cached; do
  config=$journal/tapchi.toml
  [ "$mode" = uncached ] && config=$journal/tapchi-nocache.toml
  serve "$config" "$out/search-server.log"
  for k in "${!names[@]}"; do
    printf '%s\n' "${paths[$k]}" >"$out/search-paths.txt"
    curl -sf -o /dev/null "http://127.0.0.1:$port${paths[$k]}"
    if [ "$mode" = uncached ]; then
      uncached[${names[$k]}]=$(wrk_paths "$out/search-paths.txt")
    else
      cached[${names[$k]}]=$(wrk_paths "$out/search-paths.txt")
    fi
  done
  printf '%s\n' "${paths[@]}" >"$out/search-paths.txt"
  if [ "$mode" = uncached ]; then
    uncached[mix]=$(wrk_paths "$out/search-paths.txt")
    # The whole sitemap, generated: the index and every file it names, fetched in turn; the
    # URLs are counted after the clock stops.
    rm -rf "$out/sitemap" && mkdir -p "$out/sitemap"
    t0=$(date +%s%N)
    # curl's own timing of each answer (request sent to last byte received), summed: the server's
    # work without the time this loop spends starting curl.
    sitemap_s=$(curl -sf -w '%{time_total}' -o "$out/sitemap/index.xml" "http://127.0.0.1:$port/sitemap.xml")
    n=0
    while read -r loc; do
      n=$((n + 1))
      took=$(curl -sf -w '%{time_total}' -o "$out/sitemap/part-$n.xml" "http://127.0.0.1:$port$loc")
      sitemap_s=$(awk -v a="$sitemap_s" -v b="$took" 'BEGIN { print a + b }')
    done < <(grep -o '<loc>[^<]*</loc>' "$out/sitemap/index.xml" |
      sed 's|<loc>[^/]*//[^/]*\(/[^<]*\)</loc>|\1|')
    sitemap_ms=$((($(date +%s%N) - t0) / 1000000))
    answers_ms=$(awk -v s="$sitemap_s" 'BEGIN { printf "%d", s * 1000 }')
    urls=$(cat "$out"/sitemap/part-*.xml | grep -o '<url>' | wc -l)
  else
    cached[mix]=$(wrk_paths "$out/search-paths.txt")
    declare -A discovery
    article=$(curl -sf "http://127.0.0.1:$port/en/" | grep -o 'href="/en/[a-z0-9-]*-[0-9]*\.html"' |
      head -1 | sed 's/^href="\(.*\)"$/\1/')
    for p in "$article" /en/feed /en/feed/atom /en/section/defence/feed /sitemap.xml /sitemap-en-1.xml /news-sitemap.xml; do
      curl -sf -o /dev/null "http://127.0.0.1:$port$p"
      printf '%s\n' "$p" >"$out/search-paths.txt"
      discovery[$p]=$(wrk_paths "$out/search-paths.txt")
    done
  fi
  stop_serving
done

say ""
say "## Search, feeds and sitemaps ($articles articles)"
say ""
say "Search page at 32 connections (gzip), page cache off (every request parses, searches, makes snippets and renders) and on; the floor is the store's own FTS5 statement (it counts the newest 1,000 matches and ranks them by BM25) run bare with SQLite's C API (bench_search, median of 3); LIKE is '%word%' over title and body, WordPress's way."
say ""
say "| query | matches | uncached req/s | uncached p50 / p99 ms | cached req/s | cached p50 / p99 ms | bare FTS5 µs | LIKE µs | uncached p99 / bare |"
say "|---|---|---|---|---|---|---|---|---|"
for k in "${!names[@]}"; do
  n=${names[$k]}
  read -r u_rps u_p50 u_p99 <<<"${uncached[$n]}"
  read -r c_rps c_p50 c_p99 <<<"${cached[$n]}"
  bare=$(median_us Fts5 "$n")
  like=$(median_us Like "$n")
  ratio=$(awk -v p="$u_p99" -v b="$bare" 'BEGIN { if (b > 0) printf "%.1f", p * 1000 / b; else print "–" }')
  say "| $n \`${paths[$k]}\` | $(matches "$n") | $u_rps | $u_p50 / $u_p99 | $c_rps | $c_p50 / $c_p99 | ${bare:-–} | ${like:-–} | $ratio |"
done
read -r u_rps u_p50 u_p99 <<<"${uncached[mix]}"
read -r c_rps c_p50 c_p99 <<<"${cached[mix]}"
say "| the mix, in turn | | $u_rps | $u_p50 / $u_p99 | $c_rps | $c_p50 / $c_p99 | | | |"
say ""
say "| cached document | req/s | p50 / p99 ms |"
say "|---|---|---|"
for p in "$article" /en/feed /en/feed/atom /en/section/defence/feed /sitemap.xml /sitemap-en-1.xml /news-sitemap.xml; do
  read -r rps p50 p99 <<<"${discovery[$p]}"
  say "| \`$p\` | $rps | $p50 / $p99 |"
done
say ""
say "The whole sitemap (index and every file, $urls URLs, one after another) generated with the cache off: $answers_ms ms of answers (each request to its last byte, by curl), $sitemap_ms ms for the loop that fetches them."
