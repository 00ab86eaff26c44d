#!/usr/bin/env bash
# Installs what tapchi needs to build, test and run, from Debian's packages only.
# Idempotent: packages already installed are left alone and apt is not touched.
#   scripts/deps.sh            build + test dependencies (nginx: the load balancer of the
#                              cluster tests, and `make bench`'s reference)
#   scripts/deps.sh --bench    also wrk for `make bench`
#   scripts/deps.sh --node     also node and npm, which the dev build's configuration looks for
#   scripts/deps.sh --browser  also chromium, node and npm for the browser tests
#   scripts/deps.sh --fuzz     also clang and its sanitizer runtimes for `make fuzz`
#   scripts/deps.sh --debootstrap  also debootstrap, for scripts/fresh-machine.sh
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config clang-format
  libboost-dev libsoci-dev libsqlite3-dev sqlite3 libpq-dev postgresql-15
  libutf8proc-dev libcmark-gfm-dev libcmark-gfm-extensions-dev
  libkainjow-mustache-dev libgumbo-dev libxml2-dev libvips-dev libsodium-dev libssl-dev ca-certificates
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libhowardhinnant-date-dev
  libspdlog-dev libfmt-dev zlib1g-dev libbrotli-dev libstemmer-dev tzdata
  libgtest-dev libgmock-dev libbenchmark-dev curl python3-feedparser
  nginx-light
)
for arg in "$@"; do
  case "$arg" in
    --bench) packages+=(wrk time) ;;
    --browser | --node)
      [ "$arg" = --browser ] && packages+=(chromium)
      # node and npm may come from another packaging of Node.js; only ask Debian when absent.
      command -v node >/dev/null || packages+=(nodejs)
      command -v npm >/dev/null || packages+=(npm)
      ;;
    --fuzz) packages+=(clang libclang-rt-14-dev) ;;
    --debootstrap) packages+=(debootstrap git ca-certificates) ;;
    *) echo "deps.sh: unknown option '$arg'" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "deps.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Update the package lists only when they have never been fetched.
  if [ -z "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e lock -e partial)" ]; then
    $sudo apt-get update -q
  fi
  $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" || {
    $sudo apt-get update -q
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
  }
fi
