// SPDX-License-Identifier: GPL-2.0
/* The fault kinds of xipbench's runs (see faults.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "faults.h"
#include "loader.h"
#include "maps.h"
#include "filestats.h"

struct xb_faults {
	struct xl_bpf *bpf;
	uint64_t counters[XIP_NR_COUNTERS];	/* at the mark */
};

struct xb_faults *xb_faults_open(bool verbose, char *err, size_t errlen)
{
	struct xl_bpf_opts opts = {
		.timing = false,	/* counts are what the report needs */
		.page_cache = true,
		.tgid = getpid(),	/* the workloads' threads are this process's */
		.max_files = 1024,
		.verbose = verbose,
	};
	struct xl_bpf_error e;
	struct xb_faults *f = calloc(1, sizeof(*f));

	if (!f) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	f->bpf = xl_bpf_open(&opts, &e);
	if (!f->bpf && e.code == XL_BPF_PAGE_CACHE) {
		opts.page_cache = false;	/* no kprobes: DAX faults only */
		f->bpf = xl_bpf_open(&opts, &e);
	}
	if (!f->bpf) {
		xl_bpf_strerror(&e, err, errlen);
		free(f);
		return NULL;
	}
	xl_bpf_detach(f->bpf);	/* attached only around the untimed runs */
	return f;
}

int xb_faults_attach(struct xb_faults *f, char *err, size_t errlen)
{
	struct xl_bpf_error e;

	if (!xl_bpf_attach(f->bpf, &e))
		return 0;
	xl_bpf_strerror(&e, err, errlen);
	return -1;
}

void xb_faults_detach(struct xb_faults *f)
{
	xl_bpf_detach(f->bpf);
}

void xb_faults_close(struct xb_faults *f)
{
	if (!f)
		return;
	xl_bpf_close(f->bpf);
	free(f);
}

const char *xb_faults_hook(const struct xb_faults *f)
{
	return xl_bpf_hook(f->bpf);
}

const struct xl_caps *xb_faults_caps(const struct xb_faults *f)
{
	return xl_bpf_caps(f->bpf);
}

/*
 * The rows are this process's only: emptied at the mark, they hold the
 * run's counts and nothing older, however many runs came before.
 */
int xb_faults_mark(struct xb_faults *f)
{
	int e = xl_maps_clear(f->bpf);

	return e ? e : xl_maps_counters(f->bpf, f->counters);
}

int xb_faults_since(struct xb_faults *f, unsigned int kdev, const uint64_t *ino,
		    const uint32_t *gen, int nino, struct xip_file_stats *out, uint64_t *lost)
{
	uint64_t now[XIP_NR_COUNTERS];
	int i, e;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < nino; i++) {
		struct xip_file_key key = { .ino = ino[i], .dev = kdev, .gen = gen[i] };
		struct xip_file_stats st;

		e = xl_maps_file(f->bpf, &key, &st);
		if (e == -ENOENT)
			continue;	/* no fault on it: nothing to add */
		if (e)
			return e;
		xl_stats_add(out, &st);
	}
	e = xl_maps_counters(f->bpf, now);
	if (e)
		return e;
	*lost = now[XIP_CTR_FILES_FULL] - f->counters[XIP_CTR_FILES_FULL];
	return 0;
}
