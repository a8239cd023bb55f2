// SPDX-License-Identifier: GPL-2.0
/* Capabilities: what loading needs, and dropping them after (see privs.h). */
#include <stdio.h>
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

int xl_privs_drop(struct xl_bpf *b, bool *kept_bpf, char *err, size_t errlen)
{
	*kept_bpf = false;
	capng_get_caps_process();
	/* first all but CAP_BPF, which stays permitted but not effective: a trial read */
	capng_clear(CAPNG_SELECT_ALL);
	capng_update(CAPNG_ADD, CAPNG_PERMITTED, CAP_BPF);
	if (apply()) {
		snprintf(err, errlen, "cannot drop capabilities (libcap-ng)");
		return -1;
	}
	if (!reads_unprivileged(b)) {
		/* a kernel before 6.5 with unprivileged BPF disabled: keep CAP_BPF */
		capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_BPF);
		if (capng_apply(CAPNG_SELECT_CAPS) || !reads_unprivileged(b)) {
			snprintf(err, errlen, "cannot read the BPF maps after dropping capabilities");
			return -1;
		}
		*kept_bpf = true;
	} else {
		capng_clear(CAPNG_SELECT_ALL);
		if (apply()) {
			snprintf(err, errlen, "cannot drop capabilities (libcap-ng)");
			return -1;
		}
	}
	/* nothing gained back through an exec: xiptop execs nothing */
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	return 0;
}
