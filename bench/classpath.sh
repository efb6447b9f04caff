#!/usr/bin/env bash
# Prints the test classpath of one module (its test classes, its classes and every dependency as
# Maven resolves it, sibling modules as their target/classes), compiling what is needed first.
# The benchmarks run their mains from it, so no version is written twice.
# Usage: bench/classpath.sh MODULE_DIR        (e.g. modules/inference)
set -euo pipefail
cd "$(dirname "$0")/.."
MODULE="${1:?usage: bench/classpath.sh MODULE_DIR}"
mkdir -p bench/out
# with -am every reactor module writes the file in build order; the named module comes last
mvn -B -q -pl "$MODULE" -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/bench/out/classpath.txt" >&2
printf '%s:%s:%s\n' "$PWD/$MODULE/target/test-classes" "$PWD/$MODULE/target/classes" "$(cat bench/out/classpath.txt)"
