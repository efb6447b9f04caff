#!/usr/bin/env bash
# Fault benchmark (not a test), issue 13 "soak": `myoscreen run` with analysis on and a DCMTK storescp as the PACS;
# 8 concurrent storescu senders send STUDIES studies (copies of one phantom with new UIDs, one association per
# study); the node's RSS, open files and threads are sampled each second from /proc, and a C-ECHO (echoscu, so
# each figure includes starting the echoscu process) is timed every 0.5 s, each followed by the same probe to
# storescp as the baseline of that moment, until every job has ended and every result is delivered. Prints the
# sent and acknowledged instances, jobs by state, delivered results, the samples' first, max and last values, RSS
# over time (the max of each tenth of the run, to tell a plateau from a climb), the JVM's own accounting (heap
# committed/used from `jcmd GC.heap_info`, and with NMT the committed total of `jcmd VM.native_memory summary`)
# every 15 s, and the C-ECHO latency p50/p99/max, the baseline's, and their difference. 127.0.0.1 only.
# Usage: bench/faults/soak.sh [STUDIES] [SENDERS] [PORT]   (defaults 16 8 11193; the PACS listens on PORT+1)
# Environment: NODE_JAVA_OPTS (default "-Xmx2g") are the node's JVM options, e.g.
#   NODE_JAVA_OPTS="-Xmx512m -XX:NativeMemoryTracking=summary" MALLOC_ARENA_MAX=2 bench/faults/soak.sh 40 8
# SOAK_JAR runs another copy of the launcher jar (so that a rebuild during a long run does not touch it).
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDIES="${1:-16}"
SENDERS="${2:-8}"
PORT="${3:-11193}"
PACS_PORT=$((PORT + 1))
JAR="${SOAK_JAR:-modules/app/target/myoscreen.jar}"
[ -f "$JAR" ] || { echo "soak: build the jar first: mvn -B -q -o -DskipTests package" >&2; exit 2; }
WORK="$(mktemp -d /tmp/myoscreen-soak.XXXXXX)"
DATA="$WORK/data"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

java -jar "$JAR" phantom --output "$WORK/phantom" --seed 5 --stations 1 >/dev/null 2>&1
uid() { echo "2.25.$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid4().int)')"; }
for k in $(seq 1 "$STUDIES"); do
  mkdir -p "$WORK/studies/$k"
  cp "$WORK"/phantom/series-*/*.dcm "$WORK/studies/$k/"
  dcmodify -nb -q -m "(0020,000D)=$(uid)" -m "(0020,000E)=$(uid)" -gin "$WORK/studies/$k"/*.dcm
done
PER_STUDY=$(ls "$WORK/studies/1" | wc -l)
echo "studies: $STUDIES x $PER_STUDY instances, senders: $SENDERS; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "node JVM options: ${NODE_JAVA_OPTS:--Xmx2g}; MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-unset}"

mkdir -p "$WORK/pacs"
storescp -aet PACS -od "$WORK/pacs" "$PACS_PORT" >"$WORK/pacs.log" 2>&1 &
PIDS+=($!)
# shellcheck disable=SC2086
java ${NODE_JAVA_OPTS:--Xmx2g} -jar "$JAR" run --data-dir "$DATA" --bind 127.0.0.1 --port "$PORT" --http-port 0 \
  --quiet-period 2s --study-quiet-period 1s --destination "PACS@127.0.0.1:$PACS_PORT" \
  --delivery.interval 1s >"$WORK/node.log" 2>&1 &
NODE=$!
PIDS+=($NODE)
for _ in $(seq 1 120); do echoscu -aec MYOSCREEN 127.0.0.1 "$PORT" 2>/dev/null && break; sleep 0.25; done

# Sampler: seconds, RSS in KiB, open files, threads.
( while kill -0 "$NODE" 2>/dev/null; do
    printf '%s\t%s\t%s\t%s\n' "$(date +%s)" "$(awk '/^VmRSS/ { print $2 }' /proc/$NODE/status)" \
      "$(ls /proc/$NODE/fd | wc -l)" "$(awk '/^Threads/ { print $2 }' /proc/$NODE/status)"
    sleep 1
  done ) >"$WORK/samples.tsv" 2>/dev/null &
PIDS+=($!)
# JVM accounting every 15 s: seconds, heap committed KiB, heap used KiB, NMT committed total KiB (or -).
( while kill -0 "$NODE" 2>/dev/null; do
    heap=$(jcmd "$NODE" GC.heap_info 2>/dev/null | sed -n 's/.*total \([0-9]*\)K, used \([0-9]*\)K.*/\1 \2/p' | head -n 1)
    nmt=$(jcmd "$NODE" VM.native_memory summary 2>/dev/null | awk '/^Total:/ { sub(/.*committed=/, ""); sub(/KB.*/, ""); print; exit }')
    printf '%s\t%s\t%s\n' "$(date +%s)" "${heap:-- -}" "${nmt:--}"
    sleep 15
  done ) >"$WORK/jvm.tsv" 2>/dev/null &
PIDS+=($!)
# C-ECHO prober: milliseconds per echoscu (or FAIL) to the node, then to storescp as the baseline in the same
# moment: echoscu's own start-up on a loaded machine is in both, the node's share is the difference.
( while kill -0 "$NODE" 2>/dev/null; do
    t0=$(date +%s%N)
    if echoscu -to 5 -aec MYOSCREEN 127.0.0.1 "$PORT" 2>/dev/null; then n=$(( ($(date +%s%N) - t0) / 1000000 )); else n=FAIL; fi
    t0=$(date +%s%N)
    if echoscu -to 5 -aec PACS 127.0.0.1 "$PACS_PORT" 2>/dev/null; then b=$(( ($(date +%s%N) - t0) / 1000000 )); else b=FAIL; fi
    echo "$n $b"
    sleep 0.5
  done ) >"$WORK/echo.txt" 2>/dev/null &
PIDS+=($!)

start=$(date +%s)
SENDER_PIDS=()
for s in $(seq 0 $((SENDERS - 1))); do
  ( for k in $(seq $((s + 1)) "$SENDERS" "$STUDIES"); do
      storescu -v -aec MYOSCREEN 127.0.0.1 "$PORT" "$WORK/studies/$k"/*.dcm 2>&1 || true
    done ) >"$WORK/sender-$s.log" &
  SENDER_PIDS+=($!)
done
for p in "${SENDER_PIDS[@]}"; do wait "$p" || true; done
sent_s=$(( $(date +%s) - start ))
acked=$(cat "$WORK"/sender-*.log | grep -c 'Received Store Response (Success' || true)

ledger() { sqlite3 -readonly "$DATA/ledger.db" "$1" 2>/dev/null || echo "?"; }
for _ in $(seq 1 1800); do
  sleep 1
  ended=$(ledger "SELECT count(DISTINCT study_instance_uid) FROM jobs WHERE state IN ('DONE','QC_REFUSED','FAILED','NOT_ELIGIBLE')")
  open=$(ledger "SELECT count(*) FROM jobs WHERE state NOT IN ('DONE','QC_REFUSED','FAILED','NOT_ELIGIBLE')")
  outbox=$(find "$DATA/outbox" -type f -name '*.dcm' 2>/dev/null | wc -l)
  [ "$ended" = "$STUDIES" ] && [ "$open" = "0" ] && [ "$outbox" = "0" ] && break
done
total_s=$(( $(date +%s) - start ))
sleep 2
results=$(find "$DATA/results" -name '*.dcm' 2>/dev/null | wc -l)
delivered=$(find "$WORK/pacs" -type f | wc -l)

echo "sent=$((STUDIES * PER_STUDY)) acknowledged=$acked send_s=$sent_s until_all_delivered_s=$total_s"
echo "jobs by state: $(ledger "SELECT group_concat(state || '=' || n, ' ') FROM (SELECT state, count(*) n FROM jobs GROUP BY state)")"
echo "result objects=$results received_by_pacs=$delivered"
echo "jvm accounting (s since start, heap committed/used MiB, NMT committed MiB):"
awk -v t0="$start" -F'\t' '{ split($2, h, " "); printf "  t=%ds heap=%s/%s nmt=%s\n", $1 - t0, \
  (h[1] ~ /^[0-9]+$/ ? int(h[1] / 1024) : "-"), (h[2] ~ /^[0-9]+$/ ? int(h[2] / 1024) : "-"), \
  ($3 ~ /^[0-9]+$/ ? int($3 / 1024) : "-") }' "$WORK/jvm.tsv"
if [[ "${NODE_JAVA_OPTS:-}" == *NativeMemoryTracking* ]]; then
  jcmd "$NODE" VM.native_memory summary 2>/dev/null | grep -E '^(Total|-)' | sed 's/^/  /' || true
fi
/usr/bin/python3 - "$WORK/samples.tsv" "$WORK/echo.txt" <<'EOF'
import sys
rows = [l.split('\t') for l in open(sys.argv[1]).read().split('\n') if l.count('\t') == 3 and '' not in l.split('\t')]
for i, name, scale, unit in ((1, 'rss', 1 / 1024, 'MiB'), (2, 'open_files', 1, ''), (3, 'threads', 1, '')):
    v = [int(r[i]) * scale for r in rows]
    half = v[len(v) // 2:]
    print(f"{name}: samples={len(v)} first={v[0]:.0f}{unit} max={max(v):.0f}{unit} last={v[-1]:.0f}{unit} "
          f"max_second_half={max(half):.0f}{unit}")
    if i == 1:
        tenth = max(1, len(v) // 10)
        print("rss_max_per_tenth_MiB: " + " ".join(f"{max(v[k:k + tenth]):.0f}" for k in range(0, len(v), tenth)))
pairs = [l.split() for l in open(sys.argv[2]).read().split('\n') if len(l.split()) == 2]
for name, col in (('c_echo', 0), ('c_echo_storescp_baseline', 1)):
    e = [p[col] for p in pairs]
    ok = sorted(int(x) for x in e if x != 'FAIL')
    q = lambda p: ok[min(len(ok) - 1, int(p * len(ok)))]
    print(f"{name}: probes={len(e)} failed={e.count('FAIL')} p50_ms={q(0.50)} p99_ms={q(0.99)} max_ms={ok[-1]} "
          f"over_1s={sum(1 for x in ok if x > 1000)}")
both = [(int(a), int(b)) for a, b in pairs if a != 'FAIL' and b != 'FAIL']
d = sorted(a - b for a, b in both)
print(f"c_echo_minus_baseline_ms: p50={d[len(d) // 2]} p99={d[min(len(d) - 1, int(0.99 * len(d)))]} "
      f"ratio_p99={sorted(a for a, _ in both)[int(0.99 * len(both))] / max(1, sorted(b for _, b in both)[int(0.99 * len(both))]):.2f}")
EOF
