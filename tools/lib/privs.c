// SPDX-License-Identifier: GPL-2.0
/* Capabilities: what loading needs, and dropping them after (see privs.h). */
#define _GNU_SOURCE	/* setresuid() */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <linux/capability.h>
#include <cap-ng.h>
#include "maps.h"
#include "privs.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON	38
#endif
#ifndef CAP_BPF
#define CAP_BPF		39
#endif

bool xl_privs_can_trace(void)
{
	capng_get_caps_process();
	if (capng_have_capability(CAPNG_EFFECTIVE, CAP_SYS_ADMIN))
		return true;
	return capng_have_capability(CAPNG_EFFECTIVE, CAP_BPF) &&
	       capng_have_capability(CAPNG_EFFECTIVE, CAP_PERFMON);
}

/* Apply the set made: the bounding set too where CAP_SETPCAP allows. */
static int apply(void)
{
	if (!capng_apply(CAPNG_SELECT_ALL))
		return 0;
	return capng_apply(CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT);
}

/* Can the maps be read with no capability? (one read of the counters) */
static bool reads_unprivileged(struct xl_bpf *b)
{
	uint64_t c[XIP_NR_COUNTERS];

	return xl_maps_counters(b, c) == 0;
}

/*
 * Root with no capability still owns root's files: become nobody. Dropping
 * uid 0 clears the capabilities (no PR_SET_KEEPCAPS); the process is made
 * dumpable again so that its /proc/self files stay its own (the memory it
 * reports reads fdinfo there).
 */
static int leave_root(bool keepcaps)
{
	const uid_t nobody = 65534;

	/* keeping the permitted set through the uid change: what it keeps is chosen after */
	if (keepcaps && prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0))
		return -1;
	if (setgroups(0, NULL) || setresgid(nobody, nobody, nobody) ||
	    setresuid(nobody, nobody, nobody))
		return -1;
	if (keepcaps && prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0))
		return -1;
	return prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
}

/* The effective set emptied, the permitted one kept: a trial of what needs none. */
static int nothing_in_effect(void)
{
	capng_get_caps_process();
	for (unsigned int c = 0; c <= CAP_LAST_CAP; c++)
		capng_update(CAPNG_DROP, CAPNG_EFFECTIVE, c);
	return capng_apply(CAPNG_SELECT_CAPS);
}

/* Back in effect: what leaving root takes (root has it permitted). */
static int setid_in_effect(void)
{
	capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_SETUID);
	capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_SETGID);
	return capng_apply(CAPNG_SELECT_CAPS);
}

int xl_privs_drop(struct xl_bpf *b, bool keep_ptrace, bool *kept_bpf, char *err, size_t errlen)
{
	*kept_bpf = false;
	capng_get_caps_process();
	keep_ptrace = keep_ptrace && capng_have_capability(CAPNG_PERMITTED, CAP_SYS_PTRACE);
	if (nothing_in_effect()) {
		snprintf(err, errlen, "cannot change capabilities (libcap-ng)");
		return -1;
	}
	if (reads_unprivileged(b)) {
		/* kernels since 6.5: nothing needed, no uid 0 either */
		if ((geteuid() == 0 || getuid() == 0) && (setid_in_effect() || leave_root(keep_ptrace))) {
			snprintf(err, errlen, "cannot become nobody after attaching: %s", strerror(errno));
			return -1;
		}
		capng_get_caps_process();
		capng_clear(CAPNG_SELECT_ALL);
	} else {
		/* before 6.5, with unprivileged BPF disabled: CAP_BPF alone, and the uid */
		capng_get_caps_process();
		capng_clear(CAPNG_SELECT_ALL);
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_BPF);
		*kept_bpf = true;
	}
	/* other users' /proc/PID/smaps (xiptop doctor's pmd-disabled): that, and nothing else */
	if (keep_ptrace)
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED, CAP_SYS_PTRACE);
	if (apply() || !reads_unprivileged(b)) {
		snprintf(err, errlen, "cannot drop capabilities and still read the BPF maps");
		return -1;
	}
	/* nothing gained back through an exec: xiptop execs nothing */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return 0;
}
