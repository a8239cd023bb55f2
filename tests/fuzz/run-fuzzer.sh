# Run one fuzzer (build/fuzz/fuzz-NAME) on its corpus, tests/fuzz/corpus/NAME:
# every input there first (the regression inputs: each crash found became
# one), then new ones for FUZZ_SECONDS (default 10). A crash, a leak, a
# sanitizer report or a broken promise (abort) fails it; the input that did
# it is kept in the results as crash-*, to be added to the corpus once fixed.
#
#   bash tests/fuzz/run-fuzzer.sh NAME   (each of tests/fuzz/NAME does)
# No "#!" line: tests/runner takes a script with one for a test.
set -uo pipefail
name=${1:?usage: tests/fuzz/run-fuzzer.sh NAME}
top=$(cd "$(dirname "$0")/../.." && pwd)
f=$top/build/fuzz/fuzz-$name
[ -x "$f" ] || { echo "no $f: run 'make tools'"; exit 1; }
out=${XIP_RESULTS:-$top/results}/fuzz-$name
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
"$f" -max_total_time="${FUZZ_SECONDS:-10}" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$out/" "$work" "$top/tests/fuzz/corpus/$name" 2>&1 | tail -25
rc=${PIPESTATUS[0]}
[ $rc = 0 ] || { echo "FAIL: fuzz-$name found a crash: $(ls "$out")"; exit 1; }
echo "ok: fuzz-$name: $(ls "$top/tests/fuzz/corpus/$name" | wc -l) corpus inputs, then ${FUZZ_SECONDS:-10} s: nothing found"
