#!/usr/bin/env bash
# Receive the same N x 512x512 16-bit MR instances (sent by DCMTK storescu) with our SCP
# (dicom-net, writing Part 10 files) and with DCMTK storescp (TCP_NODELAY=1), in alternating
# runs, and print MB/s for each and the ratio ours/storescp.
#
# Usage: bench/intake-vs-storescp.sh [ROUNDS] [COUNT]     (defaults: 5 rounds, 500 instances)
# Environment: WARMUP (untimed passes per receiver, default 2), RECV_ROOT (where both receivers
# write, default bench/out), JAVA_OPTS, PORT_OURS, PORT_DCMTK.
# Needs: a JDK 17, Maven (offline repository filled by a normal build), DCMTK, bc, /usr/bin/python3.
set -euo pipefail

ROUNDS=${1:-5}
COUNT=${2:-500}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/out"
CACHE="$OUT/cache-$COUNT"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# free ports by default, so that concurrent runs on a shared machine do not send to each other
PORT_OURS=${PORT_OURS:-$(free_port)}
PORT_DCMTK=${PORT_DCMTK:-$(free_port)}
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
RECV_ROOT=${RECV_ROOT:-$OUT}
RECV_OURS="$RECV_ROOT/recv-ours"; RECV_DCMTK="$RECV_ROOT/recv-storescp"
mkdir -p "$RECV_OURS" "$RECV_DCMTK"
java ${JAVA_OPTS:--Xmx512m -XX:+UseSerialGC} -cp "$CP" org.myoscreen.dicom.net.bench.BenchScp "$PORT_OURS" "$RECV_OURS" MYOSCREEN \
  <"$FIFO" >"$OUT/ours.log" 2>&1 &
OURS_PID=$!
exec 4>"$FIFO"
TCP_NODELAY=1 storescp -aet STORESCP -pdu 131072 -od "$RECV_DCMTK" "$PORT_DCMTK" >"$OUT/storescp.log" 2>&1 &
DCMTK_PID=$!
cleanup() { exec 4>&- || true; kill "$DCMTK_PID" 2>/dev/null || true; wait "$OURS_PID" 2>/dev/null || true; rm -f "$FIFO"; }
trap cleanup EXIT
for _ in $(seq 1 300); do grep -q '^READY' "$OUT/ours.log" 2>/dev/null && break; sleep 0.1; done
grep -q '^READY' "$OUT/ours.log" || { echo "our SCP did not start:" >&2; cat "$OUT/ours.log" >&2; exit 1; }
wait_port "$PORT_DCMTK"

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

# a node runs for days: time it warm (JIT-compiled), and give storescp the same warm page cache
WARMUP=${WARMUP:-2}
echo "warm-up (not timed): both receivers $WARMUP times"
for _ in $(seq 1 "$WARMUP"); do
  send MYOSCREEN "$PORT_OURS" "$RECV_OURS" >/dev/null
  send STORESCP "$PORT_DCMTK" "$RECV_DCMTK" >/dev/null
done

TOTAL_OURS=0; TOTAL_DCMTK=0; RATES_OURS=(); RATES_DCMTK=()
for r in $(seq 1 "$ROUNDS"); do
  s_ours=$(send MYOSCREEN "$PORT_OURS" "$RECV_OURS")
  s_dcmtk=$(send STORESCP "$PORT_DCMTK" "$RECV_DCMTK")
  m_ours=$(echo "$BYTES / 1000000 / $s_ours" | bc -l); m_dcmtk=$(echo "$BYTES / 1000000 / $s_dcmtk" | bc -l)
  RATES_OURS+=("$m_ours"); RATES_DCMTK+=("$m_dcmtk")
  printf 'round %d: ours %6.1f MB/s (%.2f s)   storescp %6.1f MB/s (%.2f s)\n' "$r" "$m_ours" "$s_ours" \
    "$m_dcmtk" "$s_dcmtk"
  TOTAL_OURS=$(echo "$TOTAL_OURS + $s_ours" | bc -l); TOTAL_DCMTK=$(echo "$TOTAL_DCMTK + $s_dcmtk" | bc -l)
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
MBS_OURS=$(echo "$BYTES * $ROUNDS / 1000000 / $TOTAL_OURS" | bc -l)
MBS_DCMTK=$(echo "$BYTES * $ROUNDS / 1000000 / $TOTAL_DCMTK" | bc -l)
MED_OURS=$(median "${RATES_OURS[@]}"); MED_DCMTK=$(median "${RATES_DCMTK[@]}")
printf 'instances: %d, %d bytes per pass, rounds: %d, warm-up passes: %d\n' "$COUNT" "$BYTES" "$ROUNDS" "$WARMUP"
printf 'ours:     %.1f MB/s overall, median %.1f MB/s\n' "$MBS_OURS" "$MED_OURS"
printf 'storescp: %.1f MB/s overall, median %.1f MB/s\n' "$MBS_DCMTK" "$MED_DCMTK"
printf 'ratio ours/storescp: %.2f overall, %.2f of medians\n' "$(echo "$MBS_OURS / $MBS_DCMTK" | bc -l)" \
  "$(echo "$MED_OURS / $MED_DCMTK" | bc -l)"
