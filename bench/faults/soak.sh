#!/usr/bin/env bash
# Fault benchmark (not a test), issue 13 "soak": `myoscreen run` with analysis on and a DCMTK storescp as the PACS;
# 8 concurrent storescu senders send STUDIES studies (copies of one phantom with new UIDs, one association per
# study); the node's RSS, open files and threads are sampled each second from /proc, and a C-ECHO (echoscu, so
# each figure includes starting the echoscu process) is timed every 0.5 s, until every job has ended and every
# result is delivered. Prints the sent and acknowledged instances, jobs by state, delivered results, the
# samples' first, max and last values and the C-ECHO latency p50/p99/max. 127.0.0.1 only.
# Usage: bench/faults/soak.sh [STUDIES] [SENDERS] [PORT]   (defaults 16 8 11193; the PACS listens on PORT+1)
set -euo pipefail
cd "$(dirname "$0")/../.."
STUDIES="${1:-16}"
SENDERS="${2:-8}"
PORT="${3:-11193}"
PACS_PORT=$((PORT + 1))
JAR=modules/app/target/myoscreen.jar
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

mkdir -p "$WORK/pacs"
storescp -aet PACS -od "$WORK/pacs" "$PACS_PORT" >"$WORK/pacs.log" 2>&1 &
PIDS+=($!)
java -Xmx2g -jar "$JAR" run --data-dir "$DATA" --bind 127.0.0.1 --port "$PORT" --http-port 0 \
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
# C-ECHO prober: milliseconds per echoscu, or FAIL.
( while kill -0 "$NODE" 2>/dev/null; do
    t0=$(date +%s%N)
    if echoscu -to 5 -aec MYOSCREEN 127.0.0.1 "$PORT" 2>/dev/null; then echo $(( ($(date +%s%N) - t0) / 1000000 )); else echo FAIL; fi
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
/usr/bin/python3 - "$WORK/samples.tsv" "$WORK/echo.txt" <<'EOF'
import sys
rows = [l.split('\t') for l in open(sys.argv[1]).read().split('\n') if l.count('\t') == 3 and '' not in l.split('\t')]
for i, name, scale, unit in ((1, 'rss', 1 / 1024, 'MiB'), (2, 'open_files', 1, ''), (3, 'threads', 1, '')):
    v = [int(r[i]) * scale for r in rows]
    half = v[len(v) // 2:]
    print(f"{name}: samples={len(v)} first={v[0]:.0f}{unit} max={max(v):.0f}{unit} last={v[-1]:.0f}{unit} "
          f"max_second_half={max(half):.0f}{unit}")
e = open(sys.argv[2]).read().split()
ok = sorted(int(x) for x in e if x != 'FAIL')
q = lambda p: ok[min(len(ok) - 1, int(p * len(ok)))]
print(f"c_echo: probes={len(e)} failed={e.count('FAIL')} p50_ms={q(0.50)} p99_ms={q(0.99)} max_ms={ok[-1]} over_1s={sum(1 for x in ok if x > 1000)}")
EOF
