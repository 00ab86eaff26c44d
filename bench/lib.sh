# shellcheck shell=bash disable=SC2034  # what is set here is used by the scripts that source it
# Shared by the bench scripts, which source it from the repository's root (they cd there first):
# where things are (root; out, bench/out; report, its report.md; bin, the release build's tapchi
# unless the script set bin), seconds per measurement (BENCH_SECONDS, 4 by default, unless the
# script set seconds), say, starting and stopping a server, and reading wrk's figures.
root=$PWD
out=$root/bench/out
report=$out/report.md
bin=${bin:-$root/build/release/src/tapchi}
seconds=${seconds:-${BENCH_SECONDS:-4}}
mkdir -p "$out"

# say TEXT…: prints TEXT and appends it to the report.
say() { echo "$@" | tee -a "$report"; }

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# serve CONFIG LOG: starts tapchi on CONFIG at a free port of 127.0.0.1 and waits until
# /healthz answers; sets tapchi_pid and port. Stops the script, showing LOG, when it cannot.
tapchi_pid=""
serve() {
  local config=$1 log=$2 deadline
  deadline=$(($(now_ms) + 60000))
  "$bin" serve --config "$config" --listen 127.0.0.1:0 >"$log" 2>&1 &
  tapchi_pid=$!
  port=""
  while [ -z "$port" ]; do
    port=$(sed -n 's|^tapchi: serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")
    if [ -z "$port" ] && { [ "$(now_ms)" -gt "$deadline" ] || ! kill -0 "$tapchi_pid" 2>/dev/null; }; then
      echo "bench: tapchi did not start:" >&2
      cat "$log" >&2
      exit 1
    fi
    [ -n "$port" ] || sleep 0.002
  done
  until curl -sf -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.002; done
}

# stop_serving: stops the server serve started, if it runs.
stop_serving() {
  if [ -n "$tapchi_pid" ]; then
    kill "$tapchi_pid" 2>/dev/null || true
    wait "$tapchi_pid" 2>/dev/null || true
    tapchi_pid=""
  fi
}

# wrk's latency ("812.00us", "1.23ms", "2.01s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[^m]s$/) n *= 1000;
                         printf "%.2f", n }'
}

# wrk_figures WHAT WRK_OUTPUT → "req/s p50 p99"; stops the script when WHAT answered errors.
wrk_figures() {
  if grep -q "Non-2xx" <<<"$2"; then
    echo "bench: $1 answered errors:" >&2
    echo "$2" >&2
    exit 1
  fi
  echo "$(awk '/^Requests\/sec/ { printf "%d", $2 }' <<<"$2")" \
    "$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$2")")" \
    "$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$2")")"
}
