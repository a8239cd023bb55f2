/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnosis: the findings' ids, what each means and its fix, and the
 * rules that judge one file's statistics. xiptop doctor adds the system's
 * and the file systems' rules (tools/xiptop/findings.c); xipbench names
 * the findings behind each workload's numbers. Pure logic over counts and
 * latencies, unit-tested as it is. The ids are part of both tools'
 * interfaces (docs/doctor.md).
 */
#ifndef XL_DIAGNOSE_H
#define XL_DIAGNOSE_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/types.h>
#include "caps.h"
#include "xiptop.h"

enum xl_finding_id {
	XL_F_NOT_DAX,			/* file systems' first: they are the worst */
	XL_F_DEVICE_MISALIGNED,
	XL_F_NAMESPACE_ALIGN,
	XL_F_FS_UNALIGNED_ALLOC,
	XL_F_NUMA_REMOTE,
	XL_F_FAILED_FAULTS,		/* a file's first: its faults failed, the others were slow */
	XL_F_PMD_DISABLED,		/* the first of the 2 MiB faults that could have been */
	XL_F_PMD_MISALIGNED_MAPPING,
	XL_F_PMD_PRIVATE_WRITE,
	XL_F_PMD_VMA_TOO_SMALL,
	XL_F_PMD_BEYOND_EOF,
	XL_F_PMD_PTE_ENTRIES,
	XL_F_PMD_EXTENT,
	XL_F_PMD_NEEDS_SERIES,		/* fallbacks whose reason only the series tells */
	XL_F_ALLOCATING_FAULTS,
	XL_F_UNWRITTEN_ZEROING,
	XL_F_COW_STORM,
	XL_F_HOLE_LOADS,
	XL_NR_FINDINGS,
};

/*
 * A missed opportunity: its cost is potential (the 2 MiB faults that could
 * have been, the local accesses that could have been), not time measured.
 */
static inline bool xl_finding_is_potential(enum xl_finding_id id)
{
	return (id >= XL_F_PMD_DISABLED && id <= XL_F_PMD_NEEDS_SERIES) ||
	       (id >= XL_F_DEVICE_MISALIGNED && id <= XL_F_NUMA_REMOTE);
}

/* What each finding is called, what it means, what fixes it. */
struct xl_finding_info {
	const char *id;			/* stable: "pmd-misaligned-mapping" */
	const char *what;		/* one line */
	const char *fix;		/* a command, an option, or a code change */
};
extern const struct xl_finding_info xl_findings_info[XL_NR_FINDINGS];

/* One finding of a file: its numbers. */
struct xl_file_finding {
	enum xl_finding_id id;
	uint64_t count;			/* the events behind it (fallbacks, faults, bytes) */
	uint64_t of;			/* out of (attempts, faults); 0: none */
	uint64_t ns;			/* fault time behind it; 0: unknown */
};

/* At most one finding per fallback reason, plus failures, a cause of faults and COW. */
#define XL_MAX_FILE_FINDINGS	(XIP_NR_FALLBACK_REASONS + 3)

/*
 * The findings of one file's statistics, in id order, into out[]; their
 * number. lat_ns[k]: the fault time of latency class k (NULL: not timed,
 * the rules then weigh counts); faults: xl_total_faults(st); fallback:
 * the kernel reports fallback reasons (struct xl_caps' fallback). A file
 * of the page cache has none: not-dax is its file system's.
 */
unsigned int xl_diagnose_file(const struct xip_file_stats *st, const uint64_t *lat_ns,
			      uint64_t faults, bool fallback, struct xl_file_finding *out);

/* Rules' floor: below it a workload is too small to judge. */
#define XL_DIAGNOSE_MIN_EVENTS	8

#endif
