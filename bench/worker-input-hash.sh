#!/usr/bin/env bash
# Issue 13 item 8: a Kafka worker's input checks hashing each file twice (claim check + processor) against
# once (claim check only), for one series. Prints medians and their ratio.
# Usage: bench/worker-input-hash.sh [COUNT] [BYTES] [ROUNDS]   (defaults 150 files of 512 KiB, 7 rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
CP="$(bench/classpath.sh modules/pipeline)"
DIR="$(mktemp -d)"
trap 'rm -rf "$DIR"' EXIT
java -cp "$CP" -Dlogback.configurationFile=bench/logback-bench.xml \
  org.myoscreen.pipeline.bench.WorkerInputHashBench "$DIR" "${1:-150}" "${2:-524288}" "${3:-7}"
