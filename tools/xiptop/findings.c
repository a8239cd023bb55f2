// SPDX-License-Identifier: GPL-2.0
/* Diagnosis rules (see findings.h; thresholds and fixes: docs/doctor.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "findings.h"

const struct xt_finding_info xt_findings_info[XT_NR_FINDINGS] = {
	[XT_F_DEVICE_MISALIGNED] = { "device-misaligned",
		"the partition does not start at a multiple of 2 MiB: every 2 MiB fault on it falls back",
		"repartition so that it starts at a multiple of 2 MiB (e.g. sfdisk with start=4096 sectors, parted -a optimal)" },
	[XT_F_FS_UNALIGNED_ALLOC] = { "fs-unaligned-alloc",
		"the file system has no 2 MiB allocation hint: extents need not start on 2 MiB, and 2 MiB faults fall back",
		"ext4: mkfs.ext4 -E stride=512,stripe_width=512 (or mount -o stripe=512); XFS: mkfs.xfs -d su=2m,sw=1, or xfs_io -c 'extsize 2m' on the directory" },
	[XT_F_NOT_DAX] = { "not-dax",
		"files on a device that can do DAX take page-cache faults: the mount (or the files) are not DAX",
		"mount with -o dax=always (ext4, XFS), or with dax=inode set the files' DAX attribute (chattr +x, xfs_io -c 'chattr +x')" },
	[XT_F_PMD_MISALIGNED_MAPPING] = { "pmd-misaligned-mapping",
		"2 MiB faults fell back: the mapping's address and file offset differ modulo 2 MiB",
		"map at an address congruent to the file offset modulo 2 MiB (mmap a 2 MiB-aligned hint, offsets multiple of 2 MiB)" },
	[XT_F_PMD_PRIVATE_WRITE] = { "pmd-private-write",
		"2 MiB faults fell back: writes to a private (MAP_PRIVATE) mapping copy 4 KiB pages",
		"map the file MAP_SHARED, or copy the data once into anonymous memory" },
	[XT_F_PMD_VMA_TOO_SMALL] = { "pmd-vma-too-small",
		"2 MiB faults fell back: the mapping does not cover whole 2 MiB regions",
		"map whole, 2 MiB-aligned 2 MiB regions (size and address multiples of 2 MiB)" },
	[XT_F_PMD_BEYOND_EOF] = { "pmd-beyond-eof",
		"2 MiB faults fell back: the file ends inside a 2 MiB region",
		"make the file size a multiple of 2 MiB (fallocate -l or truncate -s)" },
	[XT_F_PMD_PTE_ENTRIES] = { "pmd-pte-entries",
		"2 MiB faults fell back: 4 KiB entries of the file are already mapped or cached there",
		"fault the file 2 MiB at a time from the start (no 4 KiB access first), or drop its mappings before" },
	[XT_F_PMD_EXTENT] = { "pmd-extent",
		"2 MiB faults fell back: the blocks are not one 2 MiB-aligned extent",
		"preallocate 2 MiB-aligned extents (fallocate on a file system made for 2 MiB: mkfs.ext4 -E stride=512,stripe_width=512; XFS -d su=2m,sw=1 or an extsize hint)" },
	[XT_F_PMD_NEEDS_SERIES] = { "pmd-fallback-needs-series",
		"2 MiB faults fell back for reasons this kernel does not tell (4 KiB entries, the extent, errors)",
		"run the xip kernel series to tell pmd-pte-entries from pmd-extent" },
	[XT_F_ALLOCATING_FAULTS] = { "allocating-faults",
		"faults that allocate blocks (major) take most of the fault time",
		"preallocate and write the file once (fallocate, then write it) before mapping it" },
	[XT_F_UNWRITTEN_ZEROING] = { "unwritten-zeroing",
		"fallocated (unwritten) blocks are zeroed and converted at first touch, a fault each",
		"write the fallocated range once before mapping it (e.g. dd if=/dev/zero of=FILE conv=notrunc), so faults find written blocks" },
	[XT_F_COW_STORM] = { "cow-storm",
		"copy-on-write faults of a private mapping take much of the fault time",
		"map MAP_SHARED where the writes may reach the file; otherwise copy the data once" },
	[XT_F_HOLE_LOADS] = { "hole-loads",
		"reads of a sparse file map the zero page, and the writes that follow fault again to allocate",
		"preallocate the file (fallocate) and write it before reading it through the mapping" },
};

/* Rules' floors: below them a workload is too small to judge. */
#define MIN_EVENTS	8	/* faults or fallbacks behind a finding */
#define MAJOR_SHARE	0.5	/* of a file's fault time (or faults, untimed) */
#define COW_SHARE	0.25	/* of a file's faults */
#define PAGE_BYTES	4096

static int add_fs(struct xt_findings *out, const struct xt_fsinfo *fs, enum xt_finding_id id,
		  uint64_t count, uint64_t of, uint64_t ns);

static int add(struct xt_findings *out, const struct xt_row *r, enum xt_finding_id id,
	       uint64_t count, uint64_t of, uint64_t ns)
{
	int err = add_fs(out, NULL, id, count, of, ns);

	if (!err)
		out->f[out->n - 1].row = r;
	return err;
}

static int add_fs(struct xt_findings *out, const struct xt_fsinfo *fs, enum xt_finding_id id,
		  uint64_t count, uint64_t of, uint64_t ns)
{
	if (out->n == out->cap) {
		size_t cap = out->cap ? 2 * out->cap : 16;
		struct xt_finding *f = realloc(out->f, cap * sizeof(*f));

		if (!f)
			return -ENOMEM;
		out->f = f;
		out->cap = cap;
	}
	out->f[out->n++] = (struct xt_finding){ .id = id, .fs = fs, .count = count, .of = of,
						 .ns = ns, .impact = -1 };
	return 0;
}

static uint64_t lat_ns(const struct xt_row *r, unsigned int lat)
{
	return r->lat[lat] ? r->lat[lat]->sum_ns : 0;
}

/* The reasons with a finding each: the series' numbering, and "other". */
static const struct {
	unsigned int reason;
	enum xt_finding_id id;
} reasons[] = {
	{ XIP_FALLBACK_MISALIGNED, XT_F_PMD_MISALIGNED_MAPPING },
	{ XIP_FALLBACK_PRIVATE_WRITE, XT_F_PMD_PRIVATE_WRITE },
	{ XIP_FALLBACK_VMA_RANGE, XT_F_PMD_VMA_TOO_SMALL },
	{ XIP_FALLBACK_BEYOND_EOF, XT_F_PMD_BEYOND_EOF },
	{ XIP_FALLBACK_PTE_ENTRY, XT_F_PMD_PTE_ENTRIES },
	{ XIP_FALLBACK_EXTENT, XT_F_PMD_EXTENT },
	{ XIP_FALLBACK_OTHER, XT_F_PMD_NEEDS_SERIES },
};

static int file_rules(struct xt_findings *out, const struct xt_view *v, const struct xt_row *r)
{
	const struct xip_file_stats *st = &r->f->st;
	uint64_t attempts = st->count[XIP_PMD_READ] + st->count[XIP_PMD_WRITE] +
			    st->count[XIP_PMD_FALLBACK];
	uint64_t all = xt_fault_ns(r->lat), writes = st->count[XIP_PTE_WRITE] + st->count[XIP_PMD_WRITE];
	int err = 0;

	/* a file of the page cache is not-dax's (its majors are disk reads, not allocations) */
	if (st->count[XIP_PAGECACHE])
		return 0;
	for (size_t i = 0; v->caps.fallback && i < sizeof(reasons) / sizeof(reasons[0]) && !err; i++)
		if (st->fallback[reasons[i].reason])
			err = add(out, r, reasons[i].id, st->fallback[reasons[i].reason], attempts, 0);
	/*
	 * One cause, one finding: a sparse file read then written (hole
	 * loads), else blocks converted from unwritten (the series tells its
	 * zeroing's reason), else faults that allocate. Without the series
	 * a conversion shows as an allocation: the kernel does not tell.
	 */
	if (!err && st->count[XIP_HOLE] >= MIN_EVENTS && writes)	/* its cost: loads and allocations */
		err = add(out, r, XT_F_HOLE_LOADS, st->count[XIP_HOLE], r->faults,
			  lat_ns(r, XIP_HOLE) + lat_ns(r, XIP_MAJOR));
	else if (!err && st->zero_unwritten >= MIN_EVENTS * PAGE_BYTES && st->count[XIP_MAJOR])
		err = add(out, r, XT_F_UNWRITTEN_ZEROING, st->zero_unwritten, st->zero_bytes,
			  lat_ns(r, XIP_MAJOR));
	else if (!err && st->count[XIP_MAJOR] >= MIN_EVENTS &&
		 (all ? lat_ns(r, XIP_MAJOR) >= MAJOR_SHARE * all :
			st->count[XIP_MAJOR] >= MAJOR_SHARE * r->faults))
		err = add(out, r, XT_F_ALLOCATING_FAULTS, st->count[XIP_MAJOR], r->faults,
			  lat_ns(r, XIP_MAJOR));
	if (!err && st->count[XIP_COW] >= MIN_EVENTS && st->count[XIP_COW] >= COW_SHARE * r->faults)
		err = add(out, r, XT_F_COW_STORM, st->count[XIP_COW], r->faults, lat_ns(r, XIP_COW));
	return err;
}

static int worst_first(const void *x, const void *y)
{
	const struct xt_finding *a = x, *b = y;

	if (!a->row != !b->row)		/* a file system's findings first: all its files pay */
		return a->row ? 1 : -1;
	if (a->impact != b->impact)
		return a->impact < b->impact ? 1 : -1;
	/* missed opportunities (no time of their own): the most first */
	if (a->impact < 0 && a->count != b->count)
		return a->count < b->count ? 1 : -1;
	return (int)a->id - (int)b->id;
}

#define PMD_BYTES	(2ULL << 20)

/*
 * A DAX file system's layout, whatever faulted: a partition that starts
 * off 2 MiB, an allocator without a 2 MiB hint (ext4 and XFS only: what
 * their options say).
 */
static int layout_rules(struct xt_findings *out, const struct xt_fsinfo *fs)
{
	int err = 0;

	if (!fs->watched || !fs->dax_mounted)
		return 0;
	if (fs->part_start % PMD_BYTES)
		err = add_fs(out, fs, XT_F_DEVICE_MISALIGNED, fs->part_start, PMD_BYTES, 0);
	if (!err && (!strcmp(fs->fstype, "ext4") || !strcmp(fs->fstype, "xfs")) &&
	    (!fs->alloc_align || fs->alloc_align % PMD_BYTES))
		err = add_fs(out, fs, XT_F_FS_UNALIGNED_ALLOC, fs->alloc_align, PMD_BYTES, 0);
	return err;
}

/*
 * A file system's layout, then not-dax: page-cache faults on a file system
 * whose device can do DAX (the page cache is measured with --page-cache,
 * which doctor turns on).
 */
static int fs_rules(struct xt_findings *out, const struct xt_view *v, const struct xt_fsinfo *fs)
{
	uint64_t pc = 0, ns = 0, files = 0;

	if (layout_rules(out, fs))
		return -ENOMEM;
	if (!fs->dax_capable || !xl_lat_available(&v->caps, XIP_PAGECACHE))
		return 0;
	for (size_t i = 0; i < v->nrows; i++) {
		const struct xt_row *r = &v->rows[i];

		if (r->f->key.dev != fs->dev || !r->f->st.count[XIP_PAGECACHE])
			continue;
		pc += r->f->st.count[XIP_PAGECACHE];
		ns += lat_ns(r, XIP_PAGECACHE);
		files++;
	}
	return pc >= MIN_EVENTS ? add_fs(out, fs, XT_F_NOT_DAX, pc, files, ns) : 0;
}

int xt_findings_build(struct xt_findings *out, const struct xt_view *v, const struct xt_fsinfo *fs,
		      size_t nfs)
{
	out->n = 0;
	out->fault_ns = 0;
	for (size_t i = 0; i < v->nrows; i++)
		out->fault_ns += xt_fault_ns(v->rows[i].lat);	/* page-cache faults' too */
	for (size_t i = 0; i < nfs; i++)
		if (fs_rules(out, v, &fs[i]))
			return -ENOMEM;
	for (size_t i = 0; i < v->nrows; i++)
		if (file_rules(out, v, &v->rows[i]))
			return -ENOMEM;
	for (size_t i = 0; i < out->n; i++) {
		struct xt_finding *f = &out->f[i];

		/* a fallback is a missed opportunity: its cost is the 4 KiB faults that followed */
		if (!xt_finding_is_pmd(f->id) && f->ns && out->fault_ns)
			f->impact = (double)f->ns / out->fault_ns;
	}
	if (out->n)
		qsort(out->f, out->n, sizeof(*out->f), worst_first);
	return 0;
}

void xt_findings_free(struct xt_findings *out)
{
	free(out->f);
	memset(out, 0, sizeof(*out));
}

void xt_findings_hint(struct xt_findings *fs)
{
	/* sorted worst first: a row's first is its worst (rows belong to the view being shown) */
	for (size_t i = 0; i < fs->n; i++) {
		struct xt_row *r = (struct xt_row *)fs->f[i].row;

		if (!r)
			continue;
		if (!r->hint)
			r->hint = xt_findings_info[fs->f[i].id].id;
		r->findings |= 1U << fs->f[i].id;
	}
}
