#!/usr/bin/env bash
# Part of `make bench`: readers' comments accepted per second with full durability (each one
# acknowledged only after its transaction is on disk: SQLite WAL with synchronous=FULL), from one
# client and from 32, and the article page's req/s while comments are posted, against the same
# page's req/s with no writes in the same run. The reference for the write rate is SQLite itself
# on the same disk: single-row transactions with synchronous=FULL from the sqlite3 shell.
# Appends to bench/out/report.md. Needs build/release (bench/run.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh

journal=$out/journal-comments
if [ ! -f "$journal/complete" ]; then
  rm -rf "$journal"
  "$bin" init "$journal" --name "Tạp chí Sông Hồng" >/dev/null
  "$bin" demo --articles 1000 --config "$journal/tapchi.toml" >/dev/null
  # Rate limits off: every request comes from 127.0.0.1.
  sed -i 's/^rate_burst = .*/rate_burst = 1000000/' "$journal/tapchi.toml"
  touch "$journal/complete"
fi
db=$journal/data/tapchi.db

trap 'stop_serving' EXIT
serve "$journal/tapchi.toml" "$out/comments.log"
base=http://127.0.0.1:$port

article=$(sqlite3 "$db" "SELECT a.slug || '-' || a.id || '.html', a.id FROM articles a
  JOIN editions e ON e.id = a.edition_id AND e.prefix = '/' WHERE a.status = 'published'
  AND a.comments_open = 1 ORDER BY a.published_at DESC LIMIT 1")
path=/${article%|*}
export COMMENT_ARTICLE=${article#*|}
export COMMENT_TOKEN=$(curl -sf "$base$path" | sed -n 's|.*name="token" value="\([^"]*\)".*|\1|p')
[ -n "$COMMENT_TOKEN" ] || { echo "bench: no comment form on $path" >&2; exit 1; }

# post CONNECTIONS → "req/s p50 p99" (every answer must be the 303 of an accepted comment)
post() {
  local text
  text=$(timeout $((seconds + 30)) wrk -t"$(( $1 < 2 ? 1 : 2 ))" -c"$1" -d"${seconds}s" --latency \
    -s bench/comment_post.lua "$base")
  if grep -q "Non-2xx" <<<"$text"; then
    echo "bench: comments were refused:" >&2
    echo "$text" >&2
    exit 1
  fi
  echo "$(awk '/^Requests\/sec/ { printf "%d", $2 }' <<<"$text")" \
    "$(awk '$1 == "50%" { print $2 }' <<<"$text")" "$(awk '$1 == "99%" { print $2 }' <<<"$text")"
}
page_rps() {
  timeout $((seconds + 30)) wrk -t2 -c32 -d"${seconds}s" "$base$path" |
    awk '/^Requests\/sec/ { printf "%d", $2 }'
}

before=$(sqlite3 "$db" "SELECT COUNT(*) FROM comments")
read -r seq_rps seq_p50 seq_p99 <<<"$(post 1)"
read -r conc_rps conc_p50 conc_p99 <<<"$(post 32)"
idle_page=$(page_rps)
post 32 >"$out/comments-during.txt" &
poster=$!
sleep 0.5
busy_page=$(page_rps)
wait "$poster"
read -r mixed_rps _ _ <"$out/comments-during.txt"
after=$(sqlite3 "$db" "SELECT COUNT(*) FROM comments")
stop_serving

# SQLite alone on the same disk: 500 single-row transactions, each synced.
ref_db=$out/reference.db
rm -f "$ref_db" "$ref_db-wal" "$ref_db-shm"
{
  echo "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
  echo "CREATE TABLE c (id INTEGER PRIMARY KEY, body TEXT);"
  for i in $(seq 1 500); do echo "INSERT INTO c (body) VALUES ('comment $i');"; done
} >"$out/reference.sql"
t0=$(date +%s%N)
sqlite3 "$ref_db" <"$out/reference.sql" >/dev/null
ref_rps=$((500 * 1000000000 / ($(date +%s%N) - t0)))

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
say ""
say "## Readers' comments (WAL, synchronous=FULL; $(df -h --output=source "$out" | tail -1))"
say ""
say "| measure | tapchi | reference | ratio |"
say "|---|---|---|---|"
say "| comments accepted/s, 1 client (p50 $seq_p50, p99 $seq_p99) | $seq_rps | $ref_rps synced SQLite transactions/s | $(ratio "$seq_rps" "$ref_rps") |"
say "| comments accepted/s, 32 clients (p50 $conc_p50, p99 $conc_p99) | $conc_rps | $ref_rps | $(ratio "$conc_rps" "$ref_rps") |"
say "| article page req/s while 32 clients post ($mixed_rps comments/s) | $busy_page | $idle_page without posts | $(ratio "$busy_page" "$idle_page") |"
say ""
say "$((after - before)) comments stored during the run, each text once (held for moderation: the page itself does not change). Posts run on the server's blocking pool, reads on its event loops."
