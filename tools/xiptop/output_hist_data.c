// SPDX-License-Identifier: GPL-2.0
/*
 * 'xiptop hist --json' and '--csv': the histograms of output_hist.c as data,
 * in the unit asked for, with the same buckets (xl_hist_buckets()).
 */
#include "json.h"
#include "kinds.h"
#include "output.h"
#include "units.h"

/* "class":{"count":..,"sum":..,"p50":..,"p99":..,"p999":..,"buckets":[[low,high,count],..]} */
static void json_classes(struct xl_out *o, const struct xt_row *r, const struct xl_hist *const *lat,
			 uint64_t div)
{
	struct xl_bucket b[XIP_HIST_SLOTS];
	struct xl_pct pct;
	int first = 1;

	xl_out_puts(o, "\"histograms\":{");
	for (int l = 0; l < XIP_NR_LAT; l++) {
		const struct xl_hist *h = lat[l];
		int n;

		if (!h || !h->count)
			continue;
		n = xl_hist_buckets(h, div, b);
		xt_class_pct(r, h, l, &pct);
		xl_out_printf(o, "%s\"%s\":{\"count\":%llu,\"sum\":%.3f,\"p50\":%.3f,\"p99\":%.3f,\"p999\":%.3f,\"buckets\":[",
			      first ? "" : ",", xl_lat_names[l], (unsigned long long)h->count,
			      (double)h->sum_ns / div, (double)pct.p50 / div, (double)pct.p99 / div,
			      (double)pct.p999 / div);
		for (int i = 0; i < n; i++)
			xl_out_printf(o, "%s[%llu,%llu,%llu]", i ? "," : "", (unsigned long long)b[i].low,
				      (unsigned long long)b[i].high, (unsigned long long)b[i].count);
		xl_out_puts(o, "]}");
		first = 0;
	}
	xl_out_putc(o, '}');
}

void xt_print_hist_json(FILE *f, const struct xt_view *v, bool per_file, int maxrows, uint64_t div)
{
	const struct xl_hist *lat[XIP_NR_LAT];
	char stamp[32];
	struct xl_out out, *o = &out;

	xl_out_init(o, f);
	xl_out_printf(o, "{\"schema\":%d,\"timestamp\":\"%s\",\"time\":%.3f,\"interval\":%.3f,\"unit\":\"%s\",",
		      XT_SCHEMA, xl_rfc3339(stamp, &v->wall), v->snap->time, v->interval,
		      xt_unit_name(div));
	for (int l = 0; l < XIP_NR_LAT; l++)
		lat[l] = &v->totals.lat[l];
	xl_out_puts(o, "\"totals\":{");
	json_classes(o, NULL, lat, div);
	xl_out_puts(o, "},\"files\":[");
	for (size_t i = 0; per_file && i < v->nrows && (!maxrows || (int)i < maxrows); i++) {
		const struct xt_row *r = &v->rows[i];

		xl_out_printf(o, "%s{\"dev\":\"%u:%u\",\"ino\":%llu,\"gen\":%u,\"path\":", i ? "," : "",
			      XIP_KDEV_MAJOR(r->f->key.dev), XIP_KDEV_MINOR(r->f->key.dev),
			      (unsigned long long)r->f->key.ino, r->f->key.gen);
		xl_json_str(o, r->path ? r->path : "");
		xl_out_putc(o, ',');
		json_classes(o, r, r->lat, div);
		xl_out_putc(o, '}');
	}
	xl_out_puts(o, "]}\n");
	xl_out_flush(o);
}

void xt_print_hist_csv_header(FILE *f)
{
	fputs("schema,timestamp,time,dev,ino,path,class,unit,low,high,count\n", f);
}

/* A line per bucket of each class with samples; dev, ino and path empty for the totals. */
static void csv_classes(FILE *f, const char *lead, const struct xt_row *r,
			const struct xl_hist *const *lat, uint64_t div)
{
	struct xl_bucket b[XIP_HIST_SLOTS];

	for (int l = 0; l < XIP_NR_LAT; l++) {
		int n = lat[l] && lat[l]->count ? xl_hist_buckets(lat[l], div, b) : 0;

		for (int i = 0; i < n; i++) {
			fputs(lead, f);
			if (r) {
				fprintf(f, "%u:%u,%llu,", XIP_KDEV_MAJOR(r->f->key.dev),
					XIP_KDEV_MINOR(r->f->key.dev),
					(unsigned long long)r->f->key.ino);
				xt_csv_str(f, r->path);
			} else {
				fputs(",,", f);
			}
			fprintf(f, ",%s,%s,%llu,%llu,%llu\n", xl_lat_names[l], xt_unit_name(div),
				(unsigned long long)b[i].low, (unsigned long long)b[i].high,
				(unsigned long long)b[i].count);
		}
	}
}

void xt_print_hist_csv(FILE *f, const struct xt_view *v, bool per_file, int maxrows, uint64_t div)
{
	const struct xl_hist *lat[XIP_NR_LAT];
	char stamp[32], lead[80];

	snprintf(lead, sizeof(lead), "%d,%s,%.3f,", XT_SCHEMA, xl_rfc3339(stamp, &v->wall),
		 v->snap->time);
	if (!per_file) {
		for (int l = 0; l < XIP_NR_LAT; l++)
			lat[l] = &v->totals.lat[l];
		csv_classes(f, lead, NULL, lat, div);
		return;
	}
	for (size_t i = 0; i < v->nrows && (!maxrows || (int)i < maxrows); i++)
		csv_classes(f, lead, &v->rows[i], v->rows[i].lat, div);
}
