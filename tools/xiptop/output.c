// SPDX-License-Identifier: GPL-2.0
/* xiptop's outputs (see output.h). */
#include <stdlib.h>
#include <string.h>
#include "json.h"
#include "output.h"

#define DEV_MAJ(d)	((d) >> 20)
#define DEV_MIN(d)	((d) & 0xfffff)

/* n in the largest unit of unit[] (each step times the one before) it reaches */
static const char *scaled(char *buf, double n, double step, const char *const *unit, int nunits)
{
	int u = 0;

	while (n >= step && u < nunits - 1) {
		n /= step;
		u++;
	}
	snprintf(buf, 16, u ? "%.1f%s" : "%.0f%s", n, unit[u]);
	return buf;
}

const char *xt_human(char *buf, double n)
{
	static const char *const unit[] = { "", "k", "M", "G" };

	return scaled(buf, n, 1000, unit, 4);
}

const char *xt_human_ns(char *buf, uint64_t ns)
{
	static const char *const unit[] = { "ns", "us", "ms", "s" };

	return scaled(buf, ns, 1000, unit, 4);
}

static const char *human_bytes(char *buf, double n)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };

	return scaled(buf, n, 1024, unit, 5);
}

int xt_lat_available(const struct xt_have *h, unsigned int lat)
{
	return lat != XIP_PAGECACHE || h->pagecache;
}

/* ---- JSON ---- */

static void json_hist(FILE *f, const struct xt_hist *h)
{
	int first = 0, last = XIP_HIST_SLOTS - 1;

	/* slots first..last: the rest are empty, and 10,000 files print fast */
	while (first < last && !h->slot[first])
		first++;
	while (last > first && !h->slot[last])
		last--;
	fprintf(f, "{\"count\":%llu,\"sum_ns\":%llu,\"p50_ns\":%llu,\"p99_ns\":%llu,\"p999_ns\":%llu,\"hist_from\":%d,\"hist\":[",
		(unsigned long long)h->count, (unsigned long long)h->sum_ns,
		(unsigned long long)xt_hist_percentile(h, 0.5),
		(unsigned long long)xt_hist_percentile(h, 0.99),
		(unsigned long long)xt_hist_percentile(h, 0.999), first);
	for (int i = first; i <= last; i++)
		fprintf(f, "%s%llu", i > first ? "," : "", (unsigned long long)h->slot[i]);
	fputs("]}", f);
}

/* The counts of a row or of the totals: the keys every file object has. */
static void json_counts(FILE *f, const struct xt_view *v, const struct xip_file_stats *st)
{
	const struct xt_have *h = &v->have;

	for (int k = 0; k < XIP_NR_KINDS; k++)
		xt_json_u64(f, xt_lat_names[k], st->count[k], xt_lat_available(h, k));
	xt_json_u64(f, "major_pmd", st->major_pmd, h->major_pmd);
	xt_json_breakdown(f, "fallback_reasons", st->fallback, xt_fallback_names,
		       XIP_NR_FALLBACK_REASONS, h->fallback);
	xt_json_breakdown(f, "cow_source", st->cow_source, xt_cow_source_names,
		       XIP_NR_COW_SOURCES, h->cow_source);
	xt_json_u64(f, "zero_count", st->zero_count, h->zero);
	xt_json_u64(f, "zero_bytes", st->zero_bytes, h->zero);
	xt_json_u64(f, "read_count", st->io_count[XIP_READ], h->io);
	xt_json_u64(f, "read_bytes", st->io_bytes[XIP_READ], h->io);
	xt_json_u64(f, "write_count", st->io_count[XIP_WRITE], h->io);
	xt_json_u64(f, "write_bytes", st->io_bytes[XIP_WRITE], h->io);
}

static void json_latency(FILE *f, const struct xt_view *v, const struct xt_hist *const *lat)
{
	int first = 1;

	fputs(",\"latency\":", f);
	if (!v->have.timing) {
		fputs("null", f);
		return;
	}
	fputc('{', f);
	for (int l = 0; l < XIP_NR_LAT; l++) {
		if (!lat[l] || !lat[l]->count)
			continue;
		fprintf(f, "%s\"%s\":", first ? "" : ",", xt_lat_names[l]);
		json_hist(f, lat[l]);
		first = 0;
	}
	fputc('}', f);
}

void xt_print_json(FILE *f, const struct xt_view *v)
{
	const struct xt_hist *lat[XIP_NR_LAT];
	int l;

	fprintf(f, "{\"time\":%.3f,\"interval\":%.3f,\"hook\":\"%s\",\"dropped\":%llu,\"counters\":{",
		v->snap->time, v->interval, v->hook,
		(unsigned long long)v->counters[XIP_CTR_FILES_FULL]);
	for (int c = 0; c < XIP_NR_COUNTERS; c++)
		fprintf(f, "%s\"%s\":%llu", c ? "," : "", xt_counter_names[c],
			(unsigned long long)v->counters[c]);
	fprintf(f, "},\"tracked\":%zu,\"max_files\":%zu,\"totals\":{\"faults\":%llu", v->tracked,
		v->max_files, (unsigned long long)v->totals.faults);
	json_counts(f, v, &v->totals.st);
	for (l = 0; l < XIP_NR_LAT; l++)
		lat[l] = &v->totals.lat[l];
	json_latency(f, v, lat);
	fputs("},\"files\":[", f);
	for (size_t i = 0; i < v->nrows; i++) {
		const struct xt_row *r = &v->rows[i];
		const struct xip_file_key *k = &r->f->key;

		fprintf(f, "%s{\"dev\":\"%u:%u\",\"ino\":%llu", i ? "," : "", DEV_MAJ(k->dev),
			DEV_MIN(k->dev), (unsigned long long)k->ino);
		xt_json_field_str(f, "path", r->path);
		if (v->have.per_process) {
			fprintf(f, ",\"pid\":%u,\"comm\":", k->tgid);
			xt_json_str(f, r->comm ? r->comm : "");
		}
		if (v->have.per_cgroup) {
			fprintf(f, ",\"cgroup_id\":%llu,\"cgroup\":", (unsigned long long)k->cgroup);
			xt_json_str(f, r->cgroup ? r->cgroup : "");
		}
		fprintf(f, ",\"faults\":%llu", (unsigned long long)r->faults);
		json_counts(f, v, &r->f->st);
		for (l = 0; l < XIP_NR_LAT; l++)
			lat[l] = xt_find_hist(v->snap, k, l);
		json_latency(f, v, lat);
		fputc('}', f);
	}
	fputs("]}\n", f);
}

/* ---- CSV ---- */

static void csv_str(FILE *f, const char *s)
{
	if (!s)
		return;
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static void csv_u64(FILE *f, uint64_t v, int available)
{
	if (available)
		fprintf(f, ",%llu", (unsigned long long)v);
	else
		fputc(',', f);
}

void xt_print_csv_header(FILE *f, const struct xt_view *v)
{
	fputs("time,dev,ino,path", f);
	if (v->have.per_process)
		fputs(",pid,comm", f);
	if (v->have.per_cgroup)
		fputs(",cgroup_id,cgroup", f);
	for (int k = 0; k < XIP_NR_KINDS; k++)
		fprintf(f, ",%s", xt_lat_names[k]);
	fputs(",major_pmd,zero_count,zero_bytes,read_count,read_bytes,write_count,write_bytes,p50_ns,p99_ns\n",
	      f);
}

void xt_print_csv(FILE *f, const struct xt_view *v)
{
	const struct xt_have *h = &v->have;

	for (size_t i = 0; i < v->nrows; i++) {
		const struct xt_row *r = &v->rows[i];
		const struct xip_file_stats *st = &r->f->st;
		const struct xip_file_key *k = &r->f->key;

		fprintf(f, "%.3f,%u:%u,%llu,", v->snap->time, DEV_MAJ(k->dev), DEV_MIN(k->dev),
			(unsigned long long)k->ino);
		csv_str(f, r->path);
		if (h->per_process) {
			fprintf(f, ",%u,", k->tgid);
			csv_str(f, r->comm);
		}
		if (h->per_cgroup) {
			fprintf(f, ",%llu,", (unsigned long long)k->cgroup);
			csv_str(f, r->cgroup);
		}
		for (int c = 0; c < XIP_NR_KINDS; c++)
			csv_u64(f, st->count[c], xt_lat_available(h, c));
		csv_u64(f, st->major_pmd, h->major_pmd);
		csv_u64(f, st->zero_count, h->zero);
		csv_u64(f, st->zero_bytes, h->zero);
		csv_u64(f, st->io_count[XIP_READ], h->io);
		csv_u64(f, st->io_bytes[XIP_READ], h->io);
		csv_u64(f, st->io_count[XIP_WRITE], h->io);
		csv_u64(f, st->io_bytes[XIP_WRITE], h->io);
		csv_u64(f, r->p50, h->timing && r->all.count);
		csv_u64(f, r->p99, h->timing && r->all.count);
		fputc('\n', f);
	}
}

/* ---- Prometheus text exposition format 0.0.4 ---- */

static void prom_label(FILE *f, const char *name, const char *value)
{
	fprintf(f, ",%s=\"", name);
	for (; value && *value; value++) {
		if (*value == '\\' || *value == '"')
			fprintf(f, "\\%c", *value);
		else if (*value == '\n')
			fputs("\\n", f);
		else
			fputc(*value, f);
	}
	fputc('"', f);
}

static void prom_labels(FILE *f, const struct xt_view *v, const struct xt_row *r)
{
	const struct xip_file_key *k = &r->f->key;
	char num[32];

	fprintf(f, "{dev=\"%u:%u\"", DEV_MAJ(k->dev), DEV_MIN(k->dev));
	snprintf(num, sizeof(num), "%llu", (unsigned long long)k->ino);
	prom_label(f, "ino", num);
	prom_label(f, "path", r->path ? r->path : "");
	if (v->have.per_process) {
		snprintf(num, sizeof(num), "%u", k->tgid);
		prom_label(f, "pid", num);
		prom_label(f, "comm", r->comm ? r->comm : "");
	}
	if (v->have.per_cgroup)
		prom_label(f, "cgroup", r->cgroup ? r->cgroup : "");
}

static void prom_head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{labels,extra="value"} n, for every row */
static void prom_family(FILE *f, const struct xt_view *v, const char *name, const char *extra,
			const char *const *values, int nvalues, size_t offset)
{
	for (size_t i = 0; i < v->nrows; i++) {
		const __u64 *arr = (const __u64 *)((const char *)&v->rows[i].f->st + offset);

		for (int j = 0; j < nvalues; j++) {
			if (!arr[j] && nvalues > 1)
				continue;	/* absent means zero; keeps the output small */
			fputs(name, f);
			prom_labels(f, v, &v->rows[i]);
			if (extra)
				prom_label(f, extra, values[j]);
			fprintf(f, "} %llu\n", (unsigned long long)arr[j]);
		}
	}
}

void xt_print_prometheus(FILE *f, const struct xt_view *v)
{
	static const char *const dirs[XIP_NR_DIRS] = { "read", "write" };
	const struct xt_have *h = &v->have;
	const char *kinds[XIP_NR_KINDS];
	int nkinds = 0;

	prom_head(f, "xip_dax_faults_total", "counter",
		  "DAX faults per file by kind (a major or hole fault also counts as its read or write kind).");
	for (int k = 0; k < XIP_NR_KINDS; k++)
		if (xt_lat_available(h, k))
			kinds[nkinds++] = xt_lat_names[k];
	prom_family(f, v, "xip_dax_faults_total", "kind", kinds, nkinds,
		    offsetof(struct xip_file_stats, count));
	if (h->major_pmd) {
		prom_head(f, "xip_dax_major_pmd_faults_total", "counter",
			  "Major (allocating) 2 MiB DAX faults per file.");
		prom_family(f, v, "xip_dax_major_pmd_faults_total", NULL, NULL, 1,
			    offsetof(struct xip_file_stats, major_pmd));
	}
	if (h->fallback) {
		prom_head(f, "xip_dax_pmd_fallbacks_total", "counter",
			  "2 MiB DAX faults that fell back to 4 KiB, per file and reason.");
		prom_family(f, v, "xip_dax_pmd_fallbacks_total", "reason", xt_fallback_names,
			    XIP_NR_FALLBACK_REASONS, offsetof(struct xip_file_stats, fallback));
	}
	if (h->cow_source) {
		prom_head(f, "xip_dax_cow_faults_by_source_total", "counter",
			  "Copy-on-write DAX faults per file, by what the page came from.");
		prom_family(f, v, "xip_dax_cow_faults_by_source_total", "source", xt_cow_source_names,
			    XIP_NR_COW_SOURCES, offsetof(struct xip_file_stats, cow_source));
	}
	if (h->zero) {
		prom_head(f, "xip_dax_zeroed_bytes_total", "counter", "Bytes of DAX storage zeroed, per file.");
		prom_family(f, v, "xip_dax_zeroed_bytes_total", NULL, NULL, 1,
			    offsetof(struct xip_file_stats, zero_bytes));
		prom_head(f, "xip_dax_zero_operations_total", "counter", "Zeroings of DAX storage, per file.");
		prom_family(f, v, "xip_dax_zero_operations_total", NULL, NULL, 1,
			    offsetof(struct xip_file_stats, zero_count));
	}
	if (h->io) {
		prom_head(f, "xip_dax_io_bytes_total", "counter", "Bytes moved by read(2)/write(2) on DAX files.");
		prom_family(f, v, "xip_dax_io_bytes_total", "dir", dirs, XIP_NR_DIRS,
			    offsetof(struct xip_file_stats, io_bytes));
		prom_head(f, "xip_dax_io_operations_total", "counter", "read(2)/write(2) calls on DAX files.");
		prom_family(f, v, "xip_dax_io_operations_total", "dir", dirs, XIP_NR_DIRS,
			    offsetof(struct xip_file_stats, io_count));
	}
	if (h->timing) {
		prom_head(f, "xip_dax_latency_seconds", "histogram",
			  "Latency of DAX faults and I/O per file and class, log2 buckets.");
		for (size_t i = 0; i < v->nrows; i++) {
			for (int l = 0; l < XIP_NR_LAT; l++) {
				const struct xt_hist *hh = xt_find_hist(v->snap, &v->rows[i].f->key, l);
				uint64_t cum = 0;

				if (!hh || !hh->count)
					continue;
				for (int s = 0; s < XIP_HIST_SLOTS; s++) {
					cum += hh->slot[s];
					fputs("xip_dax_latency_seconds_bucket", f);
					prom_labels(f, v, &v->rows[i]);
					prom_label(f, "class", xt_lat_names[l]);
					fprintf(f, ",le=\"%.9g\"} %llu\n", (xt_slot_high(s) + 1) / 1e9,
						(unsigned long long)cum);
				}
				fputs("xip_dax_latency_seconds_bucket", f);
				prom_labels(f, v, &v->rows[i]);
				prom_label(f, "class", xt_lat_names[l]);
				fprintf(f, ",le=\"+Inf\"} %llu\n", (unsigned long long)hh->count);
				fputs("xip_dax_latency_seconds_sum", f);
				prom_labels(f, v, &v->rows[i]);
				prom_label(f, "class", xt_lat_names[l]);
				fprintf(f, "} %.9f\n", hh->sum_ns / 1e9);
				fputs("xip_dax_latency_seconds_count", f);
				prom_labels(f, v, &v->rows[i]);
				prom_label(f, "class", xt_lat_names[l]);
				fprintf(f, "} %llu\n", (unsigned long long)hh->count);
			}
		}
	}
	prom_head(f, "xip_lost_total", "counter",
		  "What xiptop could not record, by reason (full maps, unpaired starts and ends).");
	for (int c = 0; c < XIP_NR_COUNTERS; c++)
		fprintf(f, "xip_lost_total{reason=\"%s\"} %llu\n", xt_counter_names[c],
			(unsigned long long)v->counters[c]);
	prom_head(f, "xip_tracked_rows", "gauge", "Rows in the kernel's map (at most --max-files).");
	fprintf(f, "xip_tracked_rows %zu\n", v->tracked);
}

/* ---- the top screen ---- */

/*
 * The screen's columns, in the order shown. A narrow terminal drops the
 * columns of higher priority numbers first, so that PATH, last, keeps at
 * least PATH_MIN characters.
 */
enum { C_DEV, C_PTE_R, C_PTE_W, C_PMD_R, C_PMD_W, C_FALLBK, C_HOLE, C_COW, C_MAJOR, C_PCACHE,
       C_ZEROED, C_P50, C_P99, C_PID, C_COMM, C_CGROUP, NR_COLS };
#define PATH_MIN 24

static const struct {
	const char *title;
	int width, prio, left;
} cols[NR_COLS] = {
	[C_DEV] = { "DEV", 7, 4 }, [C_PTE_R] = { "PTE-R", 6, 1 }, [C_PTE_W] = { "PTE-W", 6, 1 },
	[C_PMD_R] = { "PMD-R", 6, 2 }, [C_PMD_W] = { "PMD-W", 6, 3 }, [C_FALLBK] = { "FALLBK", 6, 2 },
	[C_HOLE] = { "HOLE", 6, 3 }, [C_COW] = { "COW", 6, 2 }, [C_MAJOR] = { "MAJOR", 6, 1 },
	[C_PCACHE] = { "PCACHE", 6, 1 },
	[C_ZEROED] = { "ZEROED", 8, 3 }, [C_P50] = { "P50", 7, 3 }, [C_P99] = { "P99", 7, 1 },
	[C_PID] = { "PID", 7, 0 }, [C_COMM] = { "COMM", 15, 0, 1 }, [C_CGROUP] = { "CGROUP", 20, 0, 1 },
};

/* Which columns fit width, highest priority (lowest number) first. */
static void choose_cols(const struct xt_have *h, int width, int shown[NR_COLS])
{
	int used = PATH_MIN;

	for (int c = 0; c < NR_COLS; c++)
		shown[c] = 0;
	for (int prio = 0; prio <= 4; prio++)
		for (int c = 0; c < NR_COLS; c++) {
			if (cols[c].prio != prio || ((c == C_PID || c == C_COMM) && !h->per_process) ||
			    (c == C_CGROUP && !h->per_cgroup) || (c == C_PCACHE && !h->pagecache))
				continue;
			if (prio && used + cols[c].width + 1 > width)
				continue;
			shown[c] = 1;
			used += cols[c].width + 1;
		}
}

/* A row's cell; buf holds what needs formatting (16 bytes). */
static const char *col_value(int c, const struct xt_row *r, const struct xt_have *h, char buf[][16])
{
	const struct xip_file_stats *st = &r->f->st;
	static const int kind[NR_COLS] = {
		[C_PTE_R] = XIP_PTE_READ, [C_PTE_W] = XIP_PTE_WRITE, [C_PMD_R] = XIP_PMD_READ,
		[C_PMD_W] = XIP_PMD_WRITE, [C_FALLBK] = XIP_PMD_FALLBACK, [C_HOLE] = XIP_HOLE,
		[C_COW] = XIP_COW, [C_MAJOR] = XIP_MAJOR, [C_PCACHE] = XIP_PAGECACHE,
	};

	switch (c) {
	case C_DEV:
		snprintf(buf[c], 16, "%u:%u", DEV_MAJ(r->f->key.dev), DEV_MIN(r->f->key.dev));
		return buf[c];
	case C_ZEROED:
		return h->zero ? human_bytes(buf[c], st->zero_bytes) : "-";
	case C_P50:
		return h->timing && r->all.count ? xt_human_ns(buf[c], r->p50) : "-";
	case C_P99:
		return h->timing && r->all.count ? xt_human_ns(buf[c], r->p99) : "-";
	case C_PID:
		snprintf(buf[c], 16, "%u", r->f->key.tgid);
		return buf[c];
	case C_COMM:
		return r->comm ? r->comm : "?";
	case C_CGROUP:
		return r->cgroup ? r->cgroup : "?";
	default:
		return xt_human(buf[c], st->count[kind[c]]);
	}
}

void xt_print_top(FILE *f, const struct xt_view *v, size_t maxrows, int width, int selected,
		  enum xt_sort sort, const char *clock)
{
	const struct xip_file_stats *t = &v->totals.st;
	const struct xt_have *h = &v->have;
	char a[NR_COLS][16], line[1024];
	struct xt_hist all = { 0 };
	double ratio = xt_fallback_ratio(t);
	int shown[NR_COLS], n;

	char *head = NULL;
	size_t headlen = 0;
	FILE *out = f;

	/* the header goes through a buffer, so that each line can be cut to width */
	f = open_memstream(&head, &headlen);
	if (!f)
		return;
	for (size_t k = 0; k < xt_nr_fault_kinds; k++)
		xt_hist_add(&all, &v->totals.lat[xt_fault_kinds[k]], 1);
	fprintf(f, "xiptop %s  interval %.2fs  hook %s  sort %s  files %zu/%zu  lost: files %llu unpaired %llu\n",
		clock, v->interval, v->hook, xt_sort_names[sort], v->tracked, v->max_files,
		(unsigned long long)v->counters[XIP_CTR_FILES_FULL],
		(unsigned long long)v->counters[XIP_CTR_UNPAIRED]);
	fprintf(f, "Faults: %s  4K read %s write %s  2M read %s write %s  fallback %s",
		xt_human(a[0], v->totals.faults), xt_human(a[1], t->count[XIP_PTE_READ]),
		xt_human(a[2], t->count[XIP_PTE_WRITE]), xt_human(a[3], t->count[XIP_PMD_READ]),
		xt_human(a[4], t->count[XIP_PMD_WRITE]), xt_human(a[5], t->count[XIP_PMD_FALLBACK]));
	if (ratio >= 0)
		fprintf(f, " (%.1f%% of 2M)", 100 * ratio);
	fprintf(f, "  hole %s  cow %s  major %s", xt_human(a[0], t->count[XIP_HOLE]),
		xt_human(a[1], t->count[XIP_COW]), xt_human(a[2], t->count[XIP_MAJOR]));
	if (h->pagecache)
		fprintf(f, "  page-cache %s", xt_human(a[3], t->count[XIP_PAGECACHE]));
	fputc('\n', f);
	fprintf(f, "Zeroed: %s  Read: %s  Written: %s",
		h->zero ? human_bytes(a[0], t->zero_bytes) : "-",
		h->io ? human_bytes(a[1], t->io_bytes[XIP_READ]) : "-",
		h->io ? human_bytes(a[2], t->io_bytes[XIP_WRITE]) : "-");
	if (h->timing && all.count)
		fprintf(f, "  Fault latency p50 %s p99 %s", xt_human_ns(a[3], xt_hist_percentile(&all, .5)),
			xt_human_ns(a[4], xt_hist_percentile(&all, .99)));
	if (!h->fallback)
		fputs("  (no xip series: reasons, zeroing, I/O unavailable)", f);
	fputs("\n\n", f);
	fclose(f);
	f = out;
	for (char *l = head, *nl; l < head + headlen; l = nl + 1) {
		nl = strchr(l, '\n');
		fprintf(f, "%.*s\n", (int)(nl - l) < width ? (int)(nl - l) : width, l);
	}
	free(head);
	choose_cols(h, width, shown);

	n = 0;
	for (int i = 0; i < NR_COLS; i++)
		if (shown[i])
			n += snprintf(line + n, sizeof(line) - n, cols[i].left ? "%-*s " : "%*s ",
				      cols[i].width, cols[i].title);
	snprintf(line + n, sizeof(line) - n, "PATH");
	fprintf(f, "%.*s\n", width, line);
	for (size_t i = 0; i < v->nrows && i < maxrows; i++) {
		const struct xt_row *r = &v->rows[i];
		const char *path = r->path ? r->path : "?";
		int room;

		n = 0;
		for (int c = 0; c < NR_COLS; c++)
			if (shown[c])
				n += snprintf(line + n, sizeof(line) - n, cols[c].left ? "%-*.*s " : "%*.*s ",
					      cols[c].width, cols[c].width, col_value(c, r, h, a));
		/* a path too long for the screen keeps its end: the file name */
		room = width - n;
		if (room > 3 && (int)strlen(path) > room)
			snprintf(line + n, sizeof(line) - n, "...%s", path + strlen(path) - (room - 3));
		else
			snprintf(line + n, sizeof(line) - n, "%s", path);
		if ((int)i == selected)
			fprintf(f, "\033[7m%-*.*s\033[0m\n", width, width, line);
		else
			fprintf(f, "%.*s\n", width, line);
	}
}

/* ---- histograms ---- */

void xt_print_hist(FILE *f, const struct xt_hist *h)
{
	uint64_t max = 0;
	int first = -1, last = -1, i, stars;

	for (i = 0; i < XIP_HIST_SLOTS; i++) {
		if (!h->slot[i])
			continue;
		if (first < 0)
			first = i;
		last = i;
		if (h->slot[i] > max)
			max = h->slot[i];
	}
	if (first < 0)
		return;
	fprintf(f, "%22s : %-8s %s\n", "nsecs", "count", "distribution");
	for (i = first; i <= last; i++) {
		stars = (int)(h->slot[i] * 40 / max);
		fprintf(f, "%10llu -> %-10llu : %-8llu |%-40.*s|\n", (unsigned long long)xt_slot_low(i),
			(unsigned long long)xt_slot_high(i), (unsigned long long)h->slot[i], stars,
			"****************************************");
	}
}

static void print_hist_titled(FILE *f, unsigned int lat, const struct xt_hist *h)
{
	char avg[16], p50[16], p99[16], p999[16];

	fprintf(f, "\n%s (%s): %llu, avg %s, p50 %s, p99 %s, p99.9 %s\n", xt_lat_titles[lat],
		xt_lat_names[lat], (unsigned long long)h->count, xt_human_ns(avg, h->sum_ns / h->count),
		xt_human_ns(p50, xt_hist_percentile(h, .5)), xt_human_ns(p99, xt_hist_percentile(h, .99)),
		xt_human_ns(p999, xt_hist_percentile(h, .999)));
	xt_print_hist(f, h);
}

void xt_print_hists(FILE *f, const struct xt_view *v, const struct xt_row *row)
{
	int shown = 0;

	for (int l = 0; l < XIP_NR_LAT; l++) {
		const struct xt_hist *h = row ? xt_find_hist(v->snap, &row->f->key, l) : &v->totals.lat[l];

		if (h && h->count) {
			print_hist_titled(f, l, h);
			shown++;
		}
	}
	if (!shown)
		fputs("\n(no fault or I/O finished in this interval)\n", f);
}
