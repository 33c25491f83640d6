#!/usr/bin/env bash
# startup.sh [RUNS]: time `afterimage run` from process start to /health/ready = 200, and its resident memory
# then, on a fresh data dir (first start: Kafka storage formatted) and again on the same dir (restart).
# Prints one line per start and the medians. Needs the jar (./afterimage builds it).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-3}
PORT=${PORT:-18181}
fresh=(); again=(); rss=()
one() {   # $1 data dir -> "ms rss_mb"
  local t0 pid ms
  t0=$(date +%s%N)
  ./afterimage run --data "$1" --port "$PORT" > "$1.log" 2>&1 &
  pid=$!
  until curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "afterimage exited; see $1.log" >&2; exit 1; }
    sleep 0.1
  done
  ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  local jpid; jpid=$(pgrep -f "afterimage.jar run --data $1" | head -1)
  local kb; kb=$(awk '/VmRSS/ {print $2}' "/proc/$jpid/status")
  kill -TERM "$jpid"; wait "$pid" 2>/dev/null || true
  echo "$ms $(( kb / 1024 ))"
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for i in $(seq 1 "$RUNS"); do
  d=$(mktemp -d /tmp/afterimage-startup-XXXX)
  read -r ms mb < <(one "$d"); fresh+=("$ms"); rss+=("$mb"); echo "run $i fresh:   ready in ${ms} ms, RSS ${mb} MB"
  read -r ms mb < <(one "$d"); again+=("$ms"); rss+=("$mb"); echo "run $i restart: ready in ${ms} ms, RSS ${mb} MB"
  rm -rf "$d" "$d.log"
done
echo "median: fresh start $(median "${fresh[@]}") ms, restart $(median "${again[@]}") ms, RSS at ready $(median "${rss[@]}") MB"
