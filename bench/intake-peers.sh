#!/usr/bin/env bash
# C-STORE intake of the real node against two peers, in alternating rounds of one run:
#   - myoscreen: `bin/myoscreen run --worker.threads 0` (spool with one fdatasync per instance before Success,
#     ledger, series assembly, job backlog; no analysis competing for the CPU), started through the launcher with
#     the JVM options it picks for a process that analyses nothing (decision 0025);
#   - storescp:  DCMTK `storescp -od` with TCP_NODELAY=1 (writes files, never syncs: the speed reference);
#   - Orthanc:   `SyncStorageArea: true` (fsyncs each file), SQLite index, no plugins (the durable peer).
# Every receiver is started once and stays up (a node runs warm). Each round sends every receiver a study of its
# own (new study, series and SOP instance UIDs, so nobody skips duplicates) of COUNT instances of 512x512 16-bit
# noise (Explicit VR Little Endian, about 525 kB each) from DCMTK storescu (TCP_NODELAY=1), split over SENDERS
# concurrent associations; the order of the receivers rotates from round to round. The first WARMUP rounds
# (default 1) are a warm-up and are not counted. Prints ms per instance per round with the CPU time (user + system,
# all threads) each receiver process used per instance in that round, the medians, the load average, and the ratios
#   speed vs storescp = storescp ms / myoscreen ms     (goal: >= 0.8 with 1 sender, >= 1.0 with 4)
#   speed vs Orthanc  = Orthanc ms / myoscreen ms      (goal: >= 10)
# Usage: bench/intake-peers.sh [ROUNDS] [COUNT]          (defaults: 4 rounds, 150 instances)
# Environment: SENDERS="1 4" (sender counts, each a separate run of ROUNDS rounds); WARMUP=1 (warm-up rounds per
# sender count: the node is a JVM whose JIT compiler still uses ~0.5 ms of CPU per instance after 1,500
# instances); PEERS="myoscreen storescp
# orthanc"; RECV_ROOT=DIR (where the receivers write; default bench/out/peers, on the repository's disk);
# BASE_PORT (default 11300; uses the next 5 ports); JAVA_OPTS for the node (default -Xmx1g; passed as
# MYOSCREEN_JAVA_OPTS, so a JIT option there replaces the launcher's);
# BASELINE_JAR=path/to/myoscreen.jar adds a fourth receiver "baseline", another build of the node (e.g. the
# commit before a change) started by this launcher (MYOSCREEN_JAR), to compare before and after in the same run;
# BASELINE_JAVA_OPTS (default JAVA_OPTS) are its JVM options, e.g. to compare JIT options on the same jar. KEEP=1 keeps RECV_ROOT (receivers'
# data and logs, ≈ 2.4 GB with the defaults) after the run; otherwise it is deleted. STUDIES_DIR: where each round's
# studies are made for storescu to read (default: a folder in /dev/shm, else RECV_ROOT; see below).
# Needs: a JDK 17, Maven with the offline repository filled by a normal build, DCMTK (storescu, storescp),
# Orthanc, curl, bc, /usr/bin/python3.
set -euo pipefail

ROUNDS=${1:-4}
COUNT=${2:-150}
SENDERS_LIST=${SENDERS:-"1 4"}
WARMUP=${WARMUP:-1}
PEERS=${PEERS:-"myoscreen storescp orthanc"}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RECV_ROOT=${RECV_ROOT:-$ROOT/bench/out/peers}
BASE_PORT=${BASE_PORT:-11300}
PORT_NODE=$BASE_PORT PORT_SCP=$((BASE_PORT + 1)) PORT_ORTHANC=$((BASE_PORT + 2)) HTTP_ORTHANC=$((BASE_PORT + 3))
PORT_BASE_NODE=$((BASE_PORT + 4))
if [ -n "${BASELINE_JAR:-}" ]; then PEERS="$PEERS baseline"; fi
M2=${M2_REPO:-$HOME/.m2/repository}
[ "$ROUNDS" -gt "$WARMUP" ] || { echo "intake-peers: need more rounds than the $WARMUP warm-up round(s)" >&2; exit 2; }

cd "$ROOT"
bin/myoscreen --version >/dev/null # builds the node's jar when stale
mvn -B -q -o -pl modules/dicom-net -am test-compile >/dev/null
GEN_CP="modules/dicom/target/classes:modules/dicom/target/test-classes:modules/dicom-net/target/classes"
GEN_CP="$GEN_CP:modules/dicom-net/target/test-classes:$M2/org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar"

rm -rf "$RECV_ROOT"; mkdir -p "$RECV_ROOT"
PIDS=()
declare -A PID_OF=()
stop_all() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  PIDS=()
  [ -n "${KEEP:-}" ] || rm -rf "$RECV_ROOT"
  case "${STUDIES_DIR:-}" in /dev/shm/intake-peers.*) rm -rf "$STUDIES_DIR" ;; esac
}
trap stop_all EXIT

wait_port() { # PORT
  for _ in $(seq 1 600); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "intake-peers: nothing listening on $1" >&2; exit 1
}

start_receivers() {
  # through the launcher, as users start it: it adds its JVM options (decision 0025) to JAVA_OPTS
  MYOSCREEN_JAVA_OPTS="${JAVA_OPTS:--Xmx1g}" bin/myoscreen run --bind 127.0.0.1 --port "$PORT_NODE" \
    --http-port 0 --worker.threads 0 --data-dir "$RECV_ROOT/node" >"$RECV_ROOT/node.log" 2>&1 &
  PIDS+=($!); PID_OF[myoscreen]=$!
  mkdir -p "$RECV_ROOT/storescp"
  TCP_NODELAY=1 storescp -aet STORESCP -pdu 131072 -od "$RECV_ROOT/storescp" "$PORT_SCP" \
    >"$RECV_ROOT/storescp.log" 2>&1 &
  PIDS+=($!); PID_OF[storescp]=$!
  mkdir -p "$RECV_ROOT/orthanc"
  cat >"$RECV_ROOT/orthanc.json" <<EOF
{ "Name": "bench", "StorageDirectory": "$RECV_ROOT/orthanc", "IndexDirectory": "$RECV_ROOT/orthanc",
  "SyncStorageArea": true, "StorageCompression": false, "Plugins": [], "HttpPort": $HTTP_ORTHANC,
  "RemoteAccessAllowed": false, "AuthenticationEnabled": false, "DicomAet": "ORTHANC", "DicomPort": $PORT_ORTHANC,
  "DicomCheckCalledAet": false, "DicomAlwaysAllowStore": true, "DicomAlwaysAllowEcho": true,
  "UnknownSopClassAccepted": false, "StableAge": 3600, "DicomScpTimeout": 30 }
EOF
  Orthanc "$RECV_ROOT/orthanc.json" >"$RECV_ROOT/orthanc.log" 2>&1 &
  PIDS+=($!); PID_OF[orthanc]=$!
  if [ -n "${BASELINE_JAR:-}" ]; then
    MYOSCREEN_JAR="$BASELINE_JAR" MYOSCREEN_JAVA_OPTS="${BASELINE_JAVA_OPTS:-${JAVA_OPTS:--Xmx1g}}" bin/myoscreen run --bind 127.0.0.1 \
      --port "$PORT_BASE_NODE" \
      --http-port 0 --worker.threads 0 --data-dir "$RECV_ROOT/baseline" >"$RECV_ROOT/baseline.log" 2>&1 &
    PIDS+=($!); PID_OF[baseline]=$!
    wait_port "$PORT_BASE_NODE"
  fi
  wait_port "$PORT_NODE"; wait_port "$PORT_SCP"; wait_port "$PORT_ORTHANC"
}

aet() { case $1 in myoscreen | baseline) echo MYOSCREEN ;; storescp) echo STORESCP ;; orthanc) echo ORTHANC ;; esac; }
port() { case $1 in myoscreen) echo "$PORT_NODE" ;; storescp) echo "$PORT_SCP" ;; orthanc) echo "$PORT_ORTHANC" ;; baseline) echo "$PORT_BASE_NODE" ;; esac; }
received() { # PEER -> instances it holds so far
  case $1 in
    myoscreen) find "$RECV_ROOT/node/spool" -path '*/.incoming' -prune -o -name '*.dcm' -print | wc -l ;;
    baseline) find "$RECV_ROOT/baseline/spool" -path '*/.incoming' -prune -o -name '*.dcm' -print | wc -l ;;
    storescp) find "$RECV_ROOT/storescp" -type f | wc -l ;;
    orthanc) curl -s "http://127.0.0.1:$HTTP_ORTHANC/statistics" |
      /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["CountInstances"])' ;;
  esac
}

# storescu of FOLDER split over N associations; prints the seconds from the first start to the last end
send() { # PEER FOLDER N
  local t0 t1 i pids=() files
  mapfile -t files < <(find "$2" -name '*.dcm' | sort)
  t0=$(date +%s.%N)
  for ((i = 0; i < $3; i++)); do
    TCP_NODELAY=1 storescu -aet "BENCH$i" -aec "$(aet "$1")" 127.0.0.1 "$(port "$1")" \
      $(printf '%s\n' "${files[@]}" | awk -v n="$3" -v k="$i" 'NR % n == k') >/dev/null 2>&1 &
    pids+=($!)
  done
  for p in "${pids[@]}"; do
    wait "$p" || { echo "intake-peers: storescu to $1 failed" >&2; exit 1; }
  done
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}

# CPU time (user + system, all threads) a receiver has used so far, in ms
cpu_ms() { # PEER
  awk -v hz="$(getconf CLK_TCK)" '{print ($14 + $15) * 1000 / hz}' "/proc/${PID_OF[$1]}/stat"
}

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }

read -r -a PEER_ARR <<<"$PEERS"
NPEERS=${#PEER_ARR[@]}
echo "intake-peers: $COUNT instances per round and receiver, $ROUNDS rounds ($WARMUP warm-up), senders: $SENDERS_LIST;"\
  "receivers in $RECV_ROOT; $(nproc) CPUs; $(java -version 2>&1 | head -1); $(storescp --version | head -1);"\
  "Orthanc $(Orthanc --version 2>&1 | head -1 | awk '{print $2}')"
start_receivers
declare -A EXPECT
for p in "${PEER_ARR[@]}"; do EXPECT[$p]=0; done
# The studies storescu reads are made anew and deleted every round. Deleting files on the receivers' file system
# makes its next file creations slower for minutes on a journal-less ext4 (the inode allocator steps over recently
# freed inodes: 0.3-0.4 ms of CPU per new file measured here), a cost no scanner puts on a receiver; so the studies go
# to memory (/dev/shm) when it is there with room for one round (twice the ~525 kB per instance, to spare: a container's
# /dev/shm is often 64 MB), and STUDIES_DIR chooses another place.
if [ -z "${STUDIES_DIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] &&
  [ "$(df -Pk /dev/shm | awk 'NR == 2 {print $4}')" -gt $((COUNT * NPEERS * 1050)) ]; then
  STUDIES_DIR=$(mktemp -d /dev/shm/intake-peers.XXXXXX)
fi
echo "intake-peers: studies made in ${STUDIES_DIR:-$RECV_ROOT}"
STUDIES="${STUDIES_DIR:-$RECV_ROOT}/studies"
SUMMARY=()
for senders in $SENDERS_LIST; do
  declare -A MS=() CPU=()
  for r in $(seq 1 "$ROUNDS"); do
    rm -rf "$STUDIES"
    java -cp "$GEN_CP" org.myoscreen.dicom.net.bench.MakeInstances "$STUDIES" "$COUNT" 512 "$NPEERS"
    line="senders $senders round $r$([ "$r" -le "$WARMUP" ] && echo ' (warm-up)' || true):"
    for k in $(seq 0 $((NPEERS - 1))); do
      i=$(((k + r) % NPEERS)); peer=${PEER_ARR[$i]}
      c0=$(cpu_ms "$peer")
      s=$(send "$peer" "$STUDIES/study-$((k + 1))" "$senders")
      cpu=$(echo "($(cpu_ms "$peer") - $c0) / $COUNT" | bc -l)
      EXPECT[$peer]=$((EXPECT[$peer] + COUNT))
      got=$(received "$peer")
      [ "$got" -eq "${EXPECT[$peer]}" ] || { echo "intake-peers: $peer holds $got of ${EXPECT[$peer]}" >&2; exit 1; }
      ms=$(echo "$s * 1000 / $COUNT" | bc -l)
      [ "$r" -le "$WARMUP" ] || { MS[$peer]="${MS[$peer]:-} $ms"; CPU[$peer]="${CPU[$peer]:-} $cpu"; }
      line="$line $(printf '%s %.2f ms (cpu %.2f)' "$peer" "$ms" "$cpu")"
    done
    echo "$line   (load $(cut -d' ' -f1-3 /proc/loadavg))"
  done
  out="senders $senders, median of $((ROUNDS - WARMUP)) rounds:"
  declare -A MED=()
  for p in "${PEER_ARR[@]}"; do
    # shellcheck disable=SC2086
    MED[$p]=$(median ${MS[$p]})
    # shellcheck disable=SC2086
    out="$out $(printf '%s %.2f ms/instance (cpu %.2f)' "$p" "${MED[$p]}" "$(median ${CPU[$p]})")"
  done
  echo "$out"
  ratios="senders $senders:"
  if [ -n "${MED[myoscreen]:-}" ] && [ -n "${MED[storescp]:-}" ]; then
    ratios="$ratios $(printf 'speed vs storescp %.2fx' "$(echo "${MED[storescp]} / ${MED[myoscreen]}" | bc -l)")"
  fi
  if [ -n "${MED[myoscreen]:-}" ] && [ -n "${MED[orthanc]:-}" ]; then
    ratios="$ratios $(printf '  speed vs Orthanc %.1fx' "$(echo "${MED[orthanc]} / ${MED[myoscreen]}" | bc -l)")"
  fi
  if [ -n "${MED[baseline]:-}" ]; then
    ratios="$ratios $(printf '  speed vs baseline %.2fx' "$(echo "${MED[baseline]} / ${MED[myoscreen]}" | bc -l)")"
  fi
  echo "$ratios"
  SUMMARY+=("$ratios")
  unset MS MED CPU
done
rm -rf "$STUDIES"
echo "summary (load $(cut -d' ' -f1-3 /proc/loadavg)):"
printf '  %s\n' "${SUMMARY[@]}"
