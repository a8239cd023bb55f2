/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnosis: what is wrong with a DAX workload, what it costs, and the
 * fix, from the rows of a view (xiptop doctor, docs/doctor.md). Pure
 * logic: rules over counts and latencies, unit-tested as they are. The ids
 * are part of xiptop's interface.
 */
#ifndef XT_FINDINGS_H
#define XT_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "view.h"

enum xt_finding_id {
	XT_F_NOT_DAX,			/* file systems' first: they are the worst */
	XT_F_DEVICE_MISALIGNED,
	XT_F_FS_UNALIGNED_ALLOC,
	XT_F_PMD_MISALIGNED_MAPPING,
	XT_F_PMD_PRIVATE_WRITE,
	XT_F_PMD_VMA_TOO_SMALL,
	XT_F_PMD_BEYOND_EOF,
	XT_F_PMD_PTE_ENTRIES,
	XT_F_PMD_EXTENT,
	XT_F_PMD_NEEDS_SERIES,		/* fallbacks whose reason only the series tells */
	XT_F_ALLOCATING_FAULTS,
	XT_F_UNWRITTEN_ZEROING,
	XT_F_COW_STORM,
	XT_F_HOLE_LOADS,
	XT_NR_FINDINGS,
};

/* A 2 MiB fault fallback's finding: its cost is potential (the faults that could have been). */
static inline bool xt_finding_is_pmd(enum xt_finding_id id)
{
	return (id >= XT_F_PMD_MISALIGNED_MAPPING && id <= XT_F_PMD_NEEDS_SERIES) ||
	       id == XT_F_DEVICE_MISALIGNED || id == XT_F_FS_UNALIGNED_ALLOC;
}

/* What each finding is called, what fixes it. */
struct xt_finding_info {
	const char *id;			/* stable: "pmd-misaligned-mapping" */
	const char *what;		/* one line */
	const char *fix;		/* a command, an option, or a code change */
};
extern const struct xt_finding_info xt_findings_info[XT_NR_FINDINGS];

struct xt_finding {
	enum xt_finding_id id;
	const struct xt_row *row;	/* the file (scope: file); NULL: a file system */
	const struct xt_fsinfo *fs;	/* the file system (scope: file system); NULL: a file */
	uint64_t count;			/* the events behind it (fallbacks, faults, bytes) */
	uint64_t of;			/* out of (attempts, faults); 0: none */
	uint64_t ns;			/* fault time behind it; 0: unknown */
	double impact;			/* share of the workload's fault time; < 0: potential */
};

/* What doctor knows of a mounted file system besides its rows (sysinfo.c). */
struct xt_fsinfo {
	unsigned int dev;
	bool dax_capable;		/* its device can do DAX (queue/dax) */
	bool dax_mounted;		/* mounted with DAX on (dax, dax=always, dax=inode) */
	bool watched;			/* doctor watches it (its filters) */
	uint64_t part_start;		/* a partition's first byte on its disk; 0: a whole disk */
	uint64_t alloc_align;		/* the allocation hint (ext4 stripe=, XFS sunit=), bytes; 0: none */
	const char *source, *mountpoint, *fstype, *options;
};

struct xt_findings {
	struct xt_finding *f;
	size_t n, cap;
	uint64_t fault_ns;		/* the workload's fault time: what impact shares */
};

/*
 * The findings of a view's rows, worst first: by share of fault time,
 * then missed opportunities (2 MiB faults that fell back) by count.
 * 0 or -ENOMEM.
 */
int xt_findings_build(struct xt_findings *out, const struct xt_view *v, const struct xt_fsinfo *fs,
		      size_t nfs);
void xt_findings_free(struct xt_findings *out);
/* Each row's worst finding into its hint (the top screen's HINT column), and all into its mask. */
void xt_findings_hint(struct xt_findings *fs);

#endif
