// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include "diagnose.h"
#include "error.h"
#include "escape.h"
#include "json.h"
#include "kinds.h"
#include "report.h"
#include "stats.h"
#include "filestats.h"
#include "units.h"

const char *const xb_side_names[XB_NR_SIDES] = { "dax", "pagecache" };

void xb_side_set(struct xb_side *s, const double *ops_s, const double *mib_s, int n,
		 uint64_t *lat, size_t nlat, double noise)
{
	xb_range_of(ops_s, n, &s->ops_s);
	xb_range_of(mib_s, n, &s->mib_s);
	s->spread = xb_spread(&s->ops_s);
	/* the median's interval, not the range: it narrows with more repeats */
	s->noisy = n < 2 || xb_ci_width(&s->ops_s) > noise;
	xb_sort_u64(lat, nlat);
	s->p50 = xb_percentile(lat, nlat, 0.50);
	s->p99 = xb_percentile(lat, nlat, 0.99);
	s->p999 = xb_percentile(lat, nlat, 0.999);
}

/*
 * The ratio's bounds from the two medians' intervals: DAX's low over the
 * page cache's high, and the other way round. 0 when there is no ratio.
 */
int xb_speedup_range(const struct xb_outcome *o, double *lo, double *hi)
{
	const struct xb_side *d = &o->side[XB_DAX], *p = &o->side[XB_PAGECACHE];

	if (xb_speedup(o) <= 0 || p->ops_s.lo <= 0)
		return 0;
	*lo = d->ops_s.lo / p->ops_s.hi;
	*hi = d->ops_s.hi / p->ops_s.lo;
	return 1;
}

double xb_speedup(const struct xb_outcome *o)
{
	const struct xb_side *d = &o->side[XB_DAX], *p = &o->side[XB_PAGECACHE];

	if (d->error || p->error || p->ops_s.median <= 0)
		return 0;
	return d->ops_s.median / p->ops_s.median;
}

static void append(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/* A kind's JSON name as the table spells it: "pte_read" -> "pte-read". */
static const char *table_name(char *buf, size_t len, unsigned int kind)
{
	size_t i;

	for (i = 0; xl_lat_names[kind][i] && i + 1 < len; i++)
		buf[i] = xl_lat_names[kind][i] == '_' ? '-' : xl_lat_names[kind][i];
	buf[i] = 0;
	return buf;
}

/* "N faults" or "N faults (M major)", as perf counted them */
const char *xb_pagefaults_line(char *buf, size_t len, uint64_t minor, uint64_t major)
{
	char a[16], b[16];

	if (!major)
		snprintf(buf, len, "%s faults", xl_human(a, minor));
	else
		snprintf(buf, len, "%s faults (%s major)", xl_human(a, minor + major), xl_human(b, major));
	return buf;
}

/* Whether st holds no fault kind and no zeroing: what a kinds line says in its own words */
static bool no_kinds(const struct xip_file_stats *st)
{
	for (int k = 0; k < XIP_NR_KINDS; k++)
		if (st->count[k])
			return false;
	return !st->zero_count;
}

/* xb_faults_line(), with none what it says of no kinds */
static const char *kinds_line(char *buf, size_t len, const struct xip_file_stats *st,
			      const struct xl_caps *have, uint64_t lost, const char *none)
{
	char n[16], name[32];
	int k, r;

	buf[0] = 0;
	for (k = 0; k < XIP_NR_KINDS; k++) {
		if (!st->count[k])
			continue;
		append(buf, len, "%s%s %s", buf[0] ? ", " : "", xl_human(n, st->count[k]),
		       table_name(name, sizeof(name), k));
		if (k == XIP_PMD_FALLBACK && have->fallback)
			for (r = 0; r < XIP_NR_FALLBACK_REASONS; r++)
				if (st->fallback[r])
					append(buf, len, " (%s)", xl_fallback_names[r]);
	}
	if (st->zero_count)
		append(buf, len, "%szeroed %.1f MiB (%s calls)", buf[0] ? ", " : "",
		       st->zero_bytes / 1048576.0, xl_human(n, st->zero_count));
	if (no_kinds(st))
		snprintf(buf, len, "%s", none);
	if (lost)	/* the maps were full: the counts above are short */
		append(buf, len, "; %s events lost (map full)", xl_human(n, lost));
	return buf;
}

const char *xb_faults_line(char *buf, size_t len, const struct xip_file_stats *st,
			   const struct xl_caps *have, uint64_t lost)
{
	return kinds_line(buf, len, st, have, lost, "no faults");
}

static void print_side(FILE *f, const struct xb_report *r, const struct xb_outcome *o, int i)
{
	const struct xb_side *s = &o->side[i];
	char a[16], b[16], c[16], d[16], kinds[256], pf[48], faults[576], ratio[16] = "";
	/* perf counted faults; the kinds were read and hold none */
	bool counted = s->have_pagefaults && (s->pf_minor || s->pf_major);
	bool none = r->faults_hook && s->have_faults && no_kinds(&s->faults);
	double lo, hi;

	if (i == XB_DAX && xb_speedup_range(o, &lo, &hi))	/* ~: no faster or slower, by the intervals */
		snprintf(ratio, sizeof(ratio), "%.2fx%s", xb_speedup(o), lo <= 1 && hi >= 1 ? "~" : "");
	fprintf(f, "%-20s %-9s ", i == XB_DAX ? o->w->name : "", xb_side_names[i]);
	if (s->error) {
		fprintf(f, "failed: %s\n", strerror(-s->error));
		return;
	}
	if (!r->faults_hook)
		snprintf(kinds, sizeof(kinds), "-");
	else if (!s->have_faults)
		snprintf(kinds, sizeof(kinds), "kinds not read");
	else	/* after perf's count, kinds that found nothing say so in other words */
		kinds_line(kinds, sizeof(kinds), &s->faults, &r->have, s->faults_lost,
			   counted ? "none of xiptop's kinds" : "no faults");
	/* how many faults there were, whatever their kinds say: "N faults: KINDS" */
	if (!s->have_pagefaults)
		snprintf(faults, sizeof(faults), "%s", kinds);
	else if (!counted)
		snprintf(faults, sizeof(faults), "%s%s", none ? "" : "no faults; ", kinds);
	else if (!r->faults_hook)
		snprintf(faults, sizeof(faults), "%s", xb_pagefaults_line(pf, sizeof(pf), s->pf_minor,
									  s->pf_major));
	else
		snprintf(faults, sizeof(faults), "%s: %s",
			 xb_pagefaults_line(pf, sizeof(pf), s->pf_minor, s->pf_major), kinds);
	fprintf(f, "%8s %9.1f %5.0f%%%c %7s %7s %7s %7s  %s\n", xl_human(a, s->ops_s.median),
		s->mib_s.median, 100 * s->spread, s->noisy ? '!' : ' ', xl_human_ns(b, s->p50),
		xl_human_ns(c, s->p99), xl_human_ns(d, s->p999), ratio, faults);
}

/* What diagnosis says of a side's faults: xiptop doctor's file rules (diagnose.h). */
static unsigned int side_findings(const struct xb_report *r, const struct xb_side *s,
				  struct xl_file_finding *ff)
{
	if (!r->faults_hook || !s->have_faults || s->error)
		return 0;
	return xl_diagnose_file(&s->faults, NULL, xl_total_faults(&s->faults), r->have.fallback, ff);
}

/*
 * The findings behind each workload's DAX / page-cache ratio, as xiptop
 * doctor would name them for its file: a line per workload with their
 * numbers, then what each one found means and its fix, once.
 */
static void print_findings(FILE *f, const struct xb_report *r)
{
	struct xl_file_finding ff[XL_MAX_FILE_FINDINGS];
	bool seen[XL_NR_FINDINGS] = { false };
	int any = 0;

	for (size_t i = 0; i < r->nout; i++) {
		const struct xb_outcome *o = &r->out[i];
		unsigned int n = side_findings(r, &o->side[XB_DAX], ff);

		if (!n)
			continue;
		if (!any++)
			fputs("FINDINGS behind DAX/PC (as xiptop doctor names them; docs/doctor.md):\n", f);
		fprintf(f, "  %-20s", o->w->name);
		for (unsigned int k = 0; k < n; k++) {
			fprintf(f, "%s %s (%llu", k ? "," : "", xl_findings_info[ff[k].id].id,
				(unsigned long long)ff[k].count);
			if (ff[k].of)
				fprintf(f, " of %llu", (unsigned long long)ff[k].of);
			fputc(')', f);
			seen[ff[k].id] = true;
		}
		fputc('\n', f);
	}
	for (unsigned int id = 0; id < XL_NR_FINDINGS; id++)
		if (seen[id])
			fprintf(f, "  %s: %s.\n    fix: %s\n", xl_findings_info[id].id,
				xl_findings_info[id].what, xl_findings_info[id].fix);
	if (!any && r->faults_hook)
		fputs("FINDINGS: none (no workload's DAX faults show a problem xiptop doctor names)\n", f);
}

void xb_print_table(FILE *f, const struct xb_report *r)
{
	char dir[2][4 * PATH_MAX];
	size_t i;
	int noisy = 0;

	fprintf(f, "xipbench %s: kernel %s, %d CPUs (%s), files of %lu MiB, %d repeats\n",
		r->date, r->kernel, r->cpus, r->cpu, r->size >> 20, r->repeats);
	/* the directories as `ls -b` writes names: a newline or escape of a name stays in it */
	fprintf(f, "DAX: %s on %s; page cache: %s on %s\n",
		xl_term_str(dir[0], sizeof(dir[0]), r->fs[XB_DAX].dir), r->fs[XB_DAX].devname,
		xl_term_str(dir[1], sizeof(dir[1]), r->fs[XB_PAGECACHE].dir), r->fs[XB_PAGECACHE].devname);
	fprintf(f, "%-20s %-9s %8s %9s %7s %7s %7s %7s %7s  %s\n", "WORKLOAD", "FS", "OPS/S",
		"MIB/S", "SPREAD", "P50", "P99", "P99.9", "DAX/PC", "FAULTS (one more run, untimed)");
	for (i = 0; i < r->nout; i++) {
		print_side(f, r, &r->out[i], XB_DAX);
		print_side(f, r, &r->out[i], XB_PAGECACHE);
		noisy |= r->out[i].side[XB_DAX].noisy || r->out[i].side[XB_PAGECACHE].noisy;
	}
	fprintf(f, "OPS/S, MIB/S: medians over the repeats; SPREAD: (max - min) / median of OPS/S;"
		" P50..P99.9: of every operation; DAX/PC: OPS/S of DAX over the page cache"
		" (~: the medians' confidence intervals cannot tell them apart).\n");
	if (noisy) {
		double conf;

		xb_median_ci_rank(r->repeats, &conf);
		fprintf(f, "!: the median's confidence interval (%.1f%%) is wider than %.0f%% of it (or one repeat):"
			" too noisy to trust; rerun with 9 --repeats or more (the interval narrows from 9),"
			" on a quieter machine.\n",
			100 * conf, 100 * r->noise);
	}
	print_findings(f, r);
	fprintf(f, "FAULTS: the run's page faults as perf counts them (minor and major),"
		" then their kinds as xiptop's programs saw them.\n");
	if (!r->pagefaults)
		fprintf(f, "FAULTS: page faults not counted: %s\n", r->pagefaults_why);
	if (!r->faults_hook)
		fprintf(f, "FAULTS: kinds not reported: %s\n", r->faults_why);
	else if (!r->have.zero || !xl_lat_available(&r->have, XIP_PAGECACHE))
		fprintf(f, "FAULTS: %s%s\n",
			r->have.zero ? "" : "this kernel has no zeroing or read/write events (stock fs_dax); ",
			xl_lat_available(&r->have, XIP_PAGECACHE) ? "" : "page-cache faults not counted (no kprobe on filemap_fault)");
}

/* JSON */

static void json_range(struct xl_out *o, const char *key, const struct xb_range *x)
{
	xl_out_printf(o, "\"%s\":{\"median\":%.6g,\"min\":%.6g,\"max\":%.6g,"
		      "\"median_ci\":{\"low\":%.6g,\"high\":%.6g,\"confidence\":%.4f}}",
		      key, x->median, x->min, x->max, x->lo, x->hi, x->conf);
}

static void json_faults(struct xl_out *o, const struct xb_report *r, const struct xb_side *s)
{
	if (!r->faults_hook || !s->have_faults) {
		xl_out_puts(o, "null");
		return;
	}
	/* xiptop's keys for a file's statistics (schema 2; docs/xipbench.md) */
	xl_out_printf(o, "{\"faults\":%llu", (unsigned long long)xl_total_faults(&s->faults));
	xl_json_file_stats(o, &s->faults, &r->have);
	xl_out_putc(o, '}');
}

/* ,"findings":[{"id":..,"count":..,"of":..},...]: the side's, as xiptop doctor names them */
static void json_findings(struct xl_out *o, const struct xb_report *r, const struct xb_side *s)
{
	struct xl_file_finding ff[XL_MAX_FILE_FINDINGS];
	unsigned int n = side_findings(r, s, ff);

	if (!r->faults_hook || !s->have_faults)
		return;
	xl_out_puts(o, ",\"findings\":[");
	for (unsigned int k = 0; k < n; k++)
		xl_out_printf(o, "%s{\"id\":\"%s\",\"count\":%llu,\"of\":%llu}", k ? "," : "",
			      xl_findings_info[ff[k].id].id, (unsigned long long)ff[k].count,
			      (unsigned long long)ff[k].of);
	xl_out_putc(o, ']');
}

static void json_side(struct xl_out *o, const struct xb_report *r, const struct xb_side *s)
{
	if (s->error) {
		xl_out_puts(o, "{\"error\":");
		xl_json_str(o, strerror(-s->error));
		xl_out_putc(o, '}');
		return;
	}
	xl_out_printf(o, "{\"ops\":%llu,", (unsigned long long)s->ops);
	json_range(o, "ops_per_s", &s->ops_s);
	xl_out_putc(o, ',');
	json_range(o, "mib_per_s", &s->mib_s);
	xl_out_printf(o, ",\"spread\":%.4f,\"noisy\":%s,\"latency_ns\":{\"p50\":%llu,\"p99\":%llu,\"p99_9\":%llu},\"faults\":",
		      s->spread, s->noisy ? "true" : "false", (unsigned long long)s->p50,
		      (unsigned long long)s->p99, (unsigned long long)s->p999);
	json_faults(o, r, s);
	xl_json_u64(o, "faults_lost", s->faults_lost, r->faults_hook && s->have_faults);
	if (s->have_pagefaults)
		xl_out_printf(o, ",\"page_faults\":{\"faults\":%llu,\"major\":%llu}",
			      (unsigned long long)(s->pf_minor + s->pf_major),
			      (unsigned long long)s->pf_major);
	else
		xl_out_puts(o, ",\"page_faults\":null");
	json_findings(o, r, s);
	xl_out_putc(o, '}');
}

static void json_fs(struct xl_out *o, const struct xb_fs *fs)
{
	xl_out_puts(o, "{\"dir\":");
	xl_json_str(o, fs->dir);
	xl_json_field_str(o, "device", fs->devname);
	xl_json_field_str(o, "driver", fs->kind);
	xl_out_printf(o, ",\"dev\":\"%u:%u\",\"device_bytes\":%llu}", XIP_KDEV_MAJOR(fs->kdev), XIP_KDEV_MINOR(fs->kdev),
		      fs->dev_bytes);
}

void xb_print_json(FILE *f, const struct xb_report *r)
{
	size_t i;
	int s;
	struct xl_out out, *o = &out;

	xl_out_init(o, f);
	xl_out_puts(o, "{\"xipbench\":2");
	xl_json_field_str(o, "date", r->date);
	xl_json_field_str(o, "kernel", r->kernel);
	xl_out_puts(o, ",\"machine\":{\"cpu\":");
	xl_json_str(o, r->cpu);
	xl_out_printf(o, ",\"cpus\":%d,\"memory_bytes\":%llu}", r->cpus, r->mem_bytes);
	xl_out_printf(o, ",\"size_bytes\":%lu,\"repeats\":%d,\"threads\":%d,\"noise\":%.4f", r->size,
		      r->repeats, r->threads, r->noise);
	for (s = 0; s < XB_NR_SIDES; s++) {
		xl_out_printf(o, ",\"%s\":", xb_side_names[s]);
		json_fs(o, &r->fs[s]);
	}
	xl_json_field_str(o, "faults_hook", r->faults_hook);
	xl_json_field_str(o, "faults_unavailable", r->faults_hook ? NULL : r->faults_why);
	xl_json_field_str(o, "page_faults_unavailable", r->pagefaults ? NULL : r->pagefaults_why);
	xl_out_puts(o, ",\"workloads\":[");
	for (i = 0; i < r->nout; i++) {
		const struct xb_outcome *oc = &r->out[i];
		double lo, hi;

		xl_out_printf(o, "%s{\"name\":", i ? "," : "");
		xl_json_str(o, oc->w->name);
		xl_json_field_str(o, "what", oc->w->what);
		xl_out_printf(o, ",\"op_bytes\":%lu", oc->w->op_bytes);
		for (s = 0; s < XB_NR_SIDES; s++) {
			xl_out_printf(o, ",\"%s\":", xb_side_names[s]);
			json_side(o, r, &oc->side[s]);
		}
		if (xb_speedup_range(oc, &lo, &hi))
			xl_out_printf(o, ",\"dax_over_pagecache\":%.4f,\"dax_over_pagecache_range\":[%.4f,%.4f]}",
				      xb_speedup(oc), lo, hi);
		else
			xl_out_puts(o, ",\"dax_over_pagecache\":null,\"dax_over_pagecache_range\":null}");
	}
	xl_out_puts(o, "]}\n");
	xl_out_flush(o);
}

/* The plot: a gnuplot script on gnuplot's standard input, data inline. */
int xb_plot(const struct xb_report *r, const char *path, char *err, size_t errlen)
{
	const char *ext = strrchr(path, '.');
	int png = ext && !strcmp(ext, ".png"), status;
	size_t i;
	FILE *g;

	/*
	 * gnuplot's messages go to standard error: standard output may be
	 * --json -'s stream. (The name has no control character, which would
	 * end gnuplot's line: xb_parse_args() refuses them.)
	 */
	g = popen("exec gnuplot 1>&2", "w");
	if (!g)
		return xl_errorf(err, errlen, "cannot run gnuplot: %s (make deps installs gnuplot-nox)",
				 strerror(errno));
	fprintf(g, "set terminal %s size 1200,700 font 'sans,11'\n", png ? "pngcairo" : "svg");
	fputs("set output '", g);
	for (; *path; path++)	/* a quote in the name would end gnuplot's string */
		fputs(*path == '\'' ? "''" : (char[2]){ *path, 0 }, g);
	fputs("'\n", g);
	fprintf(g, "set title \"xipbench: %s on DAX against %s on the page cache (kernel %s, %lu MiB files, %d repeats)\" noenhanced\n",
		r->fs[XB_DAX].fstype, r->fs[XB_PAGECACHE].fstype, r->kernel, r->size >> 20, r->repeats);
	fputs("set ylabel 'MiB/s: median of the repeats, bars from min to max (log scale)'\n"
	      "set logscale y\nset grid ytics\nset key top right\n"
	      "set style data histogram\nset style histogram errorbars gap 2 lw 1\n"
	      "set style fill solid 0.7 border -1\nset xtics rotate by -40 noenhanced\n"
	      "set datafile missing '?'\nset bmargin 9\n$data << EOD\n", g);
	for (i = 0; i < r->nout; i++) {
		const struct xb_outcome *o = &r->out[i];
		int s;

		fprintf(g, "\"%s\"", o->w->name);
		for (s = 0; s < XB_NR_SIDES; s++) {
			const struct xb_range *m = &o->side[s].mib_s;

			if (o->side[s].error || m->min <= 0)
				fputs(" ? ? ?", g);
			else
				fprintf(g, " %.6g %.6g %.6g", m->median, m->min, m->max);
		}
		fputc('\n', g);
	}
	fputs("EOD\nplot $data using 2:3:4:xtic(1) title 'DAX', "
	      "$data using 5:6:7 title 'page cache'\n", g);
	status = pclose(g);
	if (status == -1 || !WIFEXITED(status) || WEXITSTATUS(status))
		return xl_errorf(err, errlen,
				 "gnuplot failed to write the plot (is gnuplot-nox installed?)");
	return 0;
}
