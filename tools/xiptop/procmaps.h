/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which processes map files of the watched DAX file systems with 2 MiB
 * faults turned off (pmd-disabled): a mapping marked VM_NOHUGEPAGE
 * (madvise(MADV_NOHUGEPAGE): "nh" in /proc/PID/smaps' VmFlags) or a
 * process that set PR_SET_THP_DISABLE (THP_enabled: 0 in its status).
 * The kernel then makes no 2 MiB attempt at all, so no fault event tells;
 * only /proc does.
 */
#ifndef XT_PROCMAPS_H
#define XT_PROCMAPS_H

#include <stddef.h>
#include "findings.h"

struct xt_nothp_list {
	struct xt_nothp *m;
	size_t n, cap;
	unsigned int unreadable;	/* processes whose maps could not be read (privileges) */
};

/*
 * Add the mappings of 2 MiB or more, of files on the DAX file systems
 * doctor watches (fs[]), that have 2 MiB faults turned off; a file once
 * per process. proc: /proc (tests give another root). 0 or -ENOMEM.
 */
int xt_nothp_scan(struct xt_nothp_list *out, const char *proc, const struct xt_fsinfo *fs,
		  size_t nfs);
void xt_nothp_free(struct xt_nothp_list *l);

#endif
