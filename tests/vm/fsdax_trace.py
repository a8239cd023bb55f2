"""Parse tracefs fs_dax output: the ground truth xiptop is checked against."""
import json
import re

LINE = re.compile(r"^\s*(.*?)-(\d+)\s+\[\d+\]\s+\S+\s+([\d.]+): (dax_\w+): dev (\d+):(\d+) ino (0x[0-9a-f]+) (.*)$")


def events(path):
    """(comm, pid, seconds, event, "maj:min", ino, rest) per fs_dax line."""
    for line in open(path):
        m = LINE.match(line)
        if m:
            yield (m.group(1), int(m.group(2)), float(m.group(3)), m.group(4),
                   "%s:%s" % (m.group(5), m.group(6)), int(m.group(7), 16), m.group(8))


FAILED = re.compile(r"\b(OOM|SIGBUS|SIGSEGV|HWPOISON|HWPOISON_LARGE)\b")


def fault_kind(event, rest):
    """The xiptop kind of a *_fault_done event, as docs/xiptop.md defines it
    (a failed fault: failed_read or failed_write, which xiptop does not time)."""
    write = re.match(r"(shared|private) WRITE", rest) is not None
    result = rest.split()[-1]
    if FAILED.search(result):
        return "failed_write" if write else "failed_read"
    if event == "dax_pte_fault_done":
        return "cow" if "DONE_COW" in result else ("pte_write" if write else "pte_read")
    return "pmd_fallback" if "FALLBACK" in result else ("pmd_write" if write else "pmd_read")


def fault_latencies(path):
    """{(dev, ino): {kind: [ns, ...]}} from start/done pairs per task; major
    faults also under "major", faults that loaded a hole under "hole"; failed
    faults under none."""
    start, hole, out = {}, {}, {}
    for comm, pid, t, ev, dev, ino, rest in events(path):
        if ev in ("dax_pte_fault", "dax_pmd_fault"):
            start[pid] = t
            hole[pid] = False
        elif ev in ("dax_load_hole", "dax_pmd_load_hole"):
            hole[pid] = True
        elif ev in ("dax_pte_fault_done", "dax_pmd_fault_done") and pid in start:
            ns = (t - start.pop(pid)) * 1e9
            d = out.setdefault((dev, ino), {})
            kinds = [fault_kind(ev, rest)]
            if kinds[0].startswith("failed_"):
                continue    # xiptop times no failed fault
            if "MAJOR" in rest.split()[-1]:
                kinds.append("major")
            if hole.get(pid):
                kinds.append("hole")
            for k in kinds:
                d.setdefault(k, []).append(ns)
    return out


def xiptop_files(path):
    """{path: {column: sum}} over every interval of an `xiptop --json` file:
    counts summed, fallback_reasons merged; a column that is null (the
    kernel cannot tell it) stays None."""
    out = {}
    for line in open(path):
        o = json.loads(line)
        for f in o["files"]:
            g = out.setdefault(f["path"], {})
            for k, v in f.items():
                if k == "fallback_reasons" and v is not None:
                    r = g.setdefault(k, {})
                    for reason, n in v.items():
                        r[reason] = r.get(reason, 0) + n
                elif isinstance(v, int) and not isinstance(v, bool) and k not in ("ino", "gen", "pid"):
                    g[k] = g.get(k, 0) + v
                elif v is None:
                    g.setdefault(k, None)
    return out


def xiptop_sources(path):
    """The "sources" object of the first interval: where each derived column comes from."""
    for line in open(path):
        return json.loads(line)["sources"]
