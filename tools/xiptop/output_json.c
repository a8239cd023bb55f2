// SPDX-License-Identifier: GPL-2.0
/* xiptop's JSON: one object per interval (docs/xiptop.md has the schema). */
#include "json.h"
#include "kinds.h"
#include "findings.h"
#include "output.h"
#include "units.h"
#include "filestats.h"

/* count: the events timed (latencies are sampled); events: all of the class's */
static void json_hist(FILE *f, const struct xl_hist *h, const struct xl_pct *p, uint64_t events)
{
	int first = 0, last = XIP_HIST_SLOTS - 1;

	/* slots first..last: the rest are empty, and 10,000 files print fast */
	while (first < last && !h->slot[first])
		first++;
	while (last > first && !h->slot[last])
		last--;
	xl_json_puts(f, "{\"count\":");
	xl_json_num(f, h->count);
	xl_json_puts(f, ",\"events\":");
	xl_json_num(f, events);
	xl_json_puts(f, ",\"sum_ns\":");
	xl_json_num(f, h->sum_ns);
	xl_json_puts(f, ",\"p50_ns\":");
	xl_json_num(f, p->p50);
	xl_json_puts(f, ",\"p99_ns\":");
	xl_json_num(f, p->p99);
	xl_json_puts(f, ",\"p999_ns\":");
	xl_json_num(f, p->p999);
	xl_json_puts(f, ",\"hist_from\":");
	xl_json_num(f, first);
	xl_json_puts(f, ",\"hist\":[");
	for (int i = first; i <= last; i++) {
		if (i > first)
			xl_json_putc(f, ',');
		xl_json_num(f, h->slot[i]);
	}
	xl_json_puts(f, "]}");
}

/* ,"latency":{"class":{...},...} of the classes that have samples */
static void json_latency(FILE *f, const struct xt_view *v, const struct xl_hist *const *lat,
			 const struct xl_pct *pct, const struct xip_file_stats *st)
{
	int first = 1;

	xl_json_puts(f, ",\"latency\":");
	if (!v->caps.timing) {
		xl_json_puts(f, "null");
		return;
	}
	xl_json_putc(f, '{');
	for (int l = 0; l < XIP_NR_LAT; l++) {
		if (!lat[l] || !lat[l]->count)
			continue;
		xl_json_puts(f, first ? "\"" : ",\"");
		xl_json_puts(f, xl_lat_names[l]);
		xl_json_puts(f, "\":");
		json_hist(f, lat[l], &pct[l], xl_lat_events(st, l));
		first = 0;
	}
	xl_json_putc(f, '}');
}

/* ,"findings":["id",...]: the row's, in id order (xiptop doctor explains them) */
static void json_findings(FILE *f, const struct xt_view *v, const struct xt_row *r)
{
	int n = 0;

	(void)v;
	xl_json_puts(f, ",\"findings\":[");
	for (int id = 0; id < XL_NR_FINDINGS; id++)
		if (r->findings >> id & 1) {
			xl_json_puts(f, n++ ? ",\"" : "\"");
			xl_json_puts(f, xl_findings_info[id].id);
			xl_json_putc(f, '"');
		}
	xl_json_putc(f, ']');
}

static void json_row(FILE *f, const struct xt_view *v, const struct xt_row *r)
{
	const struct xip_file_key *k = &r->f->key;

	xl_json_puts(f, "{\"dev\":\"");
	xl_json_num(f, XIP_KDEV_MAJOR(k->dev));
	xl_json_putc(f, ':');
	xl_json_num(f, XIP_KDEV_MINOR(k->dev));
	xl_json_puts(f, "\",\"ino\":");
	xl_json_num(f, k->ino);
	xl_json_u64(f, "gen", k->gen, v->caps.generations);
	xl_json_field_str(f, "path", r->path);
	if (v->caps.per_process) {
		fprintf(f, ",\"pid\":%u,\"comm\":", k->tgid);
		xl_json_str(f, r->comm ? r->comm : "");
	}
	if (v->caps.per_cgroup) {
		fprintf(f, ",\"cgroup_id\":%llu,\"cgroup\":", (unsigned long long)k->owner);
		xl_json_str(f, r->cgroup ? r->cgroup : "");
	}
	xl_json_puts(f, ",\"faults\":");
	xl_json_num(f, r->faults);
	json_findings(f, v, r);
	xl_json_file_stats(f, &r->f->st, &v->caps);
	json_latency(f, v, r->lat, r->lat_pct, &r->f->st);
	xl_json_putc(f, '}');
}

void xt_print_json(FILE *f, const struct xt_view *v)
{
	const struct xl_hist *lat[XIP_NR_LAT];
	char stamp[32];

	fprintf(f, "{\"schema\":%d,\"timestamp\":\"%s\",", XT_SCHEMA, xl_rfc3339(stamp, &v->wall));
	fprintf(f, "\"sources\":{\"fallback_reasons\":\"%s\",\"zero\":\"%s\",\"io\":\"%s\"},",
		xl_source_names[v->caps.fallback_src], xl_source_names[v->caps.zero_src],
		xl_source_names[v->caps.io_src]);
	fprintf(f, "\"time\":%.3f,\"interval\":%.3f,\"hook\":\"%s\",\"dropped\":%llu,\"counters\":{",
		v->snap->time, v->interval, v->hook,
		(unsigned long long)v->counters[XIP_CTR_FILES_FULL]);
	for (int c = 0; c < XIP_NR_COUNTERS; c++)
		fprintf(f, "%s\"%s\":%llu", c ? "," : "", xl_counter_names[c],
			(unsigned long long)v->counters[c]);
	fprintf(f, "},\"tracked\":%zu,\"max_files\":%zu", v->tracked, v->max_files);
	/* latencies are a sample: every fault of a file's first `all` per CPU and interval, then 1 in `every` */
	if (v->caps.sampling)
		fprintf(f, ",\"sampling\":{\"all\":%d,\"every\":%d}", XIP_SAMPLE_ALL, XIP_SAMPLE_EVERY);
	else
		fprintf(f, ",\"sampling\":null");
	fprintf(f, ",\"rows\":{\"expired\":%llu,\"evicted\":%llu,\"lost_faults\":%llu}",
		(unsigned long long)v->life.expired, (unsigned long long)v->life.evicted,
		(unsigned long long)v->life.lost);
	fprintf(f, ",\"memory\":{\"kernel_bytes\":%llu,\"user_bytes\":%llu}",
		(unsigned long long)v->life.kernel_bytes, (unsigned long long)v->life.user_bytes);
	fprintf(f, ",\"lifecycle\":{\"file_ends\":%s,\"process_ends\":%s,\"renames\":%s,\"generations\":%s}",
		v->caps.file_ends ? "true" : "false", v->caps.process_ends ? "true" : "false",
		v->caps.renames ? "true" : "false", v->caps.generations ? "true" : "false");
	fprintf(f, ",\"totals\":{\"faults\":%llu", (unsigned long long)v->totals.faults);
	xl_json_file_stats(f, &v->totals.st, &v->caps);
	for (int l = 0; l < XIP_NR_LAT; l++)
		lat[l] = &v->totals.lat[l];
	json_latency(f, v, lat, v->totals.lat_pct, &v->totals.st);
	xl_json_puts(f, "},\"files\":[");
	for (size_t i = 0; i < v->nrows; i++) {
		if (i)
			xl_json_putc(f, ',');
		json_row(f, v, &v->rows[i]);
	}
	xl_json_puts(f, "]}\n");
}
