# Helpers for guest tests (sourced; see tests/vm/guest/).
# Tracing goes through tracefs, the ground truth the BPF tools are checked
# against.

T=/sys/kernel/tracing

fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }
need_vm() { [ -n "${XIP_IN_VM:-}" ] || skip "runs only in the test VM (tests/vm/run)"; }

# trace_on EVENT...: clear the buffer and enable exactly these events
# (e.g. fs_dax or fs_dax/dax_pte_fault_done).
trace_on() {
	echo 0 > $T/tracing_on
	echo > $T/set_event
	echo 8192 > $T/buffer_size_kb
	local e
	for e in "$@"; do
		echo 1 > "$T/events/$e/enable" || fail "cannot enable event $e"
	done
	echo > $T/trace
	echo 1 > $T/tracing_on
}

# trace_off FILE: stop tracing, save the events to FILE and disable them.
trace_off() {
	echo 0 > $T/tracing_on
	# the header's "entries-in-buffer/entries-written: N/M": M > N when
	# the ring overwrote events (the trace file says nothing else of it)
	local counts
	counts=$(sed -n 's/^# entries-in-buffer\/entries-written: \([0-9]*\)\/\([0-9]*\).*/\1 \2/p' $T/trace)
	grep -v '^#' $T/trace > "$1"
	echo > $T/set_event
	[ -n "$counts" ] || fail "no entries-in-buffer/entries-written line in $T/trace"
	set -- $counts
	[ "$1" = "$2" ] || fail "trace buffer overrun: $1 events kept of $2 written"
}

# count_events FILE EVENT [INO]: number of EVENT lines (for inode INO).
count_events() {
	local ino=${3:-}
	if [ -n "$ino" ]; then
		grep -E " $2: .* ino $(printf '%#x' "$ino") " "$1" | wc -l
	else
		grep -cE " $2: " "$1"
	fi
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got $2, want $3"
	echo "ok: $1 = $2"
}

# count_match FILE EVENT ERE: number of EVENT lines that also match ERE.
count_match() {
	grep -E " $2: " "$1" | grep -cE "$3"
}

# field FILE EVENT KEY: the value after "KEY " in each EVENT line.
field() {
	grep -E " $2: " "$1" | sed -n "s/.* $3 \([^ ]*\).*/\1/p"
}

# The xip kernel series adds events to fs_dax; the stock kernel lacks them.
have_event() { [ -d "$T/events/fs_dax/$1" ]; }
XIP_SERIES_EVENTS="dax_fault_major dax_fault_cow dax_pmd_fallback dax_zero_blocks dax_iomap_rw dax_iomap_rw_done"
# Whether the series' checks apply: by the kernel tests/vm/run booted
# (XIP_FLAVOR), not by the events found, so that a patched kernel that
# lost them fails those checks rather than skip them (15-event-formats
# checks that the events match the flavour).
patched() {
	case ${XIP_FLAVOR:-} in
	xip|debug) return 0 ;;
	stock) return 1 ;;
	*) have_event dax_fault_major ;;
	esac
}
# stock_skip WHAT: say that a check needs the series, when it is missing.
# Returns 0 (skip it) on the stock kernel.
stock_skip() {
	if patched; then return 1; fi
	echo "skip on the stock kernel: $*"
	return 0
}

vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }

# new_file NAME: a path on the DAX fs that does not exist yet.
new_file() {
	rm -f "$XIP_DAX_DIR/$1"
	echo "$XIP_DAX_DIR/$1"
}

# traced TRACEFILE CMD...: run CMD with every fs_dax event on, save them.
traced() {
	local out=$1; shift
	trace_on fs_dax
	"$@" || { trace_off "$out"; fail "command failed: $*"; }
	trace_off "$out"
}

# prog_stats: every loaded program's "id name run_cnt run_time_ns" (bpf_stats_enabled on).
prog_stats() {
	bpftool -j prog show | python3 -c '
import json, sys
for p in json.load(sys.stdin):
    print(p["id"], p.get("name", "?"), p.get("run_cnt", 0), p.get("run_time_ns", 0))'
}

# wait_for FILE PATTERN SECONDS: until FILE has a line matching PATTERN
# (grep); after SECONDS, says so with what FILE has, and returns 1.
wait_for() {
	local i
	for i in $(seq $(($3 * 5))); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
	echo "${0##*/}: not ready after $3 s: $1: $(cat "$1" 2>/dev/null)" >&2
	return 1
}

# mem_line FILE: "MEM ROWS KERNEL_BYTES USER_BYTES CPUS" from the last
# complete object xiptop --json wrote to FILE (the last line may be cut).
# No `head` after `tail`: a line of megabytes comes in several writes, and
# head, gone after the first line, would end tail with SIGPIPE (under
# pipefail, the caller's failure).
mem_line() {
	tail -n 2 "$1" | python3 -c '
import json, os, sys
o = json.loads(sys.stdin.readline())
sys.stdin.read()
print("MEM", o["tracked"], o["memory"]["kernel_bytes"], o["memory"]["user_bytes"], os.cpu_count())'
}
