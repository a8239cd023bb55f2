#!/usr/bin/env bash
# scripts/fsdax-summary counts fs_dax events per file, by kind, with paths.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$("$top/scripts/fsdax-summary" "$top/tests/unit/data/fs_dax.trace")
echo "$out"
want='ino 0xc                            259:0        1       2       0       0        0      0      2      0
    zeroed: 12 KiB
ino 0xd                            259:0        0       0       1       0        1      0      0      0
    PMD fallbacks by reason: misaligned 2, extent 1
ino 0xe                            259:0        0       1       0       0        0      1      0      1
15 fs_dax events'
[ "$(echo "$out" | tail -n 6)" = "$want" ] || { echo "unexpected summary; want:"; echo "$want"; exit 1; }
out=$("$top/scripts/fsdax-summary" /dev/null)
[ "$out" = "no fs_dax events" ] || { echo "empty trace: got '$out'"; exit 1; }
