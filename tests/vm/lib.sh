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
	grep -v '^#' $T/trace > "$1"
	echo > $T/set_event
	if grep -q 'LOST' "$1"; then fail "events lost (trace buffer too small)"; fi
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
