// SPDX-License-Identifier: GPL-2.0
/* The process's page faults by perf's software counters (see pagefaults.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/perf_event.h>
#include "error.h"
#include "pagefaults.h"

static int counter(uint64_t config)
{
	struct perf_event_attr a;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = config;
	a.disabled = 1;
	a.inherit = 1;		/* mt-overwrite's threads, made after this */
	/*
	 * The faults of user-space accesses (a fault's regs are user mode):
	 * what the workloads' loops take. So a user may count its own
	 * under kernel.perf_event_paranoid 2, the kernel's default.
	 */
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	/* this process, any CPU; glibc has no wrapper */
	return syscall(SYS_perf_event_open, &a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

/* What to do about EACCES or EPERM: the sysctl, when it is what refused */
static const char *refused_why(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "r");
	int level = -1;

	if (f) {
		if (fscanf(f, "%d", &level) != 1)
			level = -1;
		fclose(f);
	}
	return level > 2 ? " (kernel.perf_event_paranoid is above 2: run as root, or lower it to 2)" :
			   " (run as root: something other than perf_event_paranoid refused, e.g. seccomp)";
}

int xb_pagefaults_open(struct xb_pagefaults *p, char *err, size_t errlen)
{
	static const uint64_t config[2] = { PERF_COUNT_SW_PAGE_FAULTS_MIN, PERF_COUNT_SW_PAGE_FAULTS_MAJ };
	int i;

	p->fd[0] = p->fd[1] = -1;
	for (i = 0; i < 2; i++) {
		p->fd[i] = counter(config[i]);
		if (p->fd[i] < 0) {
			int e = errno;

			xb_pagefaults_close(p);
			if (!err)
				return -1;
			return xl_errorf(err, errlen, "perf_event_open: %s%s", strerror(e),
					 e == EACCES || e == EPERM ? refused_why() : "");
		}
	}
	return 0;
}

void xb_pagefaults_close(struct xb_pagefaults *p)
{
	for (int i = 0; i < 2; i++) {
		if (p->fd[i] >= 0)
			close(p->fd[i]);
		p->fd[i] = -1;
	}
}

int xb_pagefaults_start(struct xb_pagefaults *p)
{
	for (int i = 0; i < 2; i++)
		if (ioctl(p->fd[i], PERF_EVENT_IOC_RESET, 0) || ioctl(p->fd[i], PERF_EVENT_IOC_ENABLE, 0))
			return -errno;
	return 0;
}

int xb_pagefaults_stop(struct xb_pagefaults *p, uint64_t *minor, uint64_t *major)
{
	uint64_t v[2];

	for (int i = 0; i < 2; i++)
		if (ioctl(p->fd[i], PERF_EVENT_IOC_DISABLE, 0))
			return -errno;
	for (int i = 0; i < 2; i++) {
		/* an inherited counter's read holds the threads that have exited */
		if (read(p->fd[i], &v[i], sizeof(v[i])) != sizeof(v[i]))
			return errno ? -errno : -EIO;
	}
	*minor = v[0];
	*major = v[1];
	return 0;
}
