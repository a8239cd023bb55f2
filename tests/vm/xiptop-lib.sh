# Helpers for the xiptop guest tests (sourced after lib.sh).

# xiptop_start OUT ARGS...: run xiptop ARGS in the background, output to
# OUT, and wait until it has printed (it is attached then, and its
# SIGINT handler set); XPID is its pid. OUT is emptied first: the
# background job's own redirection may come after the first look, which
# would then see an earlier run's output, and a SIGINT sent before the
# handler is set is lost (a non-interactive shell starts background jobs
# with SIGINT ignored).
xiptop_start() {
	local out=$1 i; shift
	: > "$out"
	xiptop "$@" > "$out" 2> "$out.err" &
	XPID=$!
	for i in $(seq 100); do
		[ -s "$out" ] && return 0
		kill -0 $XPID 2>/dev/null || fail "xiptop $*: exited: $(cat "$out.err")"
		sleep 0.2
	done
	fail "xiptop $* printed nothing in 20 s"
}

# running PID: the process is there and has not exited (a zombie has)
running() {
	local state
	state=$(sed 's/.*) //' /proc/$1/stat 2>/dev/null) || return 1
	[ -n "$state" ] && [ "${state%% *}" != Z ]
}

# xiptop_stop: SIGINT (it prints the interval under way), wait, check exit
# 0. One that does not end within 60 s fails here, not at the test's
# timeout.
xiptop_stop() {
	local i
	sleep 0.6
	kill -INT $XPID
	for i in $(seq 300); do running $XPID || break; sleep 0.2; done
	if running $XPID; then
		kill -KILL $XPID
		fail "xiptop did not exit within 60 s of SIGINT"
	fi
	wait $XPID || fail "xiptop exited with $?"
}
