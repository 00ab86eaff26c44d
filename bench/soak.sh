#!/usr/bin/env bash
# `make soak`: SOAK_SECONDS (default 600) of mixed load on the release build with the demo journal
# (bench/soak.js: cached and uncached pages, 404s, comments, sign-ins, an editor saving, slow
# clients), then the report: unexpected answers (must be 0), p50/p99 per kind, and the server's
# resident memory every 10 s (flat after warm-up). Written to bench/out/soak.txt as well.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${SOAK_SECONDS:-600}
bin=${TAPCHI_BINARY:-}  # another build for trying the script; the release build's when empty
# shellcheck source=bench/lib.sh
source bench/lib.sh

journal=$(mktemp -d /tmp/tapchi-soak-XXXXXX)
trap 'stop_serving; rm -rf "$journal"' EXIT
"$bin" init "$journal" --name "Tạp chí Sông Hồng" >/dev/null
"$bin" demo --config "$journal/tapchi.toml" >/dev/null
# Every request comes from 127.0.0.1: the per-client comment rate would refuse all but a few.
sed -i 's/^rate_burst = .*/rate_burst = 1000000/' "$journal/tapchi.toml"
echo "a long soak passphrase" |
  "$bin" user add --role admin soak@example.org --config "$journal/tapchi.toml" >/dev/null

serve "$journal/tapchi.toml" "$out/soak-server.log"

{
  echo "commit $(git rev-parse --short HEAD 2>/dev/null || echo '?'), binary $bin, $(nproc) cores," \
       "$(date -u +%Y-%m-%dT%H:%MZ); reproduce: SOAK_SECONDS=$seconds make soak"
  status=0
  node bench/soak.js "http://127.0.0.1:$port" "$tapchi_pid" "$seconds" soak@example.org \
    "a long soak passphrase" || status=$?
  echo "server errors logged: $(grep -c '^error ' "$out/soak-server.log" || true)"
  exit $status
} 2>&1 | tee "$out/soak.txt"
