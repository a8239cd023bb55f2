// SPDX-License-Identifier: GPL-2.0
/* xiptop's JSON: one object per interval (docs/xiptop.md has the schema). */
#include "json.h"
#include "kinds.h"
#include "findings.h"
#include "output.h"
#include "units.h"

static void json_hist(FILE *f, const struct xl_hist *h, const struct xl_pct *p)
{
	int first = 0, last = XIP_HIST_SLOTS - 1;

	/* slots first..last: the rest are empty, and 10,000 files print fast */
	while (first < last && !h->slot[first])
		first++;
	while (last > first && !h->slot[last])
		last--;
	fprintf(f, "{\"count\":%llu,\"sum_ns\":%llu,\"p50_ns\":%llu,\"p99_ns\":%llu,\"p999_ns\":%llu,\"hist_from\":%d,\"hist\":[",
		(unsigned long long)h->count, (unsigned long long)h->sum_ns,
		(unsigned long long)p->p50, (unsigned long long)p->p99,
		(unsigned long long)p->p999, first);
	for (int i = first; i <= last; i++)
		fprintf(f, "%s%llu", i > first ? "," : "", (unsigned long long)h->slot[i]);
	fputs("]}", f);
}

/* ,"latency":{"class":{...},...} of the classes that have samples */
static void json_latency(FILE *f, const struct xt_view *v, const struct xl_hist *const *lat,
			 const struct xl_pct *pct)
{
	int first = 1;

	fputs(",\"latency\":", f);
	if (!v->caps.timing) {
		fputs("null", f);
		return;
	}
	fputc('{', f);
	for (int l = 0; l < XIP_NR_LAT; l++) {
		if (!lat[l] || !lat[l]->count)
			continue;
		fprintf(f, "%s\"%s\":", first ? "" : ",", xl_lat_names[l]);
		json_hist(f, lat[l], &pct[l]);
		first = 0;
	}
	fputc('}', f);
}

/* ,"findings":["id",...]: the row's, in id order (xiptop doctor explains them) */
static void json_findings(FILE *f, const struct xt_view *v, const struct xt_row *r)
{
	int n = 0;

	(void)v;
	fputs(",\"findings\":[", f);
	for (int id = 0; id < XL_NR_FINDINGS; id++)
		if (r->findings >> id & 1)
			fprintf(f, "%s\"%s\"", n++ ? "," : "", xl_findings_info[id].id);
	fputc(']', f);
}

static void json_row(FILE *f, const struct xt_view *v, const struct xt_row *r)
{
	const struct xip_file_key *k = &r->f->key;

	fprintf(f, "{\"dev\":\"%u:%u\",\"ino\":%llu", XIP_KDEV_MAJOR(k->dev), XIP_KDEV_MINOR(k->dev),
		(unsigned long long)k->ino);
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
	fprintf(f, ",\"faults\":%llu", (unsigned long long)r->faults);
	json_findings(f, v, r);
	xl_json_file_stats(f, &r->f->st, &v->caps);
	json_latency(f, v, r->lat, r->lat_pct);
	fputc('}', f);
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
	json_latency(f, v, lat, v->totals.lat_pct);
	fputs("},\"files\":[", f);
	for (size_t i = 0; i < v->nrows; i++) {
		if (i)
			fputc(',', f);
		json_row(f, v, &v->rows[i]);
	}
	fputs("]}\n", f);
}
