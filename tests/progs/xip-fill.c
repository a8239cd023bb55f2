// SPDX-License-Identifier: GPL-2.0
/*
 * xip-fill FUNCTION: fill FUNCTION's BPF trampoline with empty fentry
 * programs (bpf/xipfill.bpf.c: a copy of the object each, as the kernel
 * links a program to a trampoline once) until the kernel refuses one
 * (E2BIG: BPF_MAX_TRAMP_LINKS on x86-64 is 38), and keep them until
 * SIGINT or SIGTERM. Prints "full N" once full, N the programs linked.
 * With it, another fentry or fexit on FUNCTION fails to attach: a test
 * of what a tool does then (xiptop's kprobe behind its fentry on
 * __destroy_inode, tests/vm/guest/54-xiptop-lifecycle).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include "xip-hold.h"
#include "xipfill.skel.h"

/* More than any kernel's BPF_MAX_TRAMP_LINKS */
#define MAX_FILL	256

int main(int argc, char **argv)
{
	static struct xipfill_bpf *skel[MAX_FILL];
	int n = 0, err = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: xip-fill FUNCTION\n");
		return 2;
	}
	libbpf_set_print(NULL);		/* the last attach fails: by design, not a message */
	while (n < MAX_FILL) {
		struct xipfill_bpf *s = xipfill_bpf__open();

		if (!s) {
			err = -errno;
			break;
		}
		err = bpf_program__set_attach_target(s->progs.fill, 0, argv[1]);
		if (!err)
			err = xipfill_bpf__load(s);
		if (!err)
			err = xipfill_bpf__attach(s);
		if (err) {
			xipfill_bpf__destroy(s);
			break;
		}
		skel[n++] = s;
	}
	if (err != -E2BIG || !n) {
		fprintf(stderr, "xip-fill: %s after %d programs on %s, not full\n",
			n == MAX_FILL ? "no refusal" : strerror(-err), n, argv[1]);
		while (n)
			xipfill_bpf__destroy(skel[--n]);
		return 1;
	}
	xip_hold("full", n);
	while (n)
		xipfill_bpf__destroy(skel[--n]);
	return 0;
}
