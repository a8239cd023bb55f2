// SPDX-License-Identifier: GPL-2.0
/* xiptop's log2 latency histograms, biolatency style ('xiptop hist', enter on a row). */
#include "kinds.h"
#include "output.h"
#include "units.h"

void xt_print_hist(FILE *f, const struct xl_hist *h)
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
		fprintf(f, "%10llu -> %-10llu : %-8llu |%-40.*s|\n", (unsigned long long)xl_slot_low(i),
			(unsigned long long)xl_slot_high(i), (unsigned long long)h->slot[i], stars,
			"****************************************");
	}
}

static void print_hist_titled(FILE *f, unsigned int lat, const struct xl_hist *h,
			      const struct xl_pct *p)
{
	char avg[16], p50[16], p99[16], p999[16];

	fprintf(f, "\n%s (%s): %llu, avg %s, p50 %s, p99 %s, p99.9 %s\n", xl_lat_titles[lat],
		xl_lat_names[lat], (unsigned long long)h->count, xl_human_ns(avg, h->sum_ns / h->count),
		xl_human_ns(p50, p->p50), xl_human_ns(p99, p->p99), xl_human_ns(p999, p->p999));
	xt_print_hist(f, h);
}

void xt_print_hists(FILE *f, const struct xt_view *v, const struct xt_row *row)
{
	int shown = 0;

	for (int l = 0; l < XIP_NR_LAT; l++) {
		const struct xl_hist *h = row ? row->lat[l] : &v->totals.lat[l];
		const struct xl_pct *p = row ? &row->lat_pct[l] : &v->totals.lat_pct[l];

		if (h && h->count) {
			print_hist_titled(f, l, h, p);
			shown++;
		}
	}
	if (!shown)
		fputs("\n(no fault or I/O finished in this interval)\n", f);
}

void xt_print_hist_interval(FILE *f, const struct xt_view *v, bool per_file, int maxrows,
			    const char *clock)
{
	fprintf(f, "%s: %llu faults, %llu reads, %llu writes in %.2fs%s\n", clock,
		(unsigned long long)v->totals.faults,
		(unsigned long long)v->totals.st.io_count[XIP_READ],
		(unsigned long long)v->totals.st.io_count[XIP_WRITE], v->interval,
		v->counters[XIP_CTR_UNPAIRED] ? " (some ends had no start: see --json counters)" : "");
	if (!per_file) {
		xt_print_hists(f, v, NULL);
	} else {
		for (size_t i = 0; i < v->nrows && (!maxrows || (int)i < maxrows); i++) {
			const struct xt_row *r = &v->rows[i];

			fprintf(f, "\n== %s (dev %u:%u ino %llu)\n", r->path ? r->path : "?",
				XIP_KDEV_MAJOR(r->f->key.dev), XIP_KDEV_MINOR(r->f->key.dev),
				(unsigned long long)r->f->key.ino);
			xt_print_hists(f, v, r);
		}
	}
	fputc('\n', f);
}
