#!/usr/bin/env python3
"""Many checks over one xiptop --json output, in one python3 start.

A guest test used to start python3 for every number it checked; under
TCG each start costs about half a second, and a test of xiptop's modes
checked over a hundred numbers.

Usage: json_checks.py FILE < CHECKS

FILE holds xiptop --json's lines, one interval each. Each line of CHECKS
is "LABEL | EXPR | WANT" (blank lines are skipped; there must be one
check at least). EXPR is Python with:
  lines          the intervals, parsed
  rows(cond)     every interval's rows for which cond (Python over the
                 row f) holds; in cond, at(PATH) is true for PATH's rows
                 (its device and inode: inode numbers repeat across file
                 systems)
  S(field, cond) the dotted field (e.g. latency.cow.count) summed over
                 rows(cond). Its first part must be a member of every row
                 (a misspelled field fails, not 0); below it a missing
                 member or null is 0 (breakdowns and latency classes
                 leave out what is 0).
WANT is the value as str() prints it, LO..HI for an integer in that
range, or * for any value (shown for a failure's reader). Every check is
made, one that raises too, and printed as lib.sh's expect_eq prints
("ok: LABEL = VALUE"), or "FAIL: LABEL: ..." on stderr; the exit status
is 1 if any failed.
"""
import json
import os
import re
import sys

_stats = {}


def _dev_ino(path):
    if path not in _stats:
        s = os.stat(path)
        _stats[path] = ("%d:%d" % (os.major(s.st_dev), os.minor(s.st_dev)), s.st_ino)
    return _stats[path]


def main():
    lines = [json.loads(l) for l in open(sys.argv[1])]

    def rows(cond="True"):
        code = compile(cond, "cond", "eval")
        out = []
        for o in lines:
            for f in o["files"]:
                at = lambda p, f=f: (f["dev"], f["ino"]) == _dev_ino(p)
                if eval(code, {"f": f, "at": at}):
                    out.append(f)
        return out

    def S(field, cond="True"):
        n = 0
        first, *rest = field.split(".")
        for f in rows(cond):
            v = f[first]
            for part in rest:
                v = v.get(part, 0) if isinstance(v, dict) else 0
            n += v or 0
        return n

    failed, checks = 0, 0
    for line in sys.stdin:
        if not line.strip():
            continue
        checks += 1
        label = line.strip()
        try:
            label, rest = line.rstrip("\n").split(" | ", 1)
            expr, want = rest.rsplit(" | ", 1)
            want = want.strip()
            got = eval(expr, {"lines": lines, "rows": rows, "S": S})
        except Exception as e:   # a line that is no check, or a check that raises
            print("FAIL: %s: %r" % (label, e), file=sys.stderr)
            failed = 1
            continue
        m = re.fullmatch(r"(\d+)\.\.(\d+)", want)
        if want == "*":
            ok = True
        elif m:
            ok = isinstance(got, int) and int(m[1]) <= got <= int(m[2])
        else:
            ok = str(got) == want
        if ok:
            print("ok: %s = %s" % (label, got))
        else:
            print("FAIL: %s: got %s, want %s" % (label, got, want), file=sys.stderr)
            failed = 1
    if not checks:
        print("FAIL: json_checks.py: no check given", file=sys.stderr)
        failed = 1
    return failed


if __name__ == "__main__":
    sys.exit(main())
