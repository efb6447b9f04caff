#!/usr/bin/env bash
# Benchmark (not a test): per-structure Dice of model packages on the labelled real MR cases of
# ../shared/fixtures (tum01 Dixon with manual labels, the TotalSegmentator MR example), through
# `myoscreen segment` run in-process, and the seconds per case. See bench/README-real-mr.md.
# Usage: bench/real-mr.sh [MODEL_DIR...]      (default models/reference; -Dmyoscreen.fixtures=DIR via
#        BENCH_JAVA_OPTS to read the fixtures from elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
CP="$(bench/classpath.sh modules/app)"
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
# shellcheck disable=SC2086
exec java -Xmx"${BENCH_HEAP:-3g}" ${BENCH_JAVA_OPTS:-} -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" \
  org.myoscreen.app.realmr.RealMrBench "$@"
