#!/usr/bin/env bash
# Runs each libFuzzer target of the fuzz build (build/fuzz) for FUZZ_SECONDS (default 60) over a
# working copy of its seed corpus, build/fuzz/corpus-work/<target>: what the fuzzer finds stays
# there, the committed seeds in tests/fuzz/corpus/ are not touched. Prints one line per target;
# a crash (or timeout, leak, out-of-memory) fails the run and names its reproducer, which
# `build/fuzz/tests/fuzz/fuzz_<target> <file>` or the dev build's replay_<target> runs again.
#   FUZZ_SECONDS=300 bash tests/fuzz/run.sh            every target, five minutes each
#   FUZZ_TARGETS="markdown theme" bash tests/fuzz/run.sh
set -uo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=$root/build/fuzz
seconds=${FUZZ_SECONDS:-60}
read -r -a targets <<<"${FUZZ_TARGETS:-target form multipart markdown comment config theme query api html wxr tar}"

# Inputs longer than these teach little: a request head is at most max_header_bytes (16 KiB),
# so target may go past it; forms, Markdown and comments find their bugs in a few KiB.
declare -A max_len=([target]=20000 [form]=4096 [multipart]=8192 [markdown]=8192 [comment]=8192
                    [config]=4096 [theme]=4096 [query]=1024 [api]=4096 [html]=8192 [wxr]=16384 [tar]=16384)

failed=0
printf '%-10s %8s %10s %8s %9s  %s\n' target seconds runs exec/s new-units crashes
for t in "${targets[@]}"; do
  binary=$build/tests/fuzz/fuzz_$t
  if [ ! -x "$binary" ]; then
    echo "run.sh: $binary is missing; build it with: cmake --build --preset fuzz" >&2
    exit 2
  fi
  work=$build/corpus-work/$t
  artifacts=$build/crashes/$t
  mkdir -p "$work" "$artifacts"
  cp -n "$root/tests/fuzz/corpus/$t/"* "$work/"
  options=(-max_total_time="$seconds" -max_len="${max_len[$t]:-4096}" -timeout=10
           -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$artifacts/")
  [ -f "$root/tests/fuzz/$t.dict" ] && options+=(-dict="$root/tests/fuzz/$t.dict")
  log=$build/fuzz-$t.log
  started=$SECONDS
  "$binary" "${options[@]}" "$work" >"$log" 2>&1
  status=$?
  elapsed=$((SECONDS - started))
  stat() { grep -o "stat::$1: *[0-9]*" "$log" | grep -o '[0-9]*$' | tail -1; }
  reproducers=$(grep -o 'Test unit written to .*' "$log" | sed 's/Test unit written to //')
  crashes=0
  [ -n "$reproducers" ] && crashes=$(wc -l <<<"$reproducers")
  printf '%-10s %8s %10s %8s %9s  %s\n' "$t" "$elapsed" "$(stat number_of_executed_units)" \
    "$(stat average_exec_per_sec)" "$(stat new_units_added)" "$crashes"
  if [ "$status" -ne 0 ] || [ "$crashes" -ne 0 ]; then
    failed=1
    echo "  FAILED (exit $status); log: $log"
    [ -n "$reproducers" ] && sed 's/^/  reproducer: /' <<<"$reproducers"
    grep -m3 -e 'fuzz property broken' -e 'ERROR: AddressSanitizer' -e 'runtime error' "$log" |
      sed 's/^/  /'
  fi
done
exit "$failed"
