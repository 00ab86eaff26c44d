#!/usr/bin/env bash
# Part of `make bench`: moving a journal in and keeping it safe. For generated WordPress exports
# of MIGRATION_SIZES posts (default 10000 and 100000, each with threaded comments and photos;
# bench/wxr_export.py) it measures `tapchi import wxr` into a fresh journal: wall time, posts per
# second and peak resident memory (GNU time); then `tapchi backup` of the 100,000-article demo
# journal of `make bench` (bench/out/journal-100000, when present) and of the imported journal:
# time and archive size beside the database's size, and `tapchi restore` of it; and how fast the
# imported journal answers an old WordPress address beside the page it leads to. Appends to
# bench/out/report.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
source bench/lib.sh
sizes=${MIGRATION_SIZES:-"10000 100000"}
work=$(mktemp -d /tmp/tapchi-migration-XXXXXX)
trap 'rm -rf "$work"' EXIT

photos=$work/photos
"$bin" init "$work/demo" >/dev/null
"$bin" demo --config "$work/demo/tapchi.toml" >/dev/null
mkdir -p "$photos"
find "$work/demo/data/media" -name 'demo-*-en-??????.jpg' -exec cp {} "$photos/" \;

# peak_kb and wall_s of a command, from GNU time.
measure() {
  /usr/bin/time -f '%M %e' -o "$work/time.txt" "$@" >"$work/out.txt" 2>&1 || true
  read -r peak_kb wall_s <"$work/time.txt"
}

say ""
say "## Migration and backups — $(date -u +%Y-%m-%d)"
say ""
say "| export | file | posts/s | wall | peak RSS | articles | comments | photos |"
say "|---|---:|---:|---:|---:|---:|---:|---:|"
for n in $sizes; do
  rm -rf "$work/j" "$work/uploads"
  python3 bench/wxr_export.py "$n" "$work/export.xml" --photos "$photos" --uploads "$work/uploads"
  "$bin" init "$work/j" >/dev/null
  measure "$bin" import wxr "$work/export.xml" --edition vi --uploads "$work/uploads" \
    --config "$work/j/tapchi.toml"
  db=$work/j/data/tapchi.db
  articles=$(sqlite3 "$db" 'SELECT COUNT(*) FROM articles')
  comments=$(sqlite3 "$db" 'SELECT COUNT(*) FROM comments')
  media=$(sqlite3 "$db" 'SELECT COUNT(*) FROM media')
  say "| $n posts | $(du -m "$work/export.xml" | cut -f1) MB | $(awk -v n="$n" -v s="$wall_s" 'BEGIN { printf "%.0f", n / s }') | ${wall_s} s | $((peak_kb / 1024)) MB | $articles | $comments | $media |"
done

# Old addresses of the last imported journal: a WordPress permalink (301, answered from memory
# after its first lookup), the article page it leads to (the page cache), and an old-looking
# address nobody knows (a lookup that finds nothing, then the shared 404 page).
wrk_any() {  # URL → "req/s p50 p99", whatever the status
  local text
  text=$(timeout $((seconds + 30)) wrk -t2 -c32 -d"${seconds}s" --latency "$1")
  echo "$(awk '/^Requests\/sec/ { printf "%d", $2 }' <<<"$text")" \
    "$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$text")")" \
    "$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$text")")"
}
serve "$work/j/tapchi.toml" "$work/serve.log"
old=$(sqlite3 "$work/j/data/tapchi.db" \
  "SELECT path FROM redirects WHERE target_kind = 'article' AND path NOT LIKE '/?%' LIMIT 1")
target=$(curl -s -o /dev/null -w '%{redirect_url}' "http://127.0.0.1:$port$old/")
target=${target#http*://*/}
say ""
say "| old address (wrk -t2 -c32, ${seconds} s) | status | req/s | p50 ms | p99 ms |"
say "|---|---:|---:|---:|---:|"
for row in "WordPress permalink $old/|$old/" "the article page it leads to|/$target" \
  "an unknown old address|/2001/01/never-was/"; do
  what=${row%%|*}
  path=${row#*|}
  status=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  read -r rps p50 p99 <<<"$(wrk_any "http://127.0.0.1:$port$path")"
  say "| $what | $status | $rps | $p50 | $p99 |"
done
stop_serving

say ""
say "| journal | database | media files | backup | archive | restore |"
say "|---|---:|---:|---:|---:|---:|"
backup_of() {
  local name=$1 journal=$2
  rm -f "$work/b.tar.gz"
  rm -rf "$work/r"
  measure "$bin" backup "$work/b.tar.gz" --config "$journal/tapchi.toml"
  local backup_s=$wall_s
  measure "$bin" restore "$work/b.tar.gz" --data-dir "$work/r"
  say "| $name | $(du -m "$journal/data/tapchi.db" | cut -f1) MB | $(find "$journal/data/media" -type f | wc -l) | ${backup_s} s | $(du -m "$work/b.tar.gz" | cut -f1) MB | ${wall_s} s |"
}
backup_of "imported ($(echo "$sizes" | awk '{print $NF}') posts)" "$work/j"
if [ -f "$out/journal-100000/complete" ]; then
  backup_of "demo, 100,000 articles" "$out/journal-100000"
fi
