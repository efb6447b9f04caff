#!/usr/bin/env bash
# The real node (`bin/myoscreen run --worker.threads 0`: spool with fsync, series assembly, ledger, job backlog;
# no analysis, which would compete with intake for the CPU) against
# DCMTK storescp (TCP_NODELAY=1, no fsync), both receiving the same N x 512x512 16-bit MR instances
# from DCMTK storescu over one association, in alternating rounds. Prints instances/s and MB/s for
# each and the ratio ours/storescp.
#
# Each round starts a fresh receiver on an empty data folder, warms it up with a separate small
# series (not timed, so the JIT has compiled the hot path, as in a node that runs for days), then
# times one storescu run of the main set, and stops the receiver.
#
# Usage: bench/intake-node.sh [ROUNDS] [COUNT]     (defaults: 3 rounds, 400 instances)
# Environment: SENDERS=N splits the main set over N concurrent storescu processes (default 1, one
# association); RECV_ROOT=DIR puts both receivers' folders there (default bench/out; e.g. /dev/shm
# makes fsync nearly free and so shows the cost of everything else).
# Needs: a JDK 17, Maven (offline repository filled by a normal build), DCMTK (storescu, storescp), bc.
# Instances are written once to bench/out/cache-COUNT (shared with intake-vs-storescp.sh).
set -euo pipefail

ROUNDS=${1:-3}
COUNT=${2:-400}
WARM=100
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/out"
CACHE="$OUT/cache-$COUNT"
WARM_CACHE="$OUT/warm-$WARM"
PORT_OURS=${PORT_OURS:-11122}
PORT_DCMTK=${PORT_DCMTK:-11123}
M2=${M2_REPO:-$HOME/.m2/repository}
SENDERS=${SENDERS:-1}
RECV_ROOT=${RECV_ROOT:-$OUT}

mkdir -p "$OUT"
cd "$ROOT"

# the node's jar (bin/myoscreen builds it when stale); the instance generator of dicom-net's tests
bin/myoscreen --version >/dev/null
make_instances() { # DIR COUNT
  if [ ! -f "$1.complete" ]; then
    mvn -B -q -o -pl modules/dicom-net -am test-compile >/dev/null
    local cp="modules/dicom/target/classes:modules/dicom/target/test-classes:modules/dicom-net/target/classes"
    cp="$cp:modules/dicom-net/target/test-classes:$M2/org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar"
    echo "creating $2 instances in $1 ..."
    rm -rf "$1"
    java -cp "$cp" org.myoscreen.dicom.net.bench.MakeInstances "$1" "$2"
    touch "$1.complete"
  fi
}
make_instances "$CACHE" "$COUNT"
make_instances "$WARM_CACHE" "$WARM"
BYTES=$(find "$CACHE" -name '*.dcm' -printf '%s\n' | awk '{s+=$1} END {print s}')

RECV_PID=""
stop_receiver() {
  if [ -n "$RECV_PID" ]; then
    kill "$RECV_PID" 2>/dev/null || true
    wait "$RECV_PID" 2>/dev/null || true
    RECV_PID=""
  fi
}
trap stop_receiver EXIT

wait_for() { # LOGFILE PATTERN
  for _ in $(seq 1 600); do
    if grep -q "$2" "$1" 2>/dev/null; then return 0; fi
    if ! kill -0 "$RECV_PID" 2>/dev/null; then echo "receiver died; see $1" >&2; exit 1; fi
    sleep 0.1
  done
  echo "receiver not ready after 60 s; see $1" >&2; exit 1
}

wait_port() {
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listening on $1" >&2; exit 1
}

start_ours() { # DATADIR
  rm -rf "$1"
  bin/myoscreen run --port "$PORT_OURS" --http-port 0 --worker.threads 0 --data-dir "$1" >"$OUT/node.log" 2>&1 &
  RECV_PID=$!
  wait_for "$OUT/node.log" "listening on"
}

start_storescp() { # DIR
  rm -rf "$1"; mkdir -p "$1"
  TCP_NODELAY=1 storescp -aet STORESCP -pdu 131072 -od "$1" "$PORT_DCMTK" >"$OUT/storescp.log" 2>&1 &
  RECV_PID=$!
  wait_port "$PORT_DCMTK"
}

# storescu of one folder, its files split over SENDERS concurrent storescu processes; prints the
# seconds from the first start to the last end
send() { # AE PORT FOLDER
  local t0 t1 i pids=() files
  mapfile -t files < <(find "$3" -name '*.dcm' | sort)
  t0=$(date +%s.%N)
  for ((i = 0; i < SENDERS; i++)); do
    TCP_NODELAY=1 storescu -aet "BENCH$i" -aec "$1" 127.0.0.1 "$2" \
      $(printf '%s\n' "${files[@]}" | awk -v n="$SENDERS" -v k="$i" 'NR % n == k') >/dev/null 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do
    wait "$p" || { echo "storescu to $1 failed" >&2; exit 1; }
  done
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

count_ours() { find "$1/spool" -path '*/.incoming' -prune -o -name '*.dcm' -print | wc -l; }

round_ours() {
  trap stop_receiver EXIT
  local data="$RECV_ROOT/node-data" s got
  start_ours "$data"
  send MYOSCREEN "$PORT_OURS" "$WARM_CACHE" >/dev/null
  s=$(send MYOSCREEN "$PORT_OURS" "$CACHE")
  got=$(count_ours "$data")
  stop_receiver
  rm -rf "$data"
  [ "$got" -eq $((COUNT + WARM)) ] || { echo "node spooled $got of $((COUNT + WARM))" >&2; exit 1; }
  echo "$s"
}

round_storescp() {
  trap stop_receiver EXIT
  local dir="$RECV_ROOT/recv-storescp" s got
  start_storescp "$dir"
  send STORESCP "$PORT_DCMTK" "$WARM_CACHE" >/dev/null
  s=$(send STORESCP "$PORT_DCMTK" "$CACHE")
  got=$(find "$dir" -type f | wc -l)
  stop_receiver
  rm -rf "$dir"
  [ "$got" -eq $((COUNT + WARM)) ] || { echo "storescp stored $got of $((COUNT + WARM))" >&2; exit 1; }
  echo "$s"
}

rate() { # SECONDS -> "inst/s MB/s"
  printf '%7.1f inst/s %6.1f MB/s' "$(echo "$COUNT / $1" | bc -l)" "$(echo "$BYTES / 1000000 / $1" | bc -l)"
}

echo "bench: $COUNT instances ($BYTES bytes), $ROUNDS rounds, $SENDERS sender(s), receivers in $RECV_ROOT,"\
  "$(nproc) CPUs, $(java -version 2>&1 | head -1)"
TOTAL_OURS=0; TOTAL_DCMTK=0
for r in $(seq 1 "$ROUNDS"); do
  s_ours=$(round_ours)
  s_dcmtk=$(round_storescp)
  printf 'round %d: ours %s (%.2f s)   storescp %s (%.2f s)\n' "$r" "$(rate "$s_ours")" "$s_ours" \
    "$(rate "$s_dcmtk")" "$s_dcmtk"
  TOTAL_OURS=$(echo "$TOTAL_OURS + $s_ours" | bc -l); TOTAL_DCMTK=$(echo "$TOTAL_DCMTK + $s_dcmtk" | bc -l)
done
AVG_OURS=$(echo "$TOTAL_OURS / $ROUNDS" | bc -l); AVG_DCMTK=$(echo "$TOTAL_DCMTK / $ROUNDS" | bc -l)
printf 'ours (myoscreen run, fsync): %s\n' "$(rate "$AVG_OURS")"
printf 'storescp (no fsync):         %s\n' "$(rate "$AVG_DCMTK")"
printf 'ratio ours/storescp: %.2f\n' "$(echo "$AVG_DCMTK / $AVG_OURS" | bc -l)"
