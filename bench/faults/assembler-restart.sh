#!/usr/bin/env bash
# Fault benchmark (not a test), issue 13 item 6: after a restart, how long does an incoming instance wait for the
# series assembler while the recovered study's job is built (its files hashed)? Fills DATA_DIR once with COUNT
# instances of one study (ROWS x ROWS, 16-bit), then recovers it and probes onInstance every 2 ms until the job
# is published. Prints instances, scan time, job build time, and the probes' max and p99 wait.
# Usage: bench/faults/assembler-restart.sh [DATA_DIR] [COUNT] [ROWS]   (defaults /tmp/myoscreen-restart-bench 5000 256)
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA_DIR="${1:-/tmp/myoscreen-restart-bench}"
COUNT="${2:-5000}"
ROWS="${3:-256}"
mkdir -p "$DATA_DIR"
CP="$(bench/classpath.sh modules/pipeline)"
echo "java: $(java -version 2>&1 | head -1); cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
exec java -Xmx1g -Dlogback.configurationFile=bench/logback-bench.xml -cp "$CP" \
  org.myoscreen.pipeline.bench.AssemblerRestartBench "$DATA_DIR" "$COUNT" "$ROWS"
