// SPDX-License-Identifier: GPL-2.0
/*
 * xip-inode-ends: what every inode's end costs the system, as a busy
 * server's pipes and sockets end theirs. N times: make a pipe (a new
 * pipefs inode) and close both its ends (the inode ends: its
 * __destroy_inode(), which xiptop probes). Prints "N ns per inode", the
 * median of ROUNDS rounds (the upper of two when ROUNDS is even;
 * CLOCK_MONOTONIC: instructions under QEMU's -icount).
 *
 *   xip-inode-ends N ROUNDS
 *
 * Exits 1 with a one-line message on error, 2 on bad usage.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xip-rounds.h"

int main(int argc, char **argv)
{
	long n, rounds;
	double *ns;
	char *end;

	if (argc != 3 || (n = strtol(argv[1], &end, 10)) < 1 || *end ||
	    (rounds = strtol(argv[2], &end, 10)) < 1 || rounds > 1000 || *end) {
		fprintf(stderr, "usage: xip-inode-ends N ROUNDS (N >= 1, 1 <= ROUNDS <= 1000)\n");
		return 2;
	}
	ns = calloc(rounds, sizeof(*ns));
	if (!ns) {
		fprintf(stderr, "xip-inode-ends: out of memory\n");
		return 1;
	}
	for (long r = 0; r < rounds; r++) {
		double t0 = xip_now_ns();

		for (long i = 0; i < n; i++) {
			int p[2];

			if (pipe(p)) {
				fprintf(stderr, "xip-inode-ends: pipe: %s\n", strerror(errno));
				return 1;
			}
			close(p[0]);
			close(p[1]);
		}
		ns[r] = (xip_now_ns() - t0) / n;
	}
	printf("%.0f ns per inode\n", xip_median(ns, rounds));
	free(ns);
	return 0;
}
