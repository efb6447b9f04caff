#!/usr/bin/env bash
# Fault benchmark (not a test), issue 13 "disk full in the middle of a series": the node's data folder is a small
# tmpfs (needs root for mount) that fills up while one phantom series arrives. The watermark spool.min-free-disk is
# set to 0 so the writes themselves hit ENOSPC (the watermark path is the easy case). Checks: every instance the
# node could not write is answered A700 and leaves no file (no temporary .tmp-* file, no partial instance); after
# the tmpfs is grown ("space returns") the refused instances are sent again and the series completes into a job
# with every instance. Prints sent, success, A700, other statuses, leftover temporary files, spooled count, job.
# Usage: bench/faults/disk-full.sh [TMPFS_SIZE] [PORT]   (defaults 16m 11190; 127.0.0.1 only)
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE="${1:-16m}"
PORT="${2:-11190}"
JAR=modules/app/target/myoscreen.jar
[ -f "$JAR" ] || { echo "disk-full: build the jar first: mvn -B -q -o -DskipTests package" >&2; exit 2; }
WORK="$(mktemp -d /tmp/myoscreen-diskfull.XXXXXX)"
DATA="$WORK/data"
mkdir -p "$DATA"
mount -t tmpfs -o "size=$SIZE" tmpfs "$DATA" || { echo "disk-full: cannot mount a tmpfs (needs root)" >&2; exit 2; }
NODE_PID=""
cleanup() {
  [ -n "$NODE_PID" ] && kill "$NODE_PID" 2>/dev/null && wait "$NODE_PID" 2>/dev/null || true
  umount "$DATA" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
[ -n "${KEEP:-}" ] && trap - EXIT   # KEEP=1 leaves the work folder and the mount for a look

java -jar "$JAR" phantom --output "$WORK/study" --seed 7 --stations 1 >/dev/null
mapfile -t FILES < <(find "$WORK/study" -name '*.dcm' | sort)
echo "study: ${#FILES[@]} instances, $(du -sh "$WORK/study" | cut -f1) on disk; data folder: tmpfs size=$SIZE"

java -Xmx512m -jar "$JAR" run --data-dir "$DATA" --bind 127.0.0.1 --port "$PORT" --http-port 0 \
  --worker.threads 0 --quiet-period 20s --study-quiet-period 1s --spool.min-free-disk 0 >"$WORK/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 60); do echoscu -aec MYOSCREEN 127.0.0.1 "$PORT" 2>/dev/null && break; sleep 0.5; done

# send FILE...: one association per file (DCMTK storescu ends its association at the first refusal, so one
# association per file gives every instance its own answer, as a sender that retries instance by instance);
# prints "STATUS<TAB>FILE" per instance, "NoResponse" when none came.
send() {
  local f line
  for f in "$@"; do
    line=$( { storescu -v -aec MYOSCREEN 127.0.0.1 "$PORT" "$f" 2>&1 || true; } | tee -a "$WORK/storescu.log" \
      | sed -n 's/.*Received Store Response (\(.*\)).*/\1/p' | head -1)
    printf '%s\t%s\n' "${line:-NoResponse}" "$f"
  done
}
send "${FILES[@]}" >"$WORK/round1.tsv"
ok=$(grep -c '^Success' "$WORK/round1.tsv" || true)
full=$(grep -c 'OutOfResources' "$WORK/round1.tsv" || true)
other=$(( ${#FILES[@]} - ok - full ))
temps=$(find "$DATA" -name '.tmp-*' | wc -l)
spooled=$(find "$DATA" -path '*spool*' -name '*.dcm' ! -name '.tmp-*' | wc -l)
echo "full disk: sent=${#FILES[@]} success=$ok A700=$full other_or_missing=$other temporary_files_left=$temps spooled_files=$spooled df_used=$(df --output=pcent "$DATA" | tail -1 | tr -d ' ')"
# Nothing partial: every spooled file must be a complete instance (dcmdump reads it to the end).
bad=0
while IFS= read -r f; do dcmdump -q "$f" >/dev/null 2>&1 || bad=$((bad + 1)); done < <(find "$DATA" -path '*spool*' -name '*.dcm' ! -name '.tmp-*')
echo "full disk: spooled files dcmdump cannot read: $bad"

mount -o remount,size=256m "$DATA"
mapfile -t AGAIN < <(grep -v '^Success' "$WORK/round1.tsv" | cut -f2)
if [ "${#AGAIN[@]}" -gt 0 ]; then send "${AGAIN[@]}" >"$WORK/round2.tsv"; else : >"$WORK/round2.tsv"; fi
ok2=$(grep -c '^Success' "$WORK/round2.tsv" || true)
echo "space back: resent=${#AGAIN[@]} success=$ok2"
# The series completes after the quiet periods (20 s, longer than the resend takes, so the refusals do not cut the
# series into a partial job): wait for its job in the backlog (worker.threads 0 keeps it there).
job=""
for _ in $(seq 1 120); do
  job=$(find "$DATA/queue/pending" -type f -name '*.json' 2>/dev/null | sort | tail -1)
  [ -n "$job" ] && break
  sleep 0.5
done
spooled=$(find "$DATA" -path '*spool*' -name '*.dcm' ! -name '.tmp-*' | wc -l)
if [ -n "$job" ]; then
  jobs=$(find "$DATA/queue/pending" -type f -name '*.json' | wc -l)
  in_job=$(grep 'event=job_created' "$WORK/node.log" | tail -1 | grep -o ' files=[0-9]*' | cut -d= -f2)
  echo "series: jobs=$jobs last_job=$(basename "$job") instances_in_last_job=$in_job spooled_files=$spooled of ${#FILES[@]}"
else
  echo "series: NO JOB after 60 s; spooled_files=$spooled of ${#FILES[@]}"
fi
echo "node log: $(grep -ci 'A700\|out of resources\|no space' "$WORK/node.log" || true) lines about the full disk; first:"
grep -i 'A700\|out of resources\|no space' "$WORK/node.log" | head -2 || true
