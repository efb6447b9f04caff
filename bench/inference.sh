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
mvn -B -q -pl modules/inference -am test-compile
M2="${HOME}/.m2/repository"
CP="modules/dicom/target/classes:modules/volume/target/classes:modules/phantom/target/classes"
CP="$CP:modules/inference/target/classes:modules/inference/target/test-classes"
CP="$CP:$M2/com/microsoft/onnxruntime/onnxruntime/1.20.0/onnxruntime-1.20.0.jar"
CP="$CP:$M2/com/fasterxml/jackson/core/jackson-databind/2.17.2/jackson-databind-2.17.2.jar"
CP="$CP:$M2/com/fasterxml/jackson/core/jackson-core/2.17.2/jackson-core-2.17.2.jar"
CP="$CP:$M2/com/fasterxml/jackson/core/jackson-annotations/2.17.2/jackson-annotations-2.17.2.jar"
CP="$CP:$M2/org/slf4j/slf4j-api/2.0.16/slf4j-api-2.0.16.jar"
CP="$CP:$M2/ch/qos/logback/logback-classic/1.5.12/logback-classic-1.5.12.jar"
CP="$CP:$M2/ch/qos/logback/logback-core/1.5.12/logback-core-1.5.12.jar"
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg); heap: ${BENCH_HEAP:-3g}"
exec java -Xmx"${BENCH_HEAP:-3g}" -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" \
  org.myoscreen.inference.bench.InferenceBenchmark "$PKG" "$RUNS" "$THREADS" "$BATCH"
