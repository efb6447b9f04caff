#!/usr/bin/env bash
# Benchmark (not a test): CPU segmentation of a whole-body phantom (seed 2026, four stations, T2)
# with a model package (default models/reference). Prints per run the total segmentation time, the
# time inside OrtSession.run and the overhead ratio total / run (target <= 1.15); run 0 is a warm-up.
# Usage: bench/inference.sh [PACKAGE_DIR] [RUNS] [INTRA_OP_THREADS] [BATCH]
set -euo pipefail
cd "$(dirname "$0")/.."
PKG="${1:-models/reference}"
RUNS="${2:-3}"
THREADS="${3:-1}"
BATCH="${4:-4}"
CP="$(bench/classpath.sh modules/inference)"
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); heap: ${BENCH_HEAP:-3g}"
exec java -Xmx"${BENCH_HEAP:-3g}" -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" \
  org.myoscreen.inference.bench.InferenceBenchmark "$PKG" "$RUNS" "$THREADS" "$BATCH"
