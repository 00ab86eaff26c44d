#!/usr/bin/env bash
# Checks that each module under src/ includes only its own headers and the public headers
# (<module>/<module>.h) of the modules its tapchi_module(... DEPS ...) names in src/CMakeLists.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A deps
module=""
while read -r line; do
  if [[ $line =~ ^tapchi_module\(([a-z_]+) ]]; then
    module=${BASH_REMATCH[1]}
    deps[$module]=""
  elif [[ -n $module && $line =~ ^DEPS[[:space:]]+(.*)$ ]]; then
    deps[$module]=${BASH_REMATCH[1]%)}  # "DEPS a b)" when it ends the call
  elif [[ $line =~ ^\) ]] || [[ $line =~ \)$ && -n $module && ! $line =~ ^(SOURCES|DEPS|LIBS) ]]; then
    :
  fi
done < <(sed -e 's/^[[:space:]]*//' src/CMakeLists.txt)

status=0
for module in "${!deps[@]}"; do
  [ -d "src/$module" ] || continue
  while IFS=: read -r file _ include; do
    target=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"$include")
    other=${target%%/*}
    [ "$other" = "$module" ] && continue
    if [[ " ${deps[$module]} " != *" $other "* ]]; then
      echo "lint: $file includes $target, but $module does not name $other in its DEPS"
      status=1
    elif [ "$target" != "$other/$other.h" ]; then
      echo "lint: $file includes $target, a private header of $other (use $other/$other.h)"
      status=1
    fi
  done < <(grep -rn '#include "' "src/$module" || true)
done
[ $status -eq 0 ] && echo "lint: includes follow the modules' DEPS"
exit $status
