// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop's Prometheus text exposition format 0.0.4, for --prometheus
 * (docs/xiptop.md has the families). By default a set of series per file
 * system, labelled to join node_exporter's; with --prometheus-files N also
 * the N files that took the most fault time. Names follow the Prometheus
 * naming guide: a unit and _total for counters, no family in which one
 * event counts under two label values, dimensions as labels.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "escape.h"
#include "findings.h"
#include "kinds.h"
#include "output.h"
#include "stdopts.h"

/* What one series set counts, and its labels, formatted once. */
struct series {
	char *labels;				/* name="value",... (escaped) */
	const struct xip_file_stats *st;
	const struct xl_hist *lat[XIP_NR_LAT];	/* NULL: no sample */
	uint64_t fault_ns;			/* a file's: its row's (struct xl_file) */
};

/* The kinds that partition DAX faults: each fault is in one. */
static const unsigned int dax_kinds[] = {
	XIP_PTE_READ, XIP_PTE_WRITE, XIP_PMD_READ, XIP_PMD_WRITE, XIP_PMD_FALLBACK, XIP_COW,
};
#define NR_DAX_KINDS (sizeof(dax_kinds) / sizeof(dax_kinds[0]))
#define DAX_KIND_MASK (1U << XIP_PTE_READ | 1U << XIP_PTE_WRITE | 1U << XIP_PMD_READ | \
		       1U << XIP_PMD_WRITE | 1U << XIP_PMD_FALLBACK | 1U << XIP_COW)

/*
 * Buckets for DAX faults and I/O: every other log2 slot boundary from
 * 512 ns to 33.5 ms (a 4 KiB fault takes about 1 to 100 us, an allocating
 * or 2 MiB one up to milliseconds); 2^(9 + 2i) ns.
 */
#define NR_BUCKETS	9
#define BUCKET_SLOT(i)	(9 + 2 * (i))

static void label(FILE *f, const char *name, const char *value, bool first)
{
	fprintf(f, "%s%s=\"", first ? "" : ",", name);
	xl_prom_label_value(f, value ? value : "");
	fputc('"', f);
}

static void head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{labels[,extra="value"]} n */
static void line(FILE *f, const char *name, const struct series *s, const char *extra,
		 const char *value, unsigned long long n)
{
	fprintf(f, "%s{%s", name, s->labels);
	if (extra)
		label(f, extra, value, !s->labels[0]);
	fprintf(f, "} %llu\n", n);
}

/* A counter family of one value per series, at offset in its statistics. */
static void counter(FILE *f, const struct series *s, size_t n, const char *name, const char *help,
		    size_t offset)
{
	head(f, name, "counter", help);
	for (size_t i = 0; i < n; i++)
		line(f, name, &s[i], NULL, NULL, *(const __u64 *)((const char *)s[i].st + offset));
}

/* A counter family broken down by label: values[j] for j in mask, every series. */
static void breakdown(FILE *f, const struct series *s, size_t n, const char *name, const char *help,
		      const char *lname, const char *const *names, size_t offset, unsigned int mask,
		      int nvalues)
{
	head(f, name, "counter", help);
	for (size_t i = 0; i < n; i++) {
		const __u64 *v = (const __u64 *)((const char *)s[i].st + offset);

		for (int j = 0; j < nvalues; j++)
			if (mask >> j & 1)
				line(f, name, &s[i], lname, names[j], v[j]);
	}
}

#define ST(member)	offsetof(struct xip_file_stats, member)

static void hist_lines(FILE *f, const char *name, const struct series *s, const char *lname,
		       const char *lvalue, const struct xl_hist *h)
{
	uint64_t cum = 0;
	int slot = 0;

	for (int b = 0; b < NR_BUCKETS; b++) {
		for (; slot < BUCKET_SLOT(b) && slot < XIP_HIST_SLOTS; slot++)
			cum += h->slot[slot];
		fprintf(f, "%s_bucket{%s", name, s->labels);
		if (lname)
			label(f, lname, lvalue, !s->labels[0]);
		fprintf(f, ",le=\"%.9g\"} %llu\n", (double)(1ULL << BUCKET_SLOT(b)) / 1e9,
			(unsigned long long)cum);
	}
	fprintf(f, "%s_bucket{%s", name, s->labels);
	if (lname)
		label(f, lname, lvalue, !s->labels[0]);
	fprintf(f, ",le=\"+Inf\"} %llu\n", (unsigned long long)h->count);
	fprintf(f, "%s_sum{%s", name, s->labels);
	if (lname)
		label(f, lname, lvalue, !s->labels[0]);
	fprintf(f, "} %.9f\n", h->sum_ns / 1e9);
	fprintf(f, "%s_count{%s", name, s->labels);
	if (lname)
		label(f, lname, lvalue, !s->labels[0]);
	fprintf(f, "} %llu\n", (unsigned long long)h->count);
}

/* A histogram family of the latency classes in lats (lname: their label; NULL: one class). */
static void histogram(FILE *f, const struct series *s, size_t n, const char *name, const char *help,
		      const char *lname, const unsigned int *lats, int nlats)
{
	static const struct xl_hist empty;

	head(f, name, "histogram", help);
	for (size_t i = 0; i < n; i++)
		for (int j = 0; j < nlats; j++)
			hist_lines(f, name, &s[i], lname, lname ? xl_lat_names[lats[j]] : NULL,
				   s[i].lat[lats[j]] ? s[i].lat[lats[j]] : &empty);
}

/* Reasons a kernel can tell: the series' (1 to 9), or derived ones and "other". */
static unsigned int fallback_mask(const struct xl_caps *c)
{
	if (c->fallback_src == XL_SRC_SERIES)
		return ((1U << XIP_FALLBACK_OTHER) - 1) & ~1U;
	return 1U << XIP_FALLBACK_MISALIGNED | 1U << XIP_FALLBACK_PRIVATE_WRITE |
	       1U << XIP_FALLBACK_VMA_RANGE | 1U << XIP_FALLBACK_BEYOND_EOF | 1U << XIP_FALLBACK_OTHER;
}

static void fs_families(FILE *f, const struct series *s, size_t n, const struct xl_caps *c)
{
	unsigned int io_lats[XIP_NR_DIRS] = { XIP_LAT_IO(XIP_READ), XIP_LAT_IO(XIP_WRITE) };
	unsigned int major = XIP_MAJOR, hole = XIP_HOLE, pc = XIP_PAGECACHE;

	breakdown(f, s, n, "xiptop_dax_faults_total",
		  "DAX fault handler calls by kind, each of one kind (pmd_fallback: a 2 MiB attempt that fell back to 4 KiB calls).",
		  "kind", xl_lat_names, ST(count), DAX_KIND_MASK, XIP_NR_KINDS);
	breakdown(f, s, n, "xiptop_dax_failed_faults_total",
		  "DAX fault handler calls that failed, by access: SIGBUS, SIGSEGV or out of memory (in no kind).",
		  "direction", xl_dir_names, ST(failed), ~0U, XIP_NR_DIRS);
	counter(f, s, n, "xiptop_dax_hole_loads_total",
		"DAX faults that mapped the zero page over a hole (also counted as reads).",
		ST(count[XIP_HOLE]));
	counter(f, s, n, "xiptop_major_faults_total",
		"Faults that allocated or converted blocks (also counted in their kind).",
		ST(count[XIP_MAJOR]));
	if (c->major_pmd)
		counter(f, s, n, "xiptop_dax_major_pmd_faults_total",
			"Major faults that were 2 MiB ones.", ST(major_pmd));
	if (c->fallback)
		breakdown(f, s, n, "xiptop_dax_pmd_fallbacks_total",
			  "2 MiB DAX fault attempts that fell back to 4 KiB, by reason (other: needs the xip series).",
			  "reason", xl_fallback_names, ST(fallback), fallback_mask(c),
			  XIP_NR_FALLBACK_REASONS);
	if (c->cow_source)
		breakdown(f, s, n, "xiptop_dax_cow_faults_by_source_total",
			  "Copy-on-write DAX faults by what the page came from.", "source",
			  xl_cow_source_names, ST(cow_source), ~0U, XIP_NR_COW_SOURCES);
	if (c->zero) {
		counter(f, s, n, "xiptop_dax_zeroed_bytes_total", "Bytes of DAX storage zeroed.",
			ST(zero_bytes));
		counter(f, s, n, "xiptop_dax_zero_operations_total", "Zeroings of DAX storage.",
			ST(zero_count));
	}
	if (c->io) {
		breakdown(f, s, n, "xiptop_dax_io_bytes_total", "Bytes moved by read(2) and write(2) on DAX files.",
			  "direction", xl_dir_names, ST(io_bytes), ~0U, XIP_NR_DIRS);
		breakdown(f, s, n, "xiptop_dax_io_operations_total", "read(2) and write(2) calls on DAX files.",
			  "direction", xl_dir_names, ST(io_count), ~0U, XIP_NR_DIRS);
	}
	if (xl_lat_available(c, XIP_PAGECACHE))
		counter(f, s, n, "xiptop_page_cache_faults_total",
			"Page-cache faults that reached filemap_fault() (--page-cache).",
			ST(count[XIP_PAGECACHE]));
	if (!c->timing)
		return;
	histogram(f, s, n, "xiptop_dax_fault_duration_seconds", "How long DAX faults took, by kind.",
		  "kind", dax_kinds, NR_DAX_KINDS);
	histogram(f, s, n, "xiptop_major_fault_duration_seconds",
		  "How long faults that allocated or converted blocks took.", NULL, &major, 1);
	histogram(f, s, n, "xiptop_dax_hole_load_duration_seconds",
		  "How long DAX faults that loaded a hole took.", NULL, &hole, 1);
	if (xl_lat_available(c, XIP_PAGECACHE))
		histogram(f, s, n, "xiptop_page_cache_fault_duration_seconds",
			  "How long page-cache faults took (--page-cache).", NULL, &pc, 1);
	if (c->io)
		histogram(f, s, n, "xiptop_dax_io_duration_seconds",
			  "How long read(2) and write(2) on DAX files took, by direction.", "direction",
			  io_lats, XIP_NR_DIRS);
}

/* A row and its fault time, worked out once (not in every comparison). */
struct timed_row {
	uint64_t ns;
	const struct xt_row *row;
};

static int by_fault_time(const void *x, const void *y)
{
	uint64_t a = ((const struct timed_row *)x)->ns, b = ((const struct timed_row *)y)->ns;

	return (a < b) - (a > b);
}

static void file_families(FILE *f, const struct series *s, size_t n, const struct xl_caps *c)
{
	breakdown(f, s, n, "xiptop_file_dax_faults_total",
		  "DAX faults by kind, of the files that took the most fault time (--prometheus-files).",
		  "kind", xl_lat_names, ST(count), DAX_KIND_MASK, XIP_NR_KINDS);
	counter(f, s, n, "xiptop_file_major_faults_total",
		"Faults that allocated or converted blocks, of those files.", ST(count[XIP_MAJOR]));
	if (c->fallback)
		breakdown(f, s, n, "xiptop_file_dax_pmd_fallbacks_total",
			  "2 MiB DAX fault attempts that fell back, of those files, by reason.", "reason",
			  xl_fallback_names, ST(fallback), fallback_mask(c), XIP_NR_FALLBACK_REASONS);
	if (!c->timing)
		return;
	head(f, "xiptop_file_fault_seconds_total", "counter",
	     "Time those files' faults took, in all (what ranks them): each read's sample scaled to its faults, summed.");
	for (size_t i = 0; i < n; i++)
		fprintf(f, "xiptop_file_fault_seconds_total{%s} %.9f\n", s[i].labels, s[i].fault_ns / 1e9);
}

/* The labels of a series, formatted once; NULL: no memory. */
static char *fs_labels(const struct xt_fsrow *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	label(f, "device", r->device, true);
	label(f, "mountpoint", r->mountpoint, false);
	label(f, "fstype", r->fstype, false);
	return fclose(f) ? NULL : buf;
}

static char *file_labels(const struct xt_view *v, const struct xt_row *r, const struct xt_fsrows *fs)
{
	const struct xt_fsrow *m = NULL;
	char *buf = NULL, num[24];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < fs->n; i++)
		if (fs->r[i].dev == r->f->key.dev)
			m = &fs->r[i];
	label(f, "device", m ? m->device : "", true);
	label(f, "mountpoint", m ? m->mountpoint : "", false);
	label(f, "path", r->path, false);
	/* a file is its inode and generation: a reused number is another file */
	snprintf(num, sizeof(num), "%llu", (unsigned long long)r->f->key.ino);
	label(f, "ino", num, false);
	snprintf(num, sizeof(num), "%u", r->f->key.gen);
	label(f, "gen", num, false);
	if (v->caps.per_process) {	/* only when asked for: a pid is a series per process */
		snprintf(num, sizeof(num), "%u", r->f->key.tgid);
		label(f, "pid", num, false);
		label(f, "comm", r->comm, false);
		/* a reused pid is another process: its start (ns since boot) tells them apart */
		snprintf(num, sizeof(num), "%llu", (unsigned long long)r->f->key.owner);
		label(f, "start", num, false);
	}
	if (v->caps.per_cgroup) {	/* a cgroup made again under its name is another one */
		snprintf(num, sizeof(num), "%llu", (unsigned long long)r->f->key.owner);
		label(f, "cgroup_id", num, false);
		label(f, "cgroup", r->cgroup, false);
	}
	return fclose(f) ? NULL : buf;
}

/*
 * What could not be recorded, split by what was lost: a family each, a
 * reason label where there are several. counter < 0: the faults on rows
 * in the instant of their removal (user space's count).
 */
static const struct lost {
	const char *family, *help, *reason;
	int counter;
} lost[] = {
	{ "xiptop_lost_faults_total",
	  "Faults counted in no row: every row was taken, or the row was being removed.",
	  "map_full", XIP_CTR_FILES_FULL },
	{ "xiptop_lost_faults_total", NULL, "row_removed", -1 },
	{ "xiptop_lost_latencies_total",
	  "Latencies not recorded: no histogram block was free, the start came before xiptop or its slot was taken, or no task storage.",
	  "map_full", XIP_CTR_HISTS_FULL },
	{ "xiptop_lost_latencies_total", NULL, "unpaired", XIP_CTR_UNPAIRED },
	{ "xiptop_lost_latencies_total", NULL, "no_task_storage", XIP_CTR_NO_TASK },
	{ "xiptop_lost_paths_total", "File paths the paths map had no room for.", NULL,
	  XIP_CTR_PATHS_FULL },
	{ "xiptop_lost_lifecycle_events_total",
	  "Ends of files or processes not told (those rows age out instead).", "ring_full",
	  XIP_CTR_GONE_LOST },
	{ "xiptop_lost_lifecycle_events_total", NULL, "inodes_full", XIP_CTR_INODES_FULL },
	{ "xiptop_lost_lifecycle_events_total", NULL, "fentry_missed", XIP_CTR_GONE_MISSED },
	{ "xiptop_lost_events_total",
	  "Events whose program the kernel did not run: a run under way on that CPU, or every kretprobe instance taken.",
	  NULL, XIP_CTR_MISSED },
};

static void lost_families(FILE *f, const struct xt_view *v)
{
	for (size_t i = 0; i < sizeof(lost) / sizeof(lost[0]); i++) {
		const struct lost *l = &lost[i];
		uint64_t n = l->counter < 0 ? v->life.lost : v->counters[l->counter];

		if (l->help)
			head(f, l->family, "counter", l->help);
		fputs(l->family, f);
		if (l->reason)
			fprintf(f, "{reason=\"%s\"}", l->reason);
		fprintf(f, " %llu\n", (unsigned long long)n);
	}
}

static void process_families(FILE *f, const struct xt_view *v, const char *hook)
{
	head(f, "xiptop_build_info", "gauge", "xiptop's version, hook, and whether the kernel has the xip series.");
	fprintf(f, "xiptop_build_info{version=\"");
	xl_prom_label_value(f, xl_version);
	fprintf(f, "\",hook=\"%s\",kernel_series=\"%s\"} 1\n", hook,
		v->caps.cow_source ? "yes" : "no");
	head(f, "xiptop_tracked_rows", "gauge", "Rows the kernel side tracks.");
	fprintf(f, "xiptop_tracked_rows %zu\n", v->tracked);
	head(f, "xiptop_max_rows", "gauge", "Rows the kernel side holds at most (--max-files).");
	fprintf(f, "xiptop_max_rows %zu\n", v->max_files);
	head(f, "xiptop_memory_bytes", "gauge", "Memory of the BPF maps (kernel) and of xiptop's heap (user).");
	fprintf(f, "xiptop_memory_bytes{where=\"kernel\"} %llu\n", (unsigned long long)v->life.kernel_bytes);
	fprintf(f, "xiptop_memory_bytes{where=\"user\"} %llu\n", (unsigned long long)v->life.user_bytes);
	head(f, "xiptop_removed_rows_total", "counter",
	     "Rows removed from the maps (their counts stay in their file system's): file or process gone (expired), least recently active (evicted).");
	fprintf(f, "xiptop_removed_rows_total{why=\"expired\"} %llu\n", (unsigned long long)v->life.expired);
	fprintf(f, "xiptop_removed_rows_total{why=\"evicted\"} %llu\n", (unsigned long long)v->life.evicted);
	lost_families(f, v);
}

/*
 * Doctor's findings over everything since start, per file system: how many
 * files (or, for a file system's own, 1) have each. Every id, zeros too,
 * so that an alert on it has a series from the start.
 */
static void findings_family(FILE *f, const struct series *s, const struct xt_fsrows *fs,
			    const struct xt_findings *fnd)
{
	head(f, "xiptop_findings", "gauge",
	     "Rows (files; with -P or -G, files and processes or cgroups), or 1 for a file system's own finding, with each of xiptop doctor's findings over the rows since start (docs/doctor.md).");
	for (size_t i = 0; i < fs->n; i++)
		for (int id = 0; id < XL_NR_FINDINGS; id++) {
			unsigned long long n = 0;

			for (size_t k = 0; fnd && k < fnd->n; k++) {
				const struct xt_finding *x = &fnd->f[k];
				unsigned int dev = x->row ? x->row->f->key.dev : x->fs->dev;

				n += x->id == (enum xl_finding_id)id && dev == fs->r[i].dev;
			}
			line(f, "xiptop_findings", &s[i], "id", xl_findings_info[id].id, n);
		}
}

int xt_print_prometheus(FILE *f, const struct xt_view *v, const struct xt_fsrows *fs, size_t nfiles)
{
	size_t nfs = fs->n, nf = nfiles < v->nrows ? nfiles : v->nrows, i;
	struct series *s = calloc(nfs + nf + 1, sizeof(*s));
	/* the files that took the most fault time: ranked only when some are asked for */
	struct timed_row *top = calloc(nf ? v->nrows : 1, sizeof(*top));
	bool ok = false;

	if (!s || !top)
		goto out;
	for (i = 0; i < nfs; i++) {
		s[i].labels = fs_labels(&fs->r[i]);
		s[i].st = &fs->r[i].st;
		for (int l = 0; l < XIP_NR_LAT; l++)
			s[i].lat[l] = &fs->r[i].lat[l];
		if (!s[i].labels)
			goto out;
	}
	for (i = 0; nf && i < v->nrows; i++)
		top[i] = (struct timed_row){ v->rows[i].fault_ns, &v->rows[i] };
	if (nf)
		qsort(top, v->nrows, sizeof(*top), by_fault_time);
	for (i = 0; i < nf; i++) {
		struct series *x = &s[nfs + i];

		x->labels = file_labels(v, top[i].row, fs);
		x->st = &top[i].row->f->st;
		x->fault_ns = top[i].ns;
		memcpy(x->lat, top[i].row->lat, sizeof(x->lat));
		if (!x->labels)
			goto out;
	}
	fs_families(f, s, nfs, &v->caps);
	findings_family(f, s, fs, v->findings);
	if (nf)
		file_families(f, s + nfs, nf, &v->caps);
	process_families(f, v, v->hook);
	ok = true;
out:
	for (i = 0; s && i < nfs + nf; i++)
		free(s[i].labels);
	free(s);
	free(top);
	return ok ? 0 : -ENOMEM;
}
