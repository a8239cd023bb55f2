/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnosis: what is wrong with a DAX workload, what it costs, and the
 * fix, from the rows of a view and what the system says of its file
 * systems and processes (xiptop doctor, docs/doctor.md). A file's own
 * rules are the library's (diagnose.h), shared with xipbench; the system's
 * and the file systems' are here. Pure logic, unit-tested as it is.
 */
#ifndef XT_FINDINGS_H
#define XT_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "diagnose.h"
#include "view.h"

struct xt_finding {
	enum xl_finding_id id;
	const struct xt_row *row;	/* the file (scope: file); NULL: a file system */
	const struct xt_fsinfo *fs;	/* the file system (scope: file system); NULL: a file */
	uint64_t count;			/* the events behind it (fallbacks, faults, bytes) */
	uint64_t of;			/* out of (attempts, faults); 0: none */
	uint64_t ns;			/* fault time behind it; 0: unknown */
	double impact;			/* share of the workload's fault time; < 0: potential */
	const struct xt_nothp *nothp;	/* pmd-disabled: the mapping that turned it off */
};

/* What doctor knows of a mounted file system besides its rows (sysinfo.c). */
struct xt_fsinfo {
	unsigned int dev;
	bool dax_capable;		/* its device can do DAX (queue/dax) */
	bool dax_mounted;		/* mounted with DAX on (dax, dax=always, dax=inode) */
	bool watched;			/* doctor watches it (its filters) */
	uint64_t part_start;		/* a partition's first byte on its disk; 0: a whole disk */
	uint64_t alloc_align;		/* the allocation hint (ext4 stripe=, XFS sunit=), bytes; 0: none */
	uint64_t ns_align;		/* its pmem namespace's alignment (fsdax pfn), bytes; 0: none */
	char ns_name[32];		/* that namespace's name ("namespace1.0"); "": none */
	int numa_node;			/* its pmem's NUMA node; -1: unknown */
	uint64_t local_faults, remote_faults;	/* faults on CPUs of its node, of others (doctor) */
	const char *source, *mountpoint, *fstype, *options;
};

/*
 * A mapping of a DAX file with 2 MiB faults turned off (pmd-disabled),
 * as /proc says (procmaps.c).
 */
struct xt_nothp {
	unsigned int dev;		/* as the kernel numbers devices (XIP_KDEV) */
	uint64_t ino;
	int pid;
	char comm[16];
	const char *why;		/* "madvise(MADV_NOHUGEPAGE)", "prctl(PR_SET_THP_DISABLE)" */
};

struct xt_findings {
	struct xt_finding *f;
	size_t n, cap;
	uint64_t fault_ns;		/* the workload's fault time: what impact shares */
	/*
	 * doctor: the page-cache faults' time on devices that cannot do DAX
	 * (its --page-cache sees the whole machine's), left out of fault_ns
	 */
	uint64_t other_ns;
	size_t other_files;
	unsigned int procs_unreadable;	/* doctor: processes whose mappings it could not read */
};

/*
 * The findings of a view's rows, worst first: by share of fault time,
 * then missed opportunities (2 MiB faults that fell back) by count.
 * 0 or -ENOMEM.
 */
int xt_findings_build(struct xt_findings *out, const struct xt_view *v, const struct xt_fsinfo *fs,
		      size_t nfs);
/*
 * The same, with doctor's look at the system: the mappings with 2 MiB
 * faults turned off (nothp, n of them), and whether the kernel can make
 * 2 MiB DAX faults at all.
 */
int xt_findings_build_doctor(struct xt_findings *out, const struct xt_view *v,
			     const struct xt_fsinfo *fs, size_t nfs, const struct xt_nothp *nothp,
			     size_t nnothp, bool pmd_possible);
void xt_findings_free(struct xt_findings *out);
/* Each row's worst finding into its hint (the top screen's HINT column), and all into its mask. */
void xt_findings_hint(struct xt_findings *fs);

#endif
