/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The process's page faults during a run, by perf's software counters
 * (minor and major), on both sides alike. The fault kinds (faults.h) say
 * what DAX did, and the page cache's count there is of filemap_fault()
 * calls, which fault-around skips: these say how many faults there were.
 */
#ifndef XB_PAGEFAULTS_H
#define XB_PAGEFAULTS_H

#include <stddef.h>
#include <stdint.h>

struct xb_pagefaults {
	int fd[2];			/* minor, major; -1 when closed */
};

/*
 * Open both counters, disabled, for this process and the threads it
 * makes; 0, or -1 with why in err (err may be NULL). One pair per run:
 * a reset does not clear what ended threads left in an inherited one.
 */
int xb_pagefaults_open(struct xb_pagefaults *p, char *err, size_t errlen);
void xb_pagefaults_close(struct xb_pagefaults *p);
/* Zero and start both; 0 or -errno. */
int xb_pagefaults_start(struct xb_pagefaults *p);
/* Stop both and read them; 0 or -errno. */
int xb_pagefaults_stop(struct xb_pagefaults *p, uint64_t *minor, uint64_t *major);

#endif
