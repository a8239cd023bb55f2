#!/usr/bin/env bash
# tests/vm/check-console accepts a clean boot log and flags every kind of
# kernel problem report, whatever else is on the console.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cc=$here/../vm/check-console
rc=0
out=$("$cc" "$here/data/console-clean.log" 2>&1) || { echo "clean log flagged: $out"; rc=1; }
for k in warning lockdep kasan oops hung; do
	if out=$("$cc" "$here/data/console-$k.log" 2>&1); then
		echo "console-$k.log not flagged"; rc=1
	elif ! grep -q 'kernel problem report' <<< "$out"; then
		echo "console-$k.log: no report printed: $out"; rc=1
	else
		echo "ok: $k flagged"
	fi
done
"$cc" /nonexistent 2>/dev/null; [ $? = 2 ] || { echo "missing log: want exit 2"; rc=1; }
exit $rc
