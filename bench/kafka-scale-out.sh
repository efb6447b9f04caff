#!/usr/bin/env bash
# Scale-out throughput and latency: DCMTK storescu sends JOBS small phantom studies to `myoscreen node`,
# which publishes the jobs to a dev Kafka broker (deploy/kafka/dev-broker.sh); W `myoscreen worker`s
# (reference model, CPU) analyse them and deliver SEG/SR/SC to DCMTK storescp. For each W it prints
#   jobs/min  = JOBS / (last job delivered − first job published) × 60
#   latency   = per study, from the end of its storescu run (last instance's C-STORE answered) to the worker's
#               event=job_delivered (every output, the SR included, accepted by storescp); median and max.
# The latency includes the configured quiet periods (series 1 s, study 1 s) and waiting behind other jobs.
#
# Usage: bench/kafka-scale-out.sh [JOBS] [WORKER_COUNTS...]      (defaults: 6 jobs, worker counts 1 2)
# Environment: PHANTOM_ARGS (default "--stations 1 --matrix 96 --spacing 4 --slice-thickness 8", the e2e
# tests' study), WORKER_HEAP (default 1g).
# Needs: JDK 17, Maven (builds the jar when missing), DCMTK (storescu, storescp, dcmdump), python3.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/out/kafka"
JAR="$ROOT/modules/app/target/myoscreen.jar"
JOBS=${1:-6}
shift || true
[ $# -gt 0 ] && COUNTS=("$@") || COUNTS=(1 2)
PHANTOM_ARGS=${PHANTOM_ARGS:-"--stations 1 --matrix 96 --spacing 4 --slice-thickness 8"}
mkdir -p "$OUT"
"$ROOT/bin/myoscreen" --help >/dev/null  # builds the jar when missing or older than the sources

# background processes are started as `java … &` (not through a function) so that $! is the JVM itself
my() { java -XX:+UseSerialGC "$@"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_line() { # FILE PATTERN COUNT TIMEOUT_S
    local end=$((SECONDS + $4))
    until [ "$(grep -c -- "$2" "$1" 2>/dev/null || true)" -ge "$3" ]; do
        [ "$SECONDS" -lt "$end" ] || { echo "timed out waiting for $3 × '$2' in $1" >&2; return 1; }
        sleep 0.2
    done
}

for i in $(seq 1 "$JOBS"); do
    d="$OUT/phantom-$i"
    [ -f "$d/truth.json" ] || my -jar "$JAR" phantom --output "$d" --seed $((100 + i)) $PHANTOM_ARGS >/dev/null 2>&1
done

BOOT=$("$ROOT/deploy/kafka/dev-broker.sh" start "$OUT/broker" 2>/dev/null | tail -n 1)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    "$ROOT/deploy/kafka/dev-broker.sh" stop "$OUT/broker" 2>/dev/null || true
}
trap cleanup EXIT

for W in "${COUNTS[@]}"; do
    run="$OUT/run-$W"
    rm -rf "$run" && mkdir -p "$run/pacs"
    t="bench-$W-$$"
    kafka=(--kafka "$BOOT" --kafka-jobs-topic "$t.jobs" --kafka-results-topic "$t.results"
        --kafka-dead-letter-topic "$t.dead" --kafka-group "$t-workers" --kafka-partitions 6)
    pacs=$(free_port)
    storescp -aet PACS -uf -od "$run/pacs" "$pacs" >"$run/storescp.log" 2>&1 &
    pids+=($!)
    for k in $(seq 1 "$W"); do
        MYOSCREEN_LOG_LEVEL=INFO java -XX:+UseSerialGC -Xmx"${WORKER_HEAP:-1g}" -jar "$JAR" worker --data-dir "$run/worker-$k" \
            --http-port 0 --worker.threads 1 --delivery.interval 1s --delivery.initial-backoff 1s --delivery.max-backoff 2s \
            "${kafka[@]}" >"$run/worker-$k.log" 2>&1 &
        pids+=($!)
    done
    for k in $(seq 1 "$W"); do wait_line "$run/worker-$k.log" "myoscreen worker:" 1 120; done
    port=$(free_port)
    MYOSCREEN_LOG_LEVEL=INFO java -XX:+UseSerialGC -Xmx256m -jar "$JAR" node --port "$port" --http-port 0 --data-dir "$run/node" \
        --quiet-period 1s --study-quiet-period 1s --destination "PACS@127.0.0.1:$pacs" "${kafka[@]}" \
        >"$run/node.log" 2>&1 &
    pids+=($!)
    wait_line "$run/node.log" "myoscreen node:" 1 120
    : >"$run/sent.tsv"
    for i in $(seq 1 "$JOBS"); do
        d="$OUT/phantom-$i"
        study=$(dcmdump +P StudyInstanceUID "$(find "$d" -name '*.dcm' | head -n 1)" | sed 's/.*\[\(.*\)\].*/\1/')
        storescu -aet SCANNER -aec MYOSCREEN +sd +r +sp '*.dcm' 127.0.0.1 "$port" "$d" >>"$run/storescu.log" 2>&1
        printf '%s\t%s\n' "$study" "$(date -u +%s.%N)" >>"$run/sent.tsv"
    done
    # every job's outputs accepted by storescp (the DONE event comes earlier, when they are in the outbox)
    end=$((SECONDS + 1800))
    until [ "$(cat "$run"/worker-*.log | grep -c "event=job_delivered" || true)" -ge "$JOBS" ]; do
        [ "$SECONDS" -lt "$end" ] || { echo "timed out waiting for deliveries in $run" >&2; exit 1; }
        sleep 0.2
    done
    wait_line "$run/node.log" "state=DONE" "$JOBS" 60
    cat "$run"/worker-*.log | grep -h "event=job_delivered" >"$run/delivered.log" || true
    python3 - "$run" "$JOBS" "$W" <<'EOF'
import sys, re, datetime, statistics, glob
run, jobs, w = sys.argv[1], int(sys.argv[2]), sys.argv[3]
def ts(line):
    return datetime.datetime.fromisoformat(line.split()[0].replace("Z", "+00:00")).timestamp()
sent = dict(l.split("\t") for l in open(f"{run}/sent.tsv").read().split("\n") if l)
delivered = {}
for l in open(f"{run}/delivered.log"):
    key = re.search(r"job=(\S+)", l).group(1)
    delivered.setdefault(key.split("/")[0], ts(l))
forwarded = [ts(l) for l in open(f"{run}/node.log") if "event=job_forwarded" in l]
per_worker = {g: sum(1 for l in open(g) if "event=job_delivered" in l) for g in sorted(glob.glob(f"{run}/worker-*.log"))}
lat = [delivered[s] - float(t) for s, t in sent.items() if s in delivered]
span = max(delivered.values()) - min(forwarded)
print(f"workers={w} jobs={jobs} delivered={len(delivered)} jobs_per_min={jobs / span * 60:.2f} "
      f"window_s={span:.1f} latency_median_s={statistics.median(lat):.1f} latency_max_s={max(lat):.1f} "
      f"jobs_by_worker={list(per_worker.values())}")
EOF
    for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    wait "${pids[@]}" 2>/dev/null || true
    pids=()
done
