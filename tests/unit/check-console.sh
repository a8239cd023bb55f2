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
# a long log's tail may show only the panic: the last line names the first report and where
out=$("$cc" "$here/data/console-oops.log" 2>&1 | tail -n 1)
want='check-console: 3 report line(s); the first: [    2.000000] BUG: kernel NULL pointer dereference, address: 0000000000000008 (RIP: 0010:dax_iomap_pte_fault+0x4a/0x700)'
[ "$out" = "$want" ] || { echo "oops summary: got '$out', want '$want'"; rc=1; }
# a first report without a RIP of its own is not given a later one's
out=$("$cc" "$here/data/console-lockdep-oops.log" 2>&1 | tail -n 1)
want='check-console: 2 report line(s); the first: [    2.000001] WARNING: possible circular locking dependency detected'
[ "$out" = "$want" ] || { echo "lockdep then oops summary: got '$out', want '$want'"; rc=1; }
"$cc" /nonexistent 2>/dev/null; [ $? = 2 ] || { echo "missing log: want exit 2"; rc=1; }
exit $rc
