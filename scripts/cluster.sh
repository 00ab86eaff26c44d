#!/usr/bin/env bash
# `make cluster`: the demo journal on PostgreSQL, served by three tapchi nodes behind nginx, all on
# 127.0.0.1 — what docs/DEPLOYING.md sets up on real machines, on one:
#   http://127.0.0.1:8080   nginx, balancing over the nodes (the address to open)
#   127.0.0.1:8081-8083     the three `tapchi serve` nodes
#   127.0.0.1:15432         PostgreSQL (a cluster of its own under /tmp, removed on exit)
# Every node reads the same tapchi.toml: one database and one media directory (on real machines
# a shared mount). Ctrl-C stops everything. CLUSTER_DIR (default run-cluster) keeps the journal's
# configuration and media between runs; the database is made anew each time.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${CLUSTER_DIR:-run-cluster}
pg_port=${CLUSTER_PG_PORT:-15432}
lb_port=${CLUSTER_PORT:-8080}
node_ports=(8081 8082 8083)
tapchi=build/release/src/tapchi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

pids=()
stop_all() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
  bash scripts/postgres.sh stop "$dir/postgres" || true
}
trap stop_all EXIT INT TERM

bash scripts/postgres.sh start "$dir/postgres" --durable --port "$pg_port"
database="$(cat "$dir/postgres/url")/journal"
psql -q "$(cat "$dir/postgres/url")/postgres" -c "CREATE DATABASE journal"

if [ ! -f "$dir/journal/tapchi.toml" ]; then
  rm -rf "$dir/journal"
  "$tapchi" init "$dir/journal" --name "Tạp chí Sông Hồng" >/dev/null
  # The database, and nginx in front: X-Forwarded-For names the reader.
  sed -i -e "s|^data_dir = \"data\".*|&\ndatabase = \"$database\"|" \
    -e 's|^trusted_proxies = \[\].*|trusted_proxies = ["127.0.0.1"]|' "$dir/journal/tapchi.toml"
fi
sed -i -e "s|^database = \".*\"|database = \"$database\"|" "$dir/journal/tapchi.toml"
config="$dir/journal/tapchi.toml"
"$tapchi" demo --config "$config" >/dev/null

for port in "${node_ports[@]}"; do
  "$tapchi" serve --config "$config" --listen "127.0.0.1:$port" >"$dir/node-$port.log" 2>&1 &
  pids+=($!)
done
for port in "${node_ports[@]}"; do
  for _ in $(seq 1 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.1
  done
done

upstreams=""
for port in "${node_ports[@]}"; do
  upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=5s;"$'\n'
done
awk -v upstreams="$upstreams" '{ if ($0 == "@UPSTREAMS@") printf "%s", upstreams; else print }' \
  scripts/cluster-nginx.conf.in |
  sed -e "s|@PORT@|$lb_port|g" -e "s|@PREFIX@|$dir|g" >"$dir/nginx.conf"
nginx -e "$dir/nginx-error.log" -c "$dir/nginx.conf" -p "$dir"

echo "cluster: http://127.0.0.1:$lb_port (nginx) over nodes ${node_ports[*]} on PostgreSQL" \
  "127.0.0.1:$pg_port; logs in $dir; Ctrl-C stops"
wait "${pids[@]}"
