#!/usr/bin/env bash
# Benchmark (not a test): loading a 4-station, 4-contrast whole-body phantom study (~800 MR images)
# into volumes. Generates the study once into DATA_DIR (default /tmp/myoscreen-volume-bench), then
# times SeriesLoader.loadDirectory (read, parse, decode, sort, check) and station composition.
# Usage: bench/volume-load.sh [DATA_DIR] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
DATA_DIR="${1:-/tmp/myoscreen-volume-bench}"
RUNS="${2:-5}"
CP="$(bench/classpath.sh modules/phantom)"
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); heap: ${BENCH_HEAP:-2g}"
exec java -Xmx"${BENCH_HEAP:-2g}" -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" \
  org.myoscreen.phantom.bench.VolumeLoadBenchmark "$DATA_DIR" "$RUNS"
