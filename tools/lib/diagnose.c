// SPDX-License-Identifier: GPL-2.0
/* A file's diagnosis rules (see diagnose.h; thresholds and fixes: docs/doctor.md). */
#include "diagnose.h"
#include "filestats.h"
#include "kinds.h"

const struct xl_finding_info xl_findings_info[XL_NR_FINDINGS] = {
	[XL_F_NOT_DAX] = { "not-dax",
		"files on a device that can do DAX take page-cache faults: the mount (or the files) are not DAX",
		"mount with -o dax=always (ext4, XFS), or with dax=inode set the files' DAX attribute (chattr +x, xfs_io -c 'chattr +x')" },
	[XL_F_DEVICE_MISALIGNED] = { "device-misaligned",
		"the partition does not start at a multiple of 2 MiB: every 2 MiB fault on it falls back",
		"repartition so that it starts at a multiple of 2 MiB (e.g. sfdisk with start=4096 sectors, or parted mkpart with a start of 2MiB)" },
	[XL_F_NAMESPACE_ALIGN] = { "namespace-align",
		"the pmem namespace is aligned to less than 2 MiB: nothing keeps its data on 2 MiB physical boundaries, and where it is not, every 2 MiB fault falls back",
		"recreate the namespace 2 MiB-aligned: ndctl create-namespace -f -e NAMESPACE --mode fsdax --align 2M (destroys its data)" },
	[XL_F_FS_UNALIGNED_ALLOC] = { "fs-unaligned-alloc",
		"the file system has no 2 MiB allocation hint: extents need not start on 2 MiB, and 2 MiB faults fall back",
		"ext4: mkfs.ext4 -E stride=512,stripe_width=512 (or mount -o stripe=512); XFS: mkfs.xfs -d su=2m,sw=1, or xfs_io -c 'extsize 2m' on the directory" },
	[XL_F_NUMA_REMOTE] = { "numa-remote",
		"faults on this file system ran on CPUs of another NUMA node than its persistent memory's: every access crosses the interconnect",
		"run the workload on the pmem's node (numactl --cpunodebind=NODE --membind=NODE, or taskset with its CPUs), or keep its files on the persistent memory of the node it runs on" },
	[XL_F_FAILED_FAULTS] = { "failed-faults",
		"faults on the file failed: the task got SIGBUS (no space left, an I/O or media error, an access past the end of the file) or SIGSEGV, or memory ran out",
		"df (a full file system leaves nothing in dmesg); dmesg for I/O errors, ndctl list --media-errors for bad blocks; a program that maps past EOF, or truncates a file that others map, gets SIGBUS by design" },
	[XL_F_PMD_DISABLED] = { "pmd-disabled",
		"2 MiB faults are turned off for the mapping or the process: every fault is a 4 KiB one",
		"drop madvise(MADV_NOHUGEPAGE) (use MADV_HUGEPAGE or nothing) or prctl(PR_SET_THP_DISABLE) in the program; a kernel needs CONFIG_TRANSPARENT_HUGEPAGE and CONFIG_FS_DAX_PMD" },
	[XL_F_PMD_MISALIGNED_MAPPING] = { "pmd-misaligned-mapping",
		"2 MiB faults fell back: the mapping's address and file offset differ modulo 2 MiB",
		"map at an address congruent to the file offset modulo 2 MiB (mmap a 2 MiB-aligned hint, offsets multiple of 2 MiB)" },
	[XL_F_PMD_PRIVATE_WRITE] = { "pmd-private-write",
		"2 MiB faults fell back: writes to a private (MAP_PRIVATE) mapping copy 4 KiB pages",
		"map the file MAP_SHARED, or copy the data once into anonymous memory" },
	[XL_F_PMD_VMA_TOO_SMALL] = { "pmd-vma-too-small",
		"2 MiB faults fell back: the mapping does not cover whole 2 MiB regions",
		"map whole, 2 MiB-aligned 2 MiB regions (size and address multiples of 2 MiB)" },
	[XL_F_PMD_BEYOND_EOF] = { "pmd-beyond-eof",
		"2 MiB faults fell back: the file ends inside a 2 MiB region",
		"make the file size a multiple of 2 MiB (fallocate -l or truncate -s)" },
	[XL_F_PMD_PTE_ENTRIES] = { "pmd-pte-entries",
		"2 MiB faults fell back: 4 KiB entries of the file are already mapped or cached there",
		"fault the file 2 MiB at a time from the start (no 4 KiB access first), or drop its mappings before" },
	[XL_F_PMD_EXTENT] = { "pmd-extent",
		"2 MiB faults fell back: the blocks are not one 2 MiB-aligned extent",
		"preallocate 2 MiB-aligned extents (fallocate on a file system made for 2 MiB: mkfs.ext4 -E stride=512,stripe_width=512; XFS -d su=2m,sw=1 or an extsize hint)" },
	[XL_F_PMD_NEEDS_SERIES] = { "pmd-fallback-needs-series",
		"2 MiB faults fell back for reasons this kernel does not tell (4 KiB entries, the extent, errors)",
		"run the xip kernel series to tell pmd-pte-entries from pmd-extent" },
	[XL_F_ALLOCATING_FAULTS] = { "allocating-faults",
		"faults that allocate blocks (major) take most of the fault time",
		"preallocate and write the file once (fallocate, then write it) before mapping it" },
	[XL_F_UNWRITTEN_ZEROING] = { "unwritten-zeroing",
		"fallocated (unwritten) blocks are zeroed and converted at first touch, a fault each",
		"write the fallocated range once before mapping it (e.g. dd if=/dev/zero of=FILE bs=1M count=SIZE_IN_MIB conv=notrunc), so faults find written blocks" },
	[XL_F_COW_STORM] = { "cow-storm",
		"copy-on-write faults of a private mapping take much of the fault time",
		"map MAP_SHARED where the writes may reach the file; otherwise copy the data once" },
	[XL_F_HOLE_LOADS] = { "hole-loads",
		"reads of a sparse file map the zero page, and the writes that follow fault again to allocate",
		"preallocate the file (fallocate) and write it before reading it through the mapping" },
};

#define MIN_EVENTS	XL_DIAGNOSE_MIN_EVENTS	/* faults or fallbacks behind a finding */
#define MAJOR_SHARE	0.5	/* of a file's fault time (or faults, untimed) */
#define COW_SHARE	0.25	/* of a file's faults */
#define PAGE_BYTES	4096

/* The reasons with a finding each: the series' numbering, and "other". */
static const struct {
	unsigned int reason;
	enum xl_finding_id id;
} reasons[] = {
	{ XIP_FALLBACK_MISALIGNED, XL_F_PMD_MISALIGNED_MAPPING },
	{ XIP_FALLBACK_PRIVATE_WRITE, XL_F_PMD_PRIVATE_WRITE },
	{ XIP_FALLBACK_VMA_RANGE, XL_F_PMD_VMA_TOO_SMALL },
	{ XIP_FALLBACK_BEYOND_EOF, XL_F_PMD_BEYOND_EOF },
	{ XIP_FALLBACK_PTE_ENTRY, XL_F_PMD_PTE_ENTRIES },
	{ XIP_FALLBACK_EXTENT, XL_F_PMD_EXTENT },
	{ XIP_FALLBACK_EXTENT_NEW, XL_F_PMD_EXTENT },	/* just allocated, short all the same */
	{ XIP_FALLBACK_OTHER, XL_F_PMD_NEEDS_SERIES },
};

static unsigned int add(struct xl_file_finding *out, unsigned int n, enum xl_finding_id id,
			uint64_t count, uint64_t of, uint64_t ns)
{
	out[n] = (struct xl_file_finding){ .id = id, .count = count, .of = of, .ns = ns };
	return n + 1;
}

unsigned int xl_diagnose_file(const struct xip_file_stats *st, const uint64_t *lat_ns,
			      uint64_t faults, bool fallback, struct xl_file_finding *out)
{
	static const uint64_t untimed[XIP_NR_LAT];
	const uint64_t *ns = lat_ns ? lat_ns : untimed;
	uint64_t attempts = st->count[XIP_PMD_READ] + st->count[XIP_PMD_WRITE] +
			    st->count[XIP_PMD_FALLBACK];
	uint64_t writes = st->count[XIP_PTE_WRITE] + st->count[XIP_PMD_WRITE], all;
	unsigned int n = 0;

	/* a file of the page cache is not-dax's (its majors are disk reads, not allocations) */
	if (st->count[XIP_PAGECACHE])
		return 0;
	all = XL_KIND_FAULTS(ns);
	/* even one: a task was killed, or had to handle SIGBUS */
	if (xl_failed_faults(st))
		n = add(out, n, XL_F_FAILED_FAULTS, xl_failed_faults(st), faults, 0);
	for (size_t i = 0; fallback && i < sizeof(reasons) / sizeof(reasons[0]); i++) {
		uint64_t c = st->fallback[reasons[i].reason];

		if (!c)
			continue;
		if (n && out[n - 1].id == reasons[i].id)	/* reasons of one finding: one */
			out[n - 1].count += c;
		else
			n = add(out, n, reasons[i].id, c, attempts, 0);
	}
	/*
	 * One cause, one finding: a sparse file read then written (hole
	 * loads), else blocks converted from unwritten (the series tells its
	 * zeroing's reason), else faults that allocate. Without the series
	 * a conversion shows as an allocation: the kernel does not tell.
	 */
	if (st->count[XIP_HOLE] >= MIN_EVENTS && writes)	/* its cost: loads and allocations */
		n = add(out, n, XL_F_HOLE_LOADS, st->count[XIP_HOLE], faults,
			ns[XIP_HOLE] + ns[XIP_MAJOR]);
	else if (st->zero_unwritten >= MIN_EVENTS * PAGE_BYTES && st->count[XIP_MAJOR])
		n = add(out, n, XL_F_UNWRITTEN_ZEROING, st->zero_unwritten, st->zero_bytes,
			ns[XIP_MAJOR]);
	else if (st->count[XIP_MAJOR] >= MIN_EVENTS &&
		 (all ? ns[XIP_MAJOR] >= MAJOR_SHARE * all :
			st->count[XIP_MAJOR] >= MAJOR_SHARE * faults))
		n = add(out, n, XL_F_ALLOCATING_FAULTS, st->count[XIP_MAJOR], faults, ns[XIP_MAJOR]);
	if (st->count[XIP_COW] >= MIN_EVENTS && st->count[XIP_COW] >= COW_SHARE * faults)
		n = add(out, n, XL_F_COW_STORM, st->count[XIP_COW], faults, ns[XIP_COW]);
	return n;
}
