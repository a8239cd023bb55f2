#!/usr/bin/env bash
# tests/summarize counts results, fails on any FAIL, and fails when nothing
# ran at all (a suite that runs no test must not look green).
set -uo pipefail
s=$(cd "$(dirname "$0")/.." && pwd)/summarize
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
rc=0
check() { # FILE-CONTENT WANT-LINE WANT-EXIT
	printf '%b' "$1" > "$d/r"
	out=$("$s" "$d/r"); got=$?
	last=$(echo "$out" | tail -n 1)
	[ "$last" = "$2" ] && [ $got = "$3" ] || { echo "for '$1': got '$last' exit $got, want '$2' exit $3"; rc=1; }
}
check 'PASS a/x\nPASS a/y\nSKIP b/z\n' '2 passed, 0 failed, 1 skipped' 0
check 'PASS a/x\nFAIL b/y\n' '1 passed, 1 failed, 0 skipped' 1
check 'SKIP a/x\n' '0 passed, 0 failed, 1 skipped' 1
check '' '0 passed, 0 failed, 0 skipped' 1
out=$("$s" "$d/none"); [ $? = 1 ] || { echo "missing results file must fail"; rc=1; }
exit $rc
