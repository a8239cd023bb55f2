// SPDX-License-Identifier: GPL-2.0
/* xiptop's JSON: one object per interval (docs/xiptop.md has the schema). */
#include "json.h"
#include "kinds.h"
#include "findings.h"
#include "output.h"
#include "units.h"
#include "filestats.h"

/* count: the events timed (latencies are sampled); events: all of the class's */
static void json_hist(struct xl_out *o, const struct xl_hist *h, const struct xl_pct *p,
		      uint64_t events)
{
	int first = 0, last = XIP_HIST_SLOTS - 1;

	/* slots first..last: the rest are empty, and 10,000 files print fast */
	while (first < last && !h->slot[first])
		first++;
	while (last > first && !h->slot[last])
		last--;
	xl_out_lit(o, "{\"count\":");
	xl_out_num(o, h->count);
	xl_out_lit(o, ",\"events\":");
	xl_out_num(o, events);
	xl_out_lit(o, ",\"sum_ns\":");
	xl_out_num(o, h->sum_ns);
	xl_out_lit(o, ",\"p50_ns\":");
	xl_out_num(o, p->p50);
	xl_out_lit(o, ",\"p99_ns\":");
	xl_out_num(o, p->p99);
	xl_out_lit(o, ",\"p999_ns\":");
	xl_out_num(o, p->p999);
	xl_out_lit(o, ",\"hist_from\":");
	xl_out_num(o, first);
	xl_out_lit(o, ",\"hist\":[");
	for (int i = first; i <= last; i++) {
		if (i > first)
			xl_out_putc(o, ',');
		xl_out_num(o, h->slot[i]);
	}
	xl_out_lit(o, "]}");
}

/* ,"latency":{"class":{...},...} of the classes that have samples, of row r (NULL: the totals) */
static void json_latency(struct xl_out *o, const struct xt_view *v, const struct xt_row *r,
			 const struct xl_hist *const *lat, const struct xip_file_stats *st)
{
	struct xl_pct pct;
	int first = 1;

	xl_out_lit(o, ",\"latency\":");
	if (!v->caps.timing) {
		xl_out_lit(o, "null");
		return;
	}
	xl_out_putc(o, '{');
	for (int l = 0; l < XIP_NR_LAT; l++) {
		if (!lat[l] || !lat[l]->count)
			continue;
		xl_json_lat_key(o, l, first);
		xt_class_pct(r, lat[l], l, &pct);
		json_hist(o, lat[l], &pct, xl_lat_events(st, l));
		first = 0;
	}
	xl_out_putc(o, '}');
}

/* ,"findings":["id",...]: the row's, in id order (xiptop doctor explains them) */
static void json_findings(struct xl_out *o, const struct xt_row *r)
{
	int n = 0;

	xl_out_lit(o, ",\"findings\":[");
	for (int id = 0; id < XL_NR_FINDINGS; id++)
		if (r->findings >> id & 1) {
			if (n++)
				xl_out_putc(o, ',');
			xl_out_putc(o, '"');
			xl_out_puts(o, xl_findings_info[id].id);
			xl_out_putc(o, '"');
		}
	xl_out_putc(o, ']');
}

static void json_row(struct xl_out *o, const struct xt_view *v, const struct xt_row *r)
{
	const struct xip_file_key *k = &r->f->key;

	xl_out_lit(o, "{\"dev\":\"");
	xl_out_num(o, XIP_KDEV_MAJOR(k->dev));
	xl_out_putc(o, ':');
	xl_out_num(o, XIP_KDEV_MINOR(k->dev));
	xl_out_lit(o, "\",\"ino\":");
	xl_out_num(o, k->ino);
	xl_json_u64(o, "gen", k->gen, v->caps.generations);
	xl_json_field_str(o, "path", r->path);
	if (v->caps.per_process) {
		xl_out_lit(o, ",\"pid\":");
		xl_out_num(o, k->tgid);
		xl_out_lit(o, ",\"comm\":");
		xl_json_str(o, r->comm ? r->comm : "");
	}
	if (v->caps.per_cgroup) {
		xl_out_lit(o, ",\"cgroup_id\":");
		xl_out_num(o, k->owner);
		xl_out_lit(o, ",\"cgroup\":");
		xl_json_str(o, r->cgroup ? r->cgroup : "");
	}
	xl_out_lit(o, ",\"faults\":");
	xl_out_num(o, r->faults);
	json_findings(o, r);
	xl_json_file_stats(o, &r->f->st, &v->caps);
	json_latency(o, v, r, r->lat, &r->f->st);
	xl_out_putc(o, '}');
}

static void json_header(struct xl_out *o, const struct xt_view *v)
{
	char stamp[32];

	xl_out_printf(o, "{\"schema\":%d,\"timestamp\":\"%s\",", XT_SCHEMA, xl_rfc3339(stamp, &v->wall));
	xl_out_printf(o, "\"sources\":{\"fallback_reasons\":\"%s\",\"zero\":\"%s\",\"io\":\"%s\"},",
		      xl_source_names[v->caps.fallback_src], xl_source_names[v->caps.zero_src],
		      xl_source_names[v->caps.io_src]);
	xl_out_printf(o, "\"time\":%.3f,\"interval\":%.3f,\"hook\":\"%s\",\"dropped\":%llu,",
		      v->snap->time, v->interval, v->hook,
		      (unsigned long long)v->counters[XIP_CTR_FILES_FULL]);
	xl_json_counters(o, v->counters);
	xl_out_printf(o, ",\"tracked\":%zu,\"max_files\":%zu", v->tracked, v->max_files);
	/* what "files" holds at most (-r; null: every row), so a reader need not know the default */
	if (v->limit)
		xl_out_printf(o, ",\"row_limit\":%zu", v->limit);
	else
		xl_out_lit(o, ",\"row_limit\":null");
	/* latencies are a sample: every fault of a file's first `all` per CPU and interval, then 1 in `every` */
	if (v->caps.sampling)
		xl_out_printf(o, ",\"sampling\":{\"all\":%d,\"every\":%d}", XIP_SAMPLE_ALL, XIP_SAMPLE_EVERY);
	else
		xl_out_lit(o, ",\"sampling\":null");
	xl_out_printf(o, ",\"rows\":{\"expired\":%llu,\"evicted\":%llu,\"lost_faults\":%llu}",
		      (unsigned long long)v->life.expired, (unsigned long long)v->life.evicted,
		      (unsigned long long)v->life.lost);
	xl_out_printf(o, ",\"memory\":{\"kernel_bytes\":%llu,\"user_bytes\":%llu}",
		      (unsigned long long)v->life.kernel_bytes, (unsigned long long)v->life.user_bytes);
	xl_out_printf(o, ",\"lifecycle\":{\"file_ends\":%s,\"process_ends\":%s,\"renames\":%s,\"generations\":%s}",
		      v->caps.file_ends ? "true" : "false", v->caps.process_ends ? "true" : "false",
		      v->caps.renames ? "true" : "false", v->caps.generations ? "true" : "false");
}

void xt_print_json(FILE *f, const struct xt_view *v)
{
	const struct xl_hist *lat[XIP_NR_LAT];
	uint64_t shown = 0;
	struct xl_out o;

	xl_out_init(&o, f);
	json_header(&o, v);
	xl_out_lit(&o, ",\"totals\":{\"faults\":");
	xl_out_num(&o, v->totals.faults);
	xl_json_file_stats(&o, &v->totals.st, &v->caps);
	for (int l = 0; l < XIP_NR_LAT; l++)
		lat[l] = &v->totals.lat[l];
	json_latency(&o, v, NULL, lat, &v->totals.st);
	/* -r N: the rows past the first N, in the totals but not written */
	for (size_t i = 0; i < v->complete; i++)
		shown += v->rows[i].faults;
	xl_out_lit(&o, "},\"omitted\":{\"files\":");
	xl_out_num(&o, v->snap->nfiles - v->complete);
	xl_out_lit(&o, ",\"faults\":");
	xl_out_num(&o, v->totals.faults > shown ? v->totals.faults - shown : 0);
	xl_out_lit(&o, "},\"files\":[");
	/* the rows complete (named, with percentiles): every one, or -r's first */
	for (size_t i = 0; i < v->complete; i++) {
		if (i)
			xl_out_putc(&o, ',');
		json_row(&o, v, &v->rows[i]);
	}
	xl_out_lit(&o, "]}\n");
	xl_out_flush(&o);
}
