// SPDX-License-Identifier: GPL-2.0
/* xiptop's Prometheus text exposition format 0.0.4, for --prometheus. */
#include <stddef.h>
#include "kinds.h"
#include "output.h"

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

	fprintf(f, "{dev=\"%u:%u\"", XIP_KDEV_MAJOR(k->dev), XIP_KDEV_MINOR(k->dev));
	snprintf(num, sizeof(num), "%llu", (unsigned long long)k->ino);
	prom_label(f, "ino", num);
	prom_label(f, "path", r->path ? r->path : "");
	if (v->caps.per_process) {
		snprintf(num, sizeof(num), "%u", k->tgid);
		prom_label(f, "pid", num);
		prom_label(f, "comm", r->comm ? r->comm : "");
	}
	if (v->caps.per_cgroup)
		prom_label(f, "cgroup", r->cgroup ? r->cgroup : "");
}

static void prom_head(FILE *f, const char *name, const char *type, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/*
 * name{labels,label="names[j]"} value[j] for every row, of the array of n
 * counters at offset in its statistics; only the j in mask. A family of
 * one counter has no extra label; in a breakdown an absent series means 0.
 */
static void prom_family(FILE *f, const struct xt_view *v, const char *name, const char *label,
			const char *const *names, int n, size_t offset, unsigned int mask)
{
	for (size_t i = 0; i < v->nrows; i++) {
		const __u64 *arr = (const __u64 *)((const char *)&v->rows[i].f->st + offset);

		for (int j = 0; j < n; j++) {
			if (!(mask >> j & 1) || (!arr[j] && n > 1))
				continue;
			fputs(name, f);
			prom_labels(f, v, &v->rows[i]);
			if (label)
				prom_label(f, label, names[j]);
			fprintf(f, "} %llu\n", (unsigned long long)arr[j]);
		}
	}
}

#define ALL	(~0U)
#define STATS(member)	offsetof(struct xip_file_stats, member)

static void prom_hist_line(FILE *f, const struct xt_view *v, const struct xt_row *r, int lat,
			   const char *suffix)
{
	fprintf(f, "xip_dax_latency_seconds_%s", suffix);
	prom_labels(f, v, r);
	prom_label(f, "class", xl_lat_names[lat]);
}

static void prom_latency(FILE *f, const struct xt_view *v)
{
	prom_head(f, "xip_dax_latency_seconds", "histogram",
		  "Latency of DAX faults and I/O per file and class, log2 buckets.");
	for (size_t i = 0; i < v->nrows; i++) {
		const struct xt_row *r = &v->rows[i];

		for (int l = 0; l < XIP_NR_LAT; l++) {
			const struct xl_hist *h = r->lat[l];
			uint64_t cum = 0;

			if (!h || !h->count)
				continue;
			for (int s = 0; s < XIP_HIST_SLOTS; s++) {
				cum += h->slot[s];
				prom_hist_line(f, v, r, l, "bucket");
				fprintf(f, ",le=\"%.9g\"} %llu\n", (xl_slot_high(s) + 1) / 1e9,
					(unsigned long long)cum);
			}
			prom_hist_line(f, v, r, l, "bucket");
			fprintf(f, ",le=\"+Inf\"} %llu\n", (unsigned long long)h->count);
			prom_hist_line(f, v, r, l, "sum");
			fprintf(f, "} %.9f\n", h->sum_ns / 1e9);
			prom_hist_line(f, v, r, l, "count");
			fprintf(f, "} %llu\n", (unsigned long long)h->count);
		}
	}
}

void xt_print_prometheus(FILE *f, const struct xt_view *v)
{
	const struct xl_caps *c = &v->caps;

	prom_head(f, "xip_dax_faults_total", "counter",
		  "DAX faults per file by kind (a major or hole fault also counts as its read or write kind).");
	prom_family(f, v, "xip_dax_faults_total", "kind", xl_lat_names, XIP_NR_KINDS, STATS(count),
		    c->kinds);
	if (c->major_pmd) {
		prom_head(f, "xip_dax_major_pmd_faults_total", "counter",
			  "Major (allocating) 2 MiB DAX faults per file.");
		prom_family(f, v, "xip_dax_major_pmd_faults_total", NULL, NULL, 1, STATS(major_pmd), ALL);
	}
	if (c->fallback) {
		prom_head(f, "xip_dax_pmd_fallbacks_total", "counter",
			  "2 MiB DAX faults that fell back to 4 KiB, per file and reason.");
		prom_family(f, v, "xip_dax_pmd_fallbacks_total", "reason", xl_fallback_names,
			    XIP_NR_FALLBACK_REASONS, STATS(fallback), ALL);
	}
	if (c->cow_source) {
		prom_head(f, "xip_dax_cow_faults_by_source_total", "counter",
			  "Copy-on-write DAX faults per file, by what the page came from.");
		prom_family(f, v, "xip_dax_cow_faults_by_source_total", "source", xl_cow_source_names,
			    XIP_NR_COW_SOURCES, STATS(cow_source), ALL);
	}
	if (c->zero) {
		prom_head(f, "xip_dax_zeroed_bytes_total", "counter", "Bytes of DAX storage zeroed, per file.");
		prom_family(f, v, "xip_dax_zeroed_bytes_total", NULL, NULL, 1, STATS(zero_bytes), ALL);
		prom_head(f, "xip_dax_zero_operations_total", "counter", "Zeroings of DAX storage, per file.");
		prom_family(f, v, "xip_dax_zero_operations_total", NULL, NULL, 1, STATS(zero_count), ALL);
	}
	if (c->io) {
		prom_head(f, "xip_dax_io_bytes_total", "counter", "Bytes moved by read(2)/write(2) on DAX files.");
		prom_family(f, v, "xip_dax_io_bytes_total", "dir", xl_dir_names, XIP_NR_DIRS,
			    STATS(io_bytes), ALL);
		prom_head(f, "xip_dax_io_operations_total", "counter", "read(2)/write(2) calls on DAX files.");
		prom_family(f, v, "xip_dax_io_operations_total", "dir", xl_dir_names, XIP_NR_DIRS,
			    STATS(io_count), ALL);
	}
	if (c->timing)
		prom_latency(f, v);
	prom_head(f, "xip_lost_total", "counter",
		  "What xiptop could not record, by reason (full maps, unpaired starts and ends).");
	for (int i = 0; i < XIP_NR_COUNTERS; i++)
		fprintf(f, "xip_lost_total{reason=\"%s\"} %llu\n", xl_counter_names[i],
			(unsigned long long)v->counters[i]);
	prom_head(f, "xip_tracked_rows", "gauge", "Rows in the kernel's map (at most --max-files).");
	fprintf(f, "xip_tracked_rows %zu\n", v->tracked);
	prom_head(f, "xip_removed_rows_total", "counter",
		  "Rows removed from the maps: their file or process gone (expired), or least recently active (evicted).");
	fprintf(f, "xip_removed_rows_total{why=\"expired\"} %llu\n", (unsigned long long)v->life.expired);
	fprintf(f, "xip_removed_rows_total{why=\"evicted\"} %llu\n", (unsigned long long)v->life.evicted);
	prom_head(f, "xip_memory_bytes", "gauge", "Memory of the BPF maps (kernel) and of xiptop's heap (user).");
	fprintf(f, "xip_memory_bytes{where=\"kernel\"} %llu\n", (unsigned long long)v->life.kernel_bytes);
	fprintf(f, "xip_memory_bytes{where=\"user\"} %llu\n", (unsigned long long)v->life.user_bytes);
}
