// SPDX-License-Identifier: GPL-2.0
/* xiptop's log2 latency histograms, biolatency style ('xiptop hist', enter on a row). */
#include "escape.h"
#include "kinds.h"
#include "output.h"
#include "units.h"

const char *xt_unit_name(uint64_t div)
{
	return div == 1000000 ? "msecs" : div == 1000 ? "usecs" : "nsecs";
}

void xt_print_hist(FILE *f, const struct xl_hist *h, uint64_t div)
{
	struct xl_bucket b[XIP_HIST_SLOTS];
	int n = xl_hist_buckets(h, div, b), i, stars;
	uint64_t max = 0;

	for (i = 0; i < n; i++)
		if (b[i].count > max)
			max = b[i].count;
	if (!n)
		return;
	fprintf(f, "%22s : %-8s %s\n", xt_unit_name(div), "count", "distribution");
	for (i = 0; i < n; i++) {
		/* nanoseconds as biolatency prints them: inclusive; coarser units: edges */
		stars = (int)(b[i].count * 40 / max);
		fprintf(f, "%10llu -> %-10llu : %-8llu |%-40.*s|\n", (unsigned long long)b[i].low,
			(unsigned long long)(b[i].high - (div == 1)), (unsigned long long)b[i].count,
			stars, "****************************************");
	}
}

static void print_hist_titled(FILE *f, unsigned int lat, const struct xl_hist *h,
			      const struct xl_pct *p, uint64_t div)
{
	char avg[16], p50[16], p99[16], p999[16];

	fprintf(f, "\n%s (%s): %llu, avg %s, p50 %s, p99 %s, p99.9 %s\n", xl_lat_titles[lat],
		xl_lat_names[lat], (unsigned long long)h->count, xl_human_ns(avg, h->sum_ns / h->count),
		xl_human_ns(p50, p->p50), xl_human_ns(p99, p->p99), xl_human_ns(p999, p->p999));
	xt_print_hist(f, h, div);
}

void xt_print_hists(FILE *f, const struct xt_view *v, const struct xt_row *row, uint64_t div)
{
	int shown = 0;

	for (int l = 0; l < XIP_NR_LAT; l++) {
		const struct xl_hist *h = row ? row->lat[l] : &v->totals.lat[l];
		struct xl_pct p;

		if (h && h->count) {
			xt_class_pct(row, h, l, &p);
			print_hist_titled(f, l, h, &p, div);
			shown++;
		}
	}
	if (!shown)
		fputs("\n(no fault or I/O finished in this interval)\n", f);
}

void xt_print_hist_interval(FILE *f, const struct xt_view *v, bool per_file, int maxrows,
			    const char *clock, uint64_t div)
{
	if (clock)
		fprintf(f, "%s: ", clock);
	fprintf(f, "%llu faults, %llu reads, %llu writes in %.2fs%s\n",
		(unsigned long long)v->totals.faults,
		(unsigned long long)v->totals.st.io_count[XIP_READ],
		(unsigned long long)v->totals.st.io_count[XIP_WRITE], v->interval,
		v->counters[XIP_CTR_UNPAIRED] ? " (some ends had no start: see --json counters)" : "");
	if (!per_file) {
		xt_print_hists(f, v, NULL, div);
	} else {
		char path[XT_TERM_PATH];

		for (size_t i = 0; i < v->nrows && (!maxrows || (int)i < maxrows); i++) {
			const struct xt_row *r = &v->rows[i];

			fprintf(f, "\n== %s (dev %u:%u ino %llu)\n",
				xl_term_str(path, sizeof(path), r->path ? r->path : "?"),
				XIP_KDEV_MAJOR(r->f->key.dev), XIP_KDEV_MINOR(r->f->key.dev),
				(unsigned long long)r->f->key.ino);
			xt_print_hists(f, v, r, div);
		}
	}
	fputc('\n', f);
}
