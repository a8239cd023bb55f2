// SPDX-License-Identifier: GPL-2.0
/* xiptop's CSV: a header, then a line per row and interval. */
#include <string.h>
#include "kinds.h"
#include "output.h"
#include "units.h"

void xt_csv_str(FILE *f, const char *s)
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

/* ,v, or an empty field where the kernel cannot tell it */
static void csv_u64(FILE *f, uint64_t v, int available)
{
	if (available)
		fprintf(f, ",%llu", (unsigned long long)v);
	else
		fputc(',', f);
}

void xt_print_csv_header(FILE *f, const struct xl_caps *c)
{
	fputs("schema,timestamp,time,dev,ino,path", f);
	if (c->per_process)
		fputs(",pid,comm", f);
	if (c->per_cgroup)
		fputs(",cgroup_id,cgroup", f);
	for (int k = 0; k < XIP_NR_KINDS; k++)
		fprintf(f, ",%s", xl_lat_names[k]);
	fputs(",major_pmd,zero_count,zero_bytes,read_count,read_bytes,write_count,write_bytes,p50_ns,p99_ns,failed_read,failed_write\n",
	      f);
}

void xt_print_csv(FILE *f, const struct xt_view *v)
{
	const struct xl_caps *c = &v->caps;
	char stamp[32];

	xl_rfc3339(stamp, &v->wall);
	for (size_t i = 0; i < v->nrows; i++) {
		const struct xt_row *r = &v->rows[i];
		const struct xip_file_stats *st = &r->f->st;
		const struct xip_file_key *k = &r->f->key;

		fprintf(f, "%d,%s,%.3f,%u:%u,%llu,", XT_SCHEMA, stamp, v->snap->time, XIP_KDEV_MAJOR(k->dev),
			XIP_KDEV_MINOR(k->dev), (unsigned long long)k->ino);
		xt_csv_str(f, r->path);
		if (c->per_process) {
			fprintf(f, ",%u,", k->tgid);
			xt_csv_str(f, r->comm);
		}
		if (c->per_cgroup) {
			fprintf(f, ",%llu,", (unsigned long long)k->owner);
			xt_csv_str(f, r->cgroup);
		}
		for (int kind = 0; kind < XIP_NR_KINDS; kind++)
			csv_u64(f, st->count[kind], xl_lat_available(c, kind));
		csv_u64(f, st->major_pmd, c->major_pmd);
		csv_u64(f, st->zero_count, c->zero);
		csv_u64(f, st->zero_bytes, c->zero);
		csv_u64(f, st->io_count[XIP_READ], c->io);
		csv_u64(f, st->io_bytes[XIP_READ], c->io);
		csv_u64(f, st->io_count[XIP_WRITE], c->io);
		csv_u64(f, st->io_bytes[XIP_WRITE], c->io);
		csv_u64(f, r->pct.p50, c->timing && r->timed);
		csv_u64(f, r->pct.p99, c->timing && r->timed);
		/* last: columns added in schema 1 */
		csv_u64(f, st->failed[XIP_READ], 1);
		csv_u64(f, st->failed[XIP_WRITE], 1);
		fputc('\n', f);
	}
}
