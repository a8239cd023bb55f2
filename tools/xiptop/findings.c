// SPDX-License-Identifier: GPL-2.0
/* Diagnosis rules (see findings.h; thresholds and fixes: docs/doctor.md). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "findings.h"
#include "filestats.h"
#include "kinds.h"

/* Rules' floor: below it a workload is too small to judge. */
#define MIN_EVENTS	XL_DIAGNOSE_MIN_EVENTS

static int add_fs(struct xt_findings *out, const struct xt_fsinfo *fs, enum xl_finding_id id,
		  uint64_t count, uint64_t of, uint64_t ns);

static int add(struct xt_findings *out, const struct xt_row *r, enum xl_finding_id id,
	       uint64_t count, uint64_t of, uint64_t ns)
{
	int err = add_fs(out, NULL, id, count, of, ns);

	if (!err)
		out->f[out->n - 1].row = r;
	return err;
}

static int add_fs(struct xt_findings *out, const struct xt_fsinfo *fs, enum xl_finding_id id,
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

/* A row's findings: the library's rules over its statistics and fault time. */
static int file_rules(struct xt_findings *out, const struct xt_view *v, const struct xt_row *r)
{
	struct xl_file_finding ff[XL_MAX_FILE_FINDINGS];
	uint64_t ns[XIP_NR_LAT], kinds;
	unsigned int n;

	for (unsigned int k = 0; k < XIP_NR_LAT; k++)
		ns[k] = xl_hist_total_ns(r->lat[k], xl_lat_events(&r->f->st, k));
	kinds = XL_KIND_FAULTS(ns);	/* the fault kinds' times: what the row's partitions */
	/*
	 * The row's fault time is each read's estimate summed (struct
	 * xt_row); scaled from the sums, an interval read in parts differs
	 * (its parts timed different shares): the classes' times take the
	 * row's, so that impacts share the workload's time.
	 */
	if (kinds && r->fault_ns && r->fault_ns != kinds)
		for (unsigned int k = 0; k < XIP_NR_LAT; k++)
			ns[k] = (uint64_t)((double)ns[k] * r->fault_ns / kinds + 0.5);
	n = xl_diagnose_file(&r->f->st, ns, r->faults, v->caps.fallback, ff);
	for (unsigned int i = 0; i < n; i++)
		if (add(out, r, ff[i].id, ff[i].count, ff[i].of, ff[i].ns))
			return -ENOMEM;
	return 0;
}

static int worst_first(const void *x, const void *y)
{
	const struct xt_finding *a = x, *b = y;

	/* failures before slowness: a task got a signal, or memory ran out */
	if ((a->id == XL_F_FAILED_FAULTS) != (b->id == XL_F_FAILED_FAULTS))
		return a->id == XL_F_FAILED_FAULTS ? -1 : 1;
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

/* 4 KiB faults of more than their share on a remote node: below it, a stray task. */
#define REMOTE_SHARE	0.5

/*
 * A DAX file system's layout, whatever faulted: a namespace aligned to
 * less than 2 MiB, else a partition that starts off 2 MiB (one cause, one
 * finding), an allocator without a 2 MiB hint (ext4 and XFS only: what
 * their options say), a kernel without 2 MiB DAX faults; and where its
 * faults ran: on CPUs of another NUMA node than its memory's.
 */
static int layout_rules(struct xt_findings *out, const struct xt_fsinfo *fs, bool pmd_possible)
{
	uint64_t faults = fs->local_faults + fs->remote_faults;
	int err = 0;

	if (!fs->watched || !fs->dax_mounted)
		return 0;
	if (fs->ns_align && fs->ns_align % PMD_BYTES)
		err = add_fs(out, fs, XL_F_NAMESPACE_ALIGN, fs->ns_align, PMD_BYTES, 0);
	else if (fs->part_start % PMD_BYTES)
		err = add_fs(out, fs, XL_F_DEVICE_MISALIGNED, fs->part_start, PMD_BYTES, 0);
	if (!err && (!strcmp(fs->fstype, "ext4") || !strcmp(fs->fstype, "xfs")) &&
	    (!fs->alloc_align || fs->alloc_align % PMD_BYTES))
		err = add_fs(out, fs, XL_F_FS_UNALIGNED_ALLOC, fs->alloc_align, PMD_BYTES, 0);
	if (!err && !pmd_possible)
		err = add_fs(out, fs, XL_F_PMD_DISABLED, 0, 0, 0);
	if (!err && fs->numa_node >= 0 && fs->remote_faults >= MIN_EVENTS &&
	    fs->remote_faults >= REMOTE_SHARE * faults)
		err = add_fs(out, fs, XL_F_NUMA_REMOTE, fs->remote_faults, faults, 0);
	return err;
}

/*
 * A file system's layout, then not-dax: page-cache faults on a file system
 * whose device can do DAX (the page cache is measured with --page-cache,
 * which doctor turns on).
 */
static int fs_rules(struct xt_findings *out, const struct xt_view *v, const struct xt_fsinfo *fs,
		    bool pmd_possible)
{
	const struct xl_snapshot *s = v->snap;
	uint64_t pc = 0, ns = 0, files = 0;

	if (layout_rules(out, fs, pmd_possible))
		return -ENOMEM;
	if (!fs->dax_capable || !xl_lat_available(&v->caps, XIP_PAGECACHE))
		return 0;
	/* every file of the interval: a screen's view has rows for those shown only */
	for (size_t i = 0; i < s->nfiles; i++) {
		const struct xl_file *file = &s->files[i];
		uint64_t n = file->st.count[XIP_PAGECACHE];

		if (file->key.dev != fs->dev || !n)
			continue;
		pc += n;
		ns += xl_hist_total_ns(xl_find_hist(s, &file->key, XIP_PAGECACHE), n);
		files++;
	}
	return pc >= MIN_EVENTS ? add_fs(out, fs, XL_F_NOT_DAX, pc, files, ns) : 0;
}

/*
 * pmd-disabled of a file: a mapping of it has 2 MiB faults turned off and
 * it took 4 KiB faults. A row once, whatever the number of such mappings.
 */
static int nothp_rules(struct xt_findings *out, const struct xt_view *v,
		       const struct xt_nothp *nothp, size_t nnothp)
{
	for (size_t i = 0; i < v->nrows; i++) {
		const struct xt_row *r = &v->rows[i];
		const struct xip_file_stats *st = &r->f->st;
		uint64_t small = st->count[XIP_PTE_READ] + st->count[XIP_PTE_WRITE] + st->count[XIP_COW];

		if (small < MIN_EVENTS || st->count[XIP_PAGECACHE])
			continue;
		for (size_t j = 0; j < nnothp; j++) {
			if (nothp[j].dev != r->f->key.dev || nothp[j].ino != r->f->key.ino)
				continue;
			if (add(out, r, XL_F_PMD_DISABLED, small, r->faults, 0))
				return -ENOMEM;
			out->f[out->n - 1].nothp = &nothp[j];
			break;
		}
	}
	return 0;
}

/*
 * The fault time of files on devices that cannot do DAX (no file system
 * of fs[] that is dax_capable): page-cache faults only, which doctor's
 * --page-cache counts machine-wide. A workload's DAX findings are shares
 * of the rest.
 */
static void other_devices(struct xt_findings *out, const struct xt_view *v,
			  const struct xt_fsinfo *fs, size_t nfs)
{
	const struct xl_snapshot *s = v->snap;

	out->other_ns = 0;
	out->other_files = 0;
	for (size_t i = 0; s && i < s->nfiles; i++) {
		const struct xl_file *file = &s->files[i];
		uint64_t n = file->st.count[XIP_PAGECACHE];
		bool capable = false;

		/* DAX files first, and out at once: every interval has every changed file */
		if (!n)
			continue;
		for (size_t j = 0; j < nfs && !capable; j++)
			capable = fs[j].dev == file->key.dev && fs[j].dax_capable;
		if (capable)
			continue;
		out->other_ns += file->fault_ns ? file->fault_ns :
				 xl_hist_total_ns(xl_find_hist(s, &file->key, XIP_PAGECACHE), n);
		out->other_files++;
	}
	if (out->other_ns > out->fault_ns)	/* estimates of two kinds: never below 0 */
		out->other_ns = out->fault_ns;
	out->fault_ns -= out->other_ns;
}

int xt_findings_build_doctor(struct xt_findings *out, const struct xt_view *v,
			     const struct xt_fsinfo *fs, size_t nfs, const struct xt_nothp *nothp,
			     size_t nnothp, bool pmd_possible)
{
	out->n = 0;
	out->fault_ns = v->fault_ns;	/* every file's: page-cache faults' too */
	if (nfs)			/* doctor: not those on devices that cannot do DAX */
		other_devices(out, v, fs, nfs);
	for (size_t i = 0; i < nfs; i++)
		if (fs_rules(out, v, &fs[i], pmd_possible))
			return -ENOMEM;
	for (size_t i = 0; i < v->complete; i++)	/* the rows shown */
		if (file_rules(out, v, &v->rows[i]))
			return -ENOMEM;
	if (nothp_rules(out, v, nothp, nnothp))
		return -ENOMEM;
	for (size_t i = 0; i < out->n; i++) {
		struct xt_finding *f = &out->f[i];

		/* a fallback is a missed opportunity: its cost is the 4 KiB faults that followed */
		if (!xl_finding_is_potential(f->id) && f->ns && out->fault_ns)
			f->impact = (double)f->ns / out->fault_ns;
	}
	if (out->n)
		qsort(out->f, out->n, sizeof(*out->f), worst_first);
	return 0;
}

int xt_findings_build(struct xt_findings *out, const struct xt_view *v, const struct xt_fsinfo *fs,
		      size_t nfs)
{
	return xt_findings_build_doctor(out, v, fs, nfs, NULL, 0, true);
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
			r->hint = xl_findings_info[fs->f[i].id].id;
		r->findings |= 1U << fs->f[i].id;
	}
}
