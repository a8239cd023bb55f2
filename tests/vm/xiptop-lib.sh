# Helpers for the xiptop guest tests (sourced after lib.sh).

# xiptop_start OUT ARGS...: run xiptop ARGS in the background, output to
# OUT, and wait until it has printed (it is attached then); XPID is its pid.
xiptop_start() {
	local out=$1 i; shift
	xiptop "$@" > "$out" 2> "$out.err" &
	XPID=$!
	for i in $(seq 100); do
		[ -s "$out" ] && return 0
		kill -0 $XPID 2>/dev/null || fail "xiptop $*: exited: $(cat "$out.err")"
		sleep 0.2
	done
	fail "xiptop $* printed nothing in 20 s"
}

# xiptop_stop: SIGINT (it prints the interval under way), wait, check exit 0.
xiptop_stop() {
	sleep 0.6
	kill -INT $XPID
	wait $XPID || fail "xiptop exited with $?"
}
