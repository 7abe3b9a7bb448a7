#!/usr/bin/env bash
# The guarantees on a loaded machine: a clean clone of this repository's main, then `.ci/run` (the
# README's `make test`) N times in a row while two processes keep both cores busy, as a user's
# browsers do. Usage: scripts/load_check.sh [N] [DIR]   (default 1 run, in ../load-check)
set -u
N=${1:-1}
REPO=$(cd "$(dirname "$0")/.." && pwd)
DIR=${2:-$REPO/../load-check}
rm -rf "$DIR" && git clone -q "$REPO" "$DIR" && cd "$DIR" || exit 1
burners=()
for _ in 1 2; do
    python3 -c 'import os
while True: os.urandom(64)' &
    burners+=($!)
done
trap 'kill "${burners[@]}" 2>/dev/null' EXIT
for i in $(seq 1 "$N"); do
    start=$(date +%s)
    CI=true bash .ci/run > "$DIR/run-$i.log" 2>&1
    rc=$?
    echo "run $i: exit $rc in $(( $(date +%s) - start )) s: $(grep -E '(passed|failed)' "$DIR/run-$i.log" | tail -1)"
    [ "$rc" -ne 0 ] && exit "$rc"
done
