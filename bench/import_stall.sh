#!/usr/bin/env bash
# Part of `make bench`: page latency while another process imports. `tapchi import markdown`
# writes IMPORT_ARTICLES (default 8000) articles, each in its own write transaction, into the
# journal a server is serving; wrk measures p50/p99 of a cached page (/en/) and of an uncached
# one (an article with a reply form for a comment it does not have: rendered every time) with
# no import, then during it. The event loops must not wait on the import's write lock: the
# uncached p99 stays of the same order, and no request fails. Appends to bench/out/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-6}
# shellcheck source=bench/lib.sh
source bench/lib.sh
count=${IMPORT_ARTICLES:-8000}

journal=$(mktemp -d /tmp/tapchi-stall-XXXXXX)
trap 'stop_serving; rm -rf "$journal"' EXIT
"$bin" init "$journal" --name "Tạp chí Sông Hồng" >/dev/null
"$bin" demo --config "$journal/tapchi.toml" >/dev/null
mkdir -p "$journal/import"
body=$(printf 'A paragraph of the wire story, long enough to be a body. %.0s' $(seq 1 20))
for i in $(seq 1 "$count"); do
  printf '+++\ntitle = "Imported story %d"\nedition = "en"\nsection = "Wire"\ntags = ["wire"]\npublished = 2021-01-01T08:00:00+07:00\n+++\n%s\n' \
    "$i" "$body" \
    >"$journal/import/wire-$i.md"
done

serve "$journal/tapchi.toml" "$out/stall.log"
base=http://127.0.0.1:$port
article=$(curl -s "$base/en/" | grep -o 'href="/en/[a-z0-9-]*-[0-9]*\.html"' | head -n1 | cut -d'"' -f2)

# "p50 p99 requests non-2xx" of one wrk run.
measure() {
  local text
  text=$(timeout $((seconds + 30)) wrk -t2 -c16 -d"${seconds}s" --latency "$base$1")
  local p50 p99 requests errors
  p50=$(awk '$1 == "50%" {print $2}' <<<"$text")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$text")
  requests=$(awk '/requests in/ {print $1}' <<<"$text")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$text")
  echo "$p50 $p99 $requests ${errors:-0}"
}

say ""
say "## Pages while another process imports $count articles (wrk -t2 -c16, ${seconds} s each)"
say ""
say "| page | import | p50 | p99 | requests | non-2xx |"
say "|---|---|---|---|---|---|"
for kind in cached uncached; do
  path=/en/
  [ "$kind" = uncached ] && path="$article?reply=999999999"
  read -r p50 p99 n bad <<<"$(measure "$path")"
  say "| $kind | none | $p50 | $p99 | $n | $bad |"
  "$bin" import markdown "$journal/import" --config "$journal/tapchi.toml" >"$out/stall-import.log" 2>&1 &
  importer=$!
  sleep 0.5
  read -r p50 p99 n bad <<<"$(measure "$path")"
  kill -0 "$importer" 2>/dev/null && still="still running at the end" || still="ended before the end"
  wait "$importer" || { say "import failed: $(tail -n 3 "$out/stall-import.log")"; exit 1; }
  say "| $kind | during (import $still) | $p50 | $p99 | $n | $bad |"
done
