#!/usr/bin/env bash
# `make bench`: how fast tapchi serves its pages, against nginx serving the very same bytes from
# files, in one run on this machine. For each corpus (deterministic demo journals of 10,000 and
# 100,000 articles in two editions, with comments) it measures: the time from start to serving,
# the uncached render time (Google Benchmark, median), req/s with p50/p99 latency per page type
# at 32 and 256 connections without and with gzip, a crawl of every article (cold pages through
# the 128 MB cache), resident memory after the load, and the database size. Prints a Markdown
# report and keeps it in bench/out/report.md. All traffic stays on 127.0.0.1; every wrk run is
# bounded by `timeout`.
#   BENCH_SECONDS=4        seconds per wrk run
#   BENCH_SIZES="10000 100000"
#   BENCH_CRAWL_SECONDS=15 seconds of the crawl
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
sizes=${BENCH_SIZES:-"10000 100000"}
crawl_seconds=${BENCH_CRAWL_SECONDS:-15}
nginx_port=${BENCH_NGINX_PORT:-18401}
cores=$(nproc)

bash scripts/deps.sh --bench
cmake --preset release >/dev/null
cmake --build --preset release
render_bench=$root/build/release/bench/bench_render
: >"$report"

stop_nginx() {
  if [ -f "$out/nginx.pid" ]; then
    kill "$(cat "$out/nginx.pid")" 2>/dev/null || true
    rm -f "$out/nginx.pid"
    sleep 0.2
  fi
}
trap 'stop_serving; stop_nginx' EXIT

# run_wrk URL CONNECTIONS GZIP(0|1) → "req/s p50 p99"
run_wrk() {
  local url=$1 conns=$2 gzip=$3
  local args=(-t2 -c"$conns" -d"${seconds}s" --latency)
  [ "$gzip" = 1 ] && args+=(-H "Accept-Encoding: gzip")
  local text
  text=$(timeout $((seconds + 30)) wrk "${args[@]}" "$url")
  wrk_figures "$url" "$text"
}

# Starts tapchi on JOURNAL; sets port, ready_ms (start to /healthz answering) and first_ms
# (start to the front page rendered).
start_tapchi() {
  local journal=$1 t0
  t0=$(now_ms)
  serve "$journal/tapchi.toml" "$out/tapchi.log"
  ready_ms=$(($(now_ms) - t0))
  curl -sf -o /dev/null "http://127.0.0.1:$port/"
  first_ms=$(($(now_ms) - t0))
}

start_nginx() {
  stop_nginx
  sed -e "s|@OUT@|$out|g" -e "s|@PORT@|$nginx_port|g" -e "s|@WORKERS@|$cores|g" \
    bench/nginx.conf.in >"$out/nginx.conf"
  nginx -c "$out/nginx.conf" -p "$out"
  until curl -sf -o /dev/null "http://127.0.0.1:$nginx_port/article.html"; do sleep 0.01; done
}

say "# tapchi against nginx — $(date -u +%Y-%m-%d), $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
say ""
say "nginx $(nginx -v 2>&1 | sed 's|.*/||'), $cores workers, sendfile and gzip_static; tapchi release build, $cores loops, page cache 128 MB; both write an access log to a file. wrk -t2, ${seconds} s per run, on the same machine."

for n in $sizes; do
  journal=$out/journal-$n
  if [ ! -f "$journal/complete" ]; then
    rm -rf "$journal"
    "$bin" init "$journal" --name "Tạp chí Sông Hồng" >/dev/null
    t0=$(now_ms)
    "$bin" demo --articles "$n" --config "$journal/tapchi.toml"
    echo "$(($(now_ms) - t0))" >"$journal/complete"
  fi
  sync  # the corpus's dirty pages would otherwise be written back during the measurements
  db=$journal/data/tapchi.db
  say ""
  say "## $n articles"
  say ""
  say "Written by \`tapchi demo --articles $n\` in $(($(cat "$journal/complete") / 1000)) s; database $(du -m "$db" | cut -f1) MB on disk ($(sqlite3 "$db" 'SELECT COUNT(*) FROM comments') comments)."

  render=$("$render_bench" --config "$journal/tapchi.toml" --benchmark_repetitions=5 \
    --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null)
  median() { awk -F, -v name="\"BM_$1_median\"" '$1 == name { printf "%.0f", $3 }' <<<"$render"; }
  say ""
  say "Uncached render (median of 5): article page $(median ArticlePage) µs (with related articles ranked by tags alone, as before content ranking: $(median ArticlePageTagRanked) µs), section page $(median SectionPage) µs, front page $(median HomePage) µs."

  start_tapchi "$journal"
  say ""
  say "Start to serving: $ready_ms ms (/healthz answers); $first_ms ms to the first front page."

  # The pages: an article from the middle of the Vietnamese edition and the pages it links to.
  article=$(sqlite3 "$db" "SELECT a.slug || '-' || a.id || '.html' FROM articles a
    JOIN editions e ON e.id = a.edition_id AND e.prefix = '/' WHERE a.status = 'published'
    ORDER BY a.published_at DESC LIMIT 1 OFFSET $((n / 4))")
  page_html=$(curl -sf "http://127.0.0.1:$port/$article")
  first_link() { grep -o "href=\"/$1/[^\"]*\"" <<<"$page_html" | head -1 | sed 's/^href="\(.*\)"$/\1/'; }
  month=$(curl -sf "http://127.0.0.1:$port/archive/" | grep -o 'href="/archive/[0-9]*/[0-9]*"' |
    sed -n 3p | sed 's/^href="\(.*\)"$/\1/')
  declare -A pages=([article]="/$article" [home]="/" [section]="$(first_link section)"
    [tag]="$(first_link tag)" [author]="$(first_link author)" [archive]="$month")
  rm -rf "$out/www" && mkdir -p "$out/www"
  for type in article home section tag author archive; do
    url="http://127.0.0.1:$port${pages[$type]}"
    curl -sf -o "$out/www/$type.html" "$url"
    curl -sf -H 'Accept-Encoding: gzip' -o "$out/www/$type.html.gz" "$url"
    touch -r "$out/www/$type.html" "$out/www/$type.html.gz"
  done
  start_nginx

  say ""
  say "| page | bytes (gzip) | conns | encoding | tapchi req/s | nginx req/s | ratio | p50 tapchi / nginx ms | p99 tapchi / nginx ms |"
  say "|---|---|---|---|---|---|---|---|---|"
  for type in article home section tag author archive; do
    size="$(stat -c %s "$out/www/$type.html") ($(stat -c %s "$out/www/$type.html.gz"))"
    for conns in 32 256; do
      for gzip in 0 1; do
        read -r t_rps t_p50 t_p99 <<<"$(run_wrk "http://127.0.0.1:$port${pages[$type]}" "$conns" "$gzip")"
        read -r n_rps n_p50 n_p99 <<<"$(run_wrk "http://127.0.0.1:$nginx_port/$type.html" "$conns" "$gzip")"
        ratio=$(awk -v a="$t_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
        encoding=$([ "$gzip" = 1 ] && echo gzip || echo identity)
        say "| $type ${pages[$type]} | $size | $conns | $encoding | $t_rps | $n_rps | $ratio | $t_p50 / $n_p50 | $t_p99 / $n_p99 |"
      done
    done
  done
  stop_nginx

  # Every article of both editions, newest first, through the cache: cold renders, evictions.
  sqlite3 "$db" "SELECT e.prefix || a.slug || '-' || a.id || '.html' FROM articles a
    JOIN editions e ON e.id = a.edition_id WHERE a.status = 'published'
    ORDER BY a.published_at DESC" >"$out/paths.txt"
  crawl=$(CRAWL_PATHS="$out/paths.txt" timeout $((crawl_seconds + 30)) wrk -t2 -c32 \
    -d"${crawl_seconds}s" --latency -H 'Accept-Encoding: gzip' -s bench/crawl.lua \
    "http://127.0.0.1:$port")
  crawl_rps=$(awk '/^Requests\/sec/ { printf "%d", $2 }' <<<"$crawl")
  crawl_p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$crawl")")
  rss_mb=$(awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$tapchi_pid/status")
  say ""
  say "Crawl of all $(wc -l <"$out/paths.txt") article pages (gzip, 32 connections, ${crawl_seconds} s, mostly uncached): $crawl_rps req/s, p99 $crawl_p99 ms. Resident memory after the load: $rss_mb MB."
  stop_serving
done
bash bench/comments.sh
bash bench/import_stall.sh
bash bench/migration.sh
largest=$(tr ' ' '\n' <<<"$sizes" | sort -n | tail -1)
smallest=$(tr ' ' '\n' <<<"$sizes" | sort -n | head -1)
bash bench/search.sh "$out/journal-$largest"
bash bench/api.sh "$out/journal-$largest" "$out/journal-$smallest"
bash bench/readership.sh "$out/journal-$largest"
bash bench/postgres.sh
say ""
say "Reproduce: \`make bench\` (BENCH_SECONDS, BENCH_SIZES, BENCH_CRAWL_SECONDS tune it). Report: bench/out/report.md."
