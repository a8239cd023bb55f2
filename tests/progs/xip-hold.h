/* SPDX-License-Identifier: GPL-2.0 */
/*
 * For the test programs that hold BPF programs attached until told to
 * let go (xip-floor, xip-fill): say what is held, on one line, and wait
 * for SIGINT or SIGTERM. The signals are blocked until the wait, so one
 * sent as the line is read is not lost.
 */
#ifndef XIP_HOLD_H
#define XIP_HOLD_H

#include <signal.h>
#include <stdio.h>

static volatile sig_atomic_t xip_hold_stop;

static void xip_hold_on_signal(int sig)
{
	(void)sig;
	xip_hold_stop = 1;
}

/* Print "WHAT N", then return once SIGINT or SIGTERM came. */
static void xip_hold(const char *what, int n)
{
	sigset_t block, old, wait;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	signal(SIGINT, xip_hold_on_signal);
	signal(SIGTERM, xip_hold_on_signal);
	printf("%s %d\n", what, n);
	fflush(stdout);
	/* the wait lets them in, whatever the mask the program started with */
	wait = old;
	sigdelset(&wait, SIGINT);
	sigdelset(&wait, SIGTERM);
	while (!xip_hold_stop)
		sigsuspend(&wait);
	sigprocmask(SIG_SETMASK, &old, NULL);
}

#endif
