#!/usr/bin/env bash
# Fault benchmark (not a test), issue 13 "fuzz": the DIMSE command-set fuzzer of DimseFuzzTest (modules/dicom-net,
# DimseFuzzer) for a long run against a real DicomAcceptor on 127.0.0.1: ITERATIONS associations, each with one
# mutated C-ECHO-RQ / C-STORE-RQ command set and a good C-ECHO after it. Prints the seed, the outcomes (SERVED: the
# mutated message was answered with a fitting status and the good C-ECHO and the release were served; ABORTED:
# the acceptor ended the association with an A-ABORT), the statuses given and the run time. Stops at the first
# finding (hang, close without A-ABORT, a status that does not fit, a reader thread that never closed its
# association) and prints it with its seed and case number; exit 1 then.
# Usage: bench/faults/fuzz-dimse.sh [ITERATIONS] [SEED]   (defaults 20000 and a seed from the clock)
set -euo pipefail
cd "$(dirname "$0")/../.."
ITERATIONS="${1:-20000}"
SEED="${2:-$(date +%s%N)}"
CP="$(bench/classpath.sh modules/dicom-net)"
echo "dimse fuzz: iterations=$ITERATIONS seed=$SEED; cores: $(nproc); load: $(cut -d' ' -f1-3 /proc/loadavg)"
# the acceptor logs a WARN line per aborted association: those go to a file, the tally to the console
LOG="$(mktemp /tmp/fuzz-dimse.XXXXXX.log)"
echo "acceptor log: $LOG"
java -Dlogback.configurationFile="$PWD/bench/logback-bench.xml" -cp "$CP" \
  org.myoscreen.dicom.net.DimseFuzzer "$ITERATIONS" "$SEED" 2>"$LOG"
