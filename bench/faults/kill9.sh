#!/usr/bin/env bash
# Fault benchmark (not a test), issue 13 "repeated kill -9": `myoscreen run` (analysis on) with a DCMTK storescp as
# the PACS, killed with SIGKILL at a random moment ROUNDS times while studies arrive, are analysed and delivered;
# restarted on the same data folder each time. A storescu sender sends the instances not yet acknowledged (a
# sender retries what it got no Success for). At the end the node runs undisturbed until every job has ended,
# then the checker proves:
#   - every acknowledged instance (storescu got Success) is in the spool;
#   - every job of the ledger is DONE or QC_REFUSED;
#   - every result object the node wrote (DATA_DIR/results/**.dcm) reached storescp.
# Prints rounds, the moment each kill hit (the node's last logged event), losses (must be 0) and duplicates
# (results storescp received more than once; instances the sender resent that the spool already held). While instances are pending, odd rounds kill within 0.6 s of the
# sender's start, so some kills land inside a C-STORE association ("(mid-association)" in the moments). 127.0.0.1 only.
# Usage: bench/faults/kill9.sh [ROUNDS] [STUDIES] [PORT]   (defaults 20 3 11191; the PACS listens on PORT+1)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS="${1:-20}"
STUDIES="${2:-3}"
PORT="${3:-11191}"
PACS_PORT=$((PORT + 1))
JAR=modules/app/target/myoscreen.jar
[ -f "$JAR" ] || { echo "kill9: build the jar first: mvn -B -q -o -DskipTests package" >&2; exit 2; }
WORK="$(mktemp -d /tmp/myoscreen-kill9.XXXXXX)"
DATA="$WORK/data"
NODE_PID=""
PACS_PID=""
cleanup() {
  [ -n "$NODE_PID" ] && kill -9 "$NODE_PID" 2>/dev/null || true
  [ -n "$PACS_PID" ] && kill "$PACS_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

# Studies: one phantom, copied with new study, series and instance UIDs.
java -jar "$JAR" phantom --output "$WORK/phantom" --seed 11 --stations 1 >/dev/null 2>&1
uid() { echo "2.25.$(/usr/bin/python3 -c 'import uuid; print(uuid.uuid4().int)')"; }
for k in $(seq 1 "$STUDIES"); do
  mkdir -p "$WORK/studies/$k"
  cp "$WORK"/phantom/series-*/*.dcm "$WORK/studies/$k/"
  dcmodify -nb -q -m "(0020,000D)=$(uid)" -m "(0020,000E)=$(uid)" -gin "$WORK/studies/$k"/*.dcm
done
find "$WORK/studies" -name '*.dcm' | sort >"$WORK/pending.txt"
: >"$WORK/acked.txt"
echo "studies: $STUDIES x $(ls "$WORK/studies/1" | wc -l) instances; rounds: $ROUNDS"

mkdir -p "$WORK/pacs"
storescp -aet PACS -od "$WORK/pacs" -xcr "echo #f >> $WORK/pacs-received.txt" "$PACS_PORT" >"$WORK/pacs.log" 2>&1 &
PACS_PID=$!

start_node() {
  java -Xmx2g -jar "$JAR" run --data-dir "$DATA" --bind 127.0.0.1 --port "$PORT" --http-port 0 \
    --quiet-period 2s --study-quiet-period 1s --destination "PACS@127.0.0.1:$PACS_PORT" \
    --delivery.interval 1s --delivery.initial-backoff 1s --delivery.max-backoff 5s >>"$WORK/node.log" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 120); do echoscu -aec MYOSCREEN 127.0.0.1 "$PORT" 2>/dev/null && return 0; sleep 0.25; done
  echo "kill9: node did not answer C-ECHO" >&2; exit 1
}

# send_chunk N: sends the next N pending files in one association (background); acknowledged ones are logged.
send_chunk() {
  head -n "$1" "$WORK/pending.txt" >"$WORK/chunk.txt"
  [ -s "$WORK/chunk.txt" ] || return 0
  { xargs -a "$WORK/chunk.txt" storescu -v -aec MYOSCREEN 127.0.0.1 "$PORT" >"$WORK/send.log" 2>&1 || true; } &
  SENDER=$!
}
collect_acks() {
  [ -s "$WORK/chunk.txt" ] || return 0
  awk '/Sending file:/ { f = $NF } /Received Store Response \(Success/ { print f }' "$WORK/send.log" >>"$WORK/acked.txt"
  sort -u "$WORK/acked.txt" -o "$WORK/acked.txt"
  comm -23 "$WORK/pending.txt" "$WORK/acked.txt" >"$WORK/pending.new" && mv "$WORK/pending.new" "$WORK/pending.txt"
  : >"$WORK/chunk.txt"
}

declare -A MOMENTS=()
for r in $(seq 1 "$ROUNDS"); do
  start_node
  SENDER=""
  send_chunk 60
  # While instances are pending, every other round kills within the first 0.6 s, inside the association.
  if [ -s "$WORK/chunk.txt" ] && [ $((r % 2)) -eq 1 ]; then
    sleep "$(/usr/bin/python3 -c 'import random; print(round(random.uniform(0.05, 0.6), 2))')"
  else
    sleep "$(/usr/bin/python3 -c 'import random; print(round(random.uniform(0.5, 12), 2))')"
  fi
  moment=$(grep -o 'event=[a-z_]*' "$WORK/node.log" | tail -1 | cut -d= -f2)
  kill -9 "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true; NODE_PID=""
  [ -n "$SENDER" ] && { wait "$SENDER" 2>/dev/null || true; }
  in_flight=$(grep -c 'Sending file:' "$WORK/send.log" 2>/dev/null || true)
  acked_before=$(wc -l <"$WORK/acked.txt")
  collect_acks
  [ -s "$WORK/send.log" ] && [ $(( $(wc -l <"$WORK/acked.txt") - acked_before )) -lt "${in_flight:-0}" ] \
    && moment="${moment}(mid-association)"
  : >"$WORK/send.log"
  MOMENTS[$moment]=$(( ${MOMENTS[$moment]:-0} + 1 ))
  echo "round $r: killed after event=$moment; acknowledged=$(wc -l <"$WORK/acked.txt") pending=$(wc -l <"$WORK/pending.txt")"
done

# Drain: send what is left, then let the node finish every job and delivery.
start_node
while [ -s "$WORK/pending.txt" ]; do
  SENDER=""; send_chunk 1000; [ -n "$SENDER" ] && wait "$SENDER" || true; collect_acks
done
ledger() { sqlite3 -readonly "$DATA/ledger.db" "$1" 2>/dev/null || echo "?"; }
drain_s=0
for drain_s in $(seq 1 900); do
  sleep 1
  open=$(ledger "SELECT count(*) FROM jobs WHERE state NOT IN ('DONE','QC_REFUSED','FAILED','NOT_ELIGIBLE')")
  queued=$(find "$DATA/queue/pending" -name '*.json' 2>/dev/null | wc -l)
  outbox=$(find "$DATA/outbox" -type f -name '*.dcm' 2>/dev/null | wc -l)
  [ "$open" = "0" ] && [ "$queued" = "0" ] && [ "$outbox" = "0" ] && [ "$drain_s" -gt 20 ] && break
done
kill "$NODE_PID"; wait "$NODE_PID" 2>/dev/null || true; NODE_PID=""
sleep 1

# Checker.
lost_instances=0
while IFS= read -r f; do
  sop=$(dcmdump -q -s +P 0008,0018 "$f" | sed -n 's/.*\[\(.*\)\].*/\1/p')
  [ -n "$(find "$DATA/spool" -name "$sop.dcm" -print -quit)" ] || lost_instances=$((lost_instances + 1))
done <"$WORK/acked.txt"
mapfile -t RESULTS < <(find "$DATA/results" -name '*.dcm' 2>/dev/null)
lost_results=0
duplicates=0
for f in "${RESULTS[@]}"; do
  sop=$(dcmdump -q -s +P 0008,0018 "$f" | sed -n 's/.*\[\(.*\)\].*/\1/p')
  n=$(grep -c -- "$sop" "$WORK/pacs-received.txt" 2>/dev/null || true)
  [ "${n:-0}" -ge 1 ] || lost_results=$((lost_results + 1))
  [ "${n:-0}" -gt 1 ] && duplicates=$((duplicates + n - 1))
done
bad_jobs=$(ledger "SELECT count(*) FROM jobs WHERE state NOT IN ('DONE','QC_REFUSED')")
echo "kill moments: $(for k in "${!MOMENTS[@]}"; do printf '%s=%s ' "$k" "${MOMENTS[$k]}"; done)"
echo "jobs by state: $(ledger "SELECT group_concat(state || '=' || n, ' ') FROM (SELECT state, count(*) n FROM jobs GROUP BY state)")"
echo "rounds=$ROUNDS acknowledged_instances=$(wc -l <"$WORK/acked.txt") lost_instances=$lost_instances" \
  "jobs_not_done_or_qc_refused=$bad_jobs result_objects=${#RESULTS[@]} lost_results=$lost_results" \
  "pacs_receptions=$(wc -l <"$WORK/pacs-received.txt" 2>/dev/null || echo 0) duplicate_results=$duplicates" \
  "duplicate_instances_resent=$(grep -c 'event=duplicate_instance' "$WORK/node.log" || true) drain_s=$drain_s"
