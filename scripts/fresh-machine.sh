#!/usr/bin/env bash
# Proves the two commands on a machine that has nothing: builds a throwaway Debian 12 root with
# debootstrap, clones this repository's committed HEAD into it, runs `make test` there and then
# `make run` until /healthz answers. Run as root before resolving any change of dependencies.
#   scripts/fresh-machine.sh [--keep] [--port N] [DIR]
# DIR defaults to a new directory under /var/tmp; --keep leaves it for a look afterwards; the
# demo journal listens on 127.0.0.1:N (default 18080, so a journal of yours on 8080 is no
# obstacle). The host's apt sources and configuration, extra CA certificates and npm settings
# are copied in, so it works wherever the host's own package clients work (a TLS-intercepting
# proxy included). The log of each step is in DIR/fresh-*.log.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

keep=0
port=18080
root=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep) keep=1 ;;
    --port) port=$2; shift ;;
    -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
    *) root=$1 ;;
  esac
  shift
done
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine.sh: run as root (debootstrap, chroot)" >&2; exit 2; }
bash scripts/deps.sh --debootstrap
[ -n "$root" ] || root=$(mktemp -d /var/tmp/tapchi-fresh-XXXXXX)
mkdir -p "$root"
# The root's own directory is the machine's "/": mktemp's 0700 would keep every user but root
# (PostgreSQL's server runs as nobody) from reaching any file in it.
chmod 755 "$root"
root=$(cd "$root" && pwd)

mounted=()
server_pid=""
cleanup() {
  local status=$?
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  # Processes the tests left behind in the root would keep its mounts busy.
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    if [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$root" ]; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do
    umount -l "${mounted[$i]}" 2>/dev/null || true
  done
  if [ "$keep" -eq 0 ]; then
    rm -rf --one-file-system "$root"
  else
    echo "fresh-machine.sh: the root is kept in $root"
  fi
  exit "$status"
}
trap cleanup EXIT

step() { echo "fresh-machine.sh: $(date +%T) $*"; }

# The host's Debian mirror: the first non-security URI of its sources.
mirror=$(grep -hE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/*.sources \
           /etc/apt/sources.list.d/*.list 2>/dev/null |
         grep -oE 'https?://[^ ]+' | grep -v security | head -n1 || true)
[ -n "$mirror" ] || { echo "fresh-machine.sh: no Debian mirror in the host's apt sources" >&2; exit 2; }

if [ ! -x "$root/bin/bash" ]; then
  step "debootstrap bookworm from $mirror into $root"
  debootstrap --variant=minbase --include=ca-certificates,git,make bookworm "$root" "$mirror" \
    >"$root.debootstrap.log" 2>&1 || { tail -n 30 "$root.debootstrap.log"; exit 1; }
  mv "$root.debootstrap.log" "$root/fresh-debootstrap.log"
fi

# What lets the host's package clients through: its sources, apt settings, CA certificates,
# npm settings and name resolution.
cp -a /etc/apt/sources.list.d/. "$root/etc/apt/sources.list.d/"
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$root/etc/apt/sources.list"
cp -a /etc/apt/apt.conf.d/. "$root/etc/apt/apt.conf.d/"
cp -a /usr/share/keyrings/. "$root/usr/share/keyrings/"
if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
  mkdir -p "$root/usr/local/share/ca-certificates"
  cp -a /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null 2>&1
fi
for f in /etc/npmrc /usr/etc/npmrc /root/.npmrc; do
  if [ -f "$f" ]; then
    mkdir -p "$root$(dirname "$f")"
    cp "$f" "$root$f"
  fi
done
cp /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
[ -f /etc/hosts ] && cp /etc/hosts "$root/etc/hosts"

for m in proc sys dev dev/pts dev/shm; do
  mkdir -p "$root/$m"
  case "$m" in
    proc) mount -t proc proc "$root/proc" ;;
    sys) mount -t sysfs sys "$root/sys" ;;
    *) mount --bind "/$m" "$root/$m" ;;
  esac
  mounted+=("$root/$m")
done

step "cloning $(git rev-parse --short HEAD) into the root"
rm -rf "$root/root/tapchi"
git clone -q "$repo" "$root/root/tapchi"

in_root() { chroot "$root" env -i HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 bash -c "cd /root/tapchi && $1"; }

step "make test"
start=$(date +%s)
if ! in_root "make test" >"$root/fresh-test.log" 2>&1; then
  tail -n 60 "$root/fresh-test.log"
  step "make test FAILED (log: $root/fresh-test.log)"
  keep=1
  exit 1
fi
grep -E 'tests passed|tests failed' "$root/fresh-test.log" | tail -n1
step "make test passed in $(($(date +%s) - start)) s"

step "make run on 127.0.0.1:$port"
in_root "TAPCHI_LISTEN=127.0.0.1:$port make run" >"$root/fresh-run.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 900); do
  if curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
    step "make run answers /healthz: $(curl -s -o /dev/null -w '%{http_code} %{size_download} bytes' "http://127.0.0.1:$port/en/")" for /en/
    exit 0
  fi
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 1
done
tail -n 40 "$root/fresh-run.log"
step "make run did not answer /healthz (log: $root/fresh-run.log)"
keep=1
exit 1
