#!/usr/bin/env bash
# Receive the same N x 512x512 16-bit MR instances (sent by DCMTK storescu) with our SCP
# (dicom-net, writing Part 10 files) and with DCMTK storescp (TCP_NODELAY=1), in alternating
# runs, and print MB/s for each and the ratio ours/storescp.
#
# Usage: bench/intake-vs-storescp.sh [ROUNDS] [COUNT]     (defaults: 3 rounds, 500 instances)
# Needs: a JDK 17, Maven (offline repository filled by a normal build), DCMTK in PATH.
set -euo pipefail

ROUNDS=${1:-3}
COUNT=${2:-500}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/out"
CACHE="$OUT/cache-$COUNT"
PORT_OURS=${PORT_OURS:-11112}
PORT_DCMTK=${PORT_DCMTK:-11113}
M2=${M2_REPO:-$HOME/.m2/repository}

mkdir -p "$OUT"
cd "$ROOT"
mvn -B -q -o -pl modules/dicom-net -am test-compile >/dev/null
CP="modules/dicom/target/classes:modules/dicom/target/test-classes:modules/dicom-net/target/classes"
CP="$CP:modules/dicom-net/target/test-classes:$M2/org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar"
CP="$CP:$M2/ch/qos/logback/logback-classic/1.5.12/logback-classic-1.5.12.jar"
CP="$CP:$M2/ch/qos/logback/logback-core/1.5.12/logback-core-1.5.12.jar"

if [ ! -f "$CACHE.complete" ]; then
  echo "creating $COUNT instances in $CACHE ..."
  rm -rf "$CACHE"
  java -cp "$CP" org.myoscreen.dicom.net.bench.MakeInstances "$CACHE" "$COUNT"
  touch "$CACHE.complete"
fi
BYTES=$(find "$CACHE" -name '*.dcm' -printf '%s\n' | awk '{s+=$1} END {print s}')

wait_port() {
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.05
  done
  echo "nothing listening on $1" >&2; return 1
}

# our SCP: one JVM for the whole benchmark, as a node runs; stdin held open by a FIFO
FIFO="$OUT/ours.stdin"; rm -f "$FIFO"; mkfifo "$FIFO"
RECV_OURS="$OUT/recv-ours"; RECV_DCMTK="$OUT/recv-storescp"
mkdir -p "$RECV_OURS" "$RECV_DCMTK"
java ${JAVA_OPTS:--Xmx512m -XX:+UseSerialGC} -cp "$CP" org.myoscreen.dicom.net.bench.BenchScp "$PORT_OURS" "$RECV_OURS" MYOSCREEN \
  <"$FIFO" >"$OUT/ours.log" 2>&1 &
OURS_PID=$!
exec 4>"$FIFO"
TCP_NODELAY=1 storescp -aet STORESCP -pdu 131072 -od "$RECV_DCMTK" "$PORT_DCMTK" >"$OUT/storescp.log" 2>&1 &
DCMTK_PID=$!
cleanup() { exec 4>&- || true; kill "$DCMTK_PID" 2>/dev/null || true; wait "$OURS_PID" 2>/dev/null || true; rm -f "$FIFO"; }
trap cleanup EXIT
wait_port "$PORT_OURS"; wait_port "$PORT_DCMTK"

# one timed transfer; prints seconds
send() { # AE PORT RECVDIR
  rm -rf "$3"; mkdir -p "$3"
  local t0 t1
  t0=$(date +%s.%N)
  TCP_NODELAY=1 storescu -aet BENCH -aec "$1" +sd 127.0.0.1 "$2" "$CACHE" >/dev/null
  t1=$(date +%s.%N)
  local got; got=$(find "$3" -type f | wc -l)
  [ "$got" -eq "$COUNT" ] || { echo "$1 received $got of $COUNT" >&2; exit 1; }
  echo "$t1 - $t0" | bc -l
}

echo "warm-up (not timed): both receivers once"
send MYOSCREEN "$PORT_OURS" "$RECV_OURS" >/dev/null
send STORESCP "$PORT_DCMTK" "$RECV_DCMTK" >/dev/null

TOTAL_OURS=0; TOTAL_DCMTK=0
for r in $(seq 1 "$ROUNDS"); do
  s_ours=$(send MYOSCREEN "$PORT_OURS" "$RECV_OURS")
  s_dcmtk=$(send STORESCP "$PORT_DCMTK" "$RECV_DCMTK")
  printf 'round %d: ours %6.1f MB/s (%.2f s)   storescp %6.1f MB/s (%.2f s)\n' "$r" \
    "$(echo "$BYTES / 1000000 / $s_ours" | bc -l)" "$s_ours" "$(echo "$BYTES / 1000000 / $s_dcmtk" | bc -l)" "$s_dcmtk"
  TOTAL_OURS=$(echo "$TOTAL_OURS + $s_ours" | bc -l); TOTAL_DCMTK=$(echo "$TOTAL_DCMTK + $s_dcmtk" | bc -l)
done
MBS_OURS=$(echo "$BYTES * $ROUNDS / 1000000 / $TOTAL_OURS" | bc -l)
MBS_DCMTK=$(echo "$BYTES * $ROUNDS / 1000000 / $TOTAL_DCMTK" | bc -l)
printf 'instances: %d x %d bytes total, rounds: %d\n' "$COUNT" "$BYTES" "$ROUNDS"
printf 'ours:     %.1f MB/s\nstorescp: %.1f MB/s\nratio ours/storescp: %.2f\n' "$MBS_OURS" "$MBS_DCMTK" \
  "$(echo "$MBS_OURS / $MBS_DCMTK" | bc -l)"
