// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "faults.h"
#include "kernel.h"
#include "model.h"

struct xb_faults {
	struct xt_kernel *k;
	struct xt_snapshot mark, now;
};

struct xb_faults *xb_faults_open(char *err, size_t errlen)
{
	struct xt_env env = {
		.output = XT_OUT_NONE, .interval = 1, .count = -1,
		.timing = 0,		/* counts are what the report needs */
		.max_files = 1024, .hook = XT_HOOK_AUTO, .page_cache = 1,
	};
	struct xb_faults *f = calloc(1, sizeof(*f));

	if (!f) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	f->k = xt_kernel_open(&env, 0, err, errlen);
	if (!f->k && !strstr(err, "needs root")) {
		env.page_cache = 0;	/* no kprobes: DAX faults only */
		f->k = xt_kernel_open(&env, 0, err, errlen);
	}
	if (!f->k) {
		free(f);
		return NULL;
	}
	return f;
}

void xb_faults_close(struct xb_faults *f)
{
	if (!f)
		return;
	xt_kernel_close(f->k);
	xt_snapshot_free(&f->mark);
	xt_snapshot_free(&f->now);
	free(f);
}

const char *xb_faults_hook(const struct xb_faults *f)
{
	return xt_kernel_hook(f->k);
}

void xb_faults_have(const struct xb_faults *f, struct xt_have *have)
{
	xt_kernel_have(f->k, have);
}

int xb_faults_mark(struct xb_faults *f)
{
	return xt_kernel_read(f->k, &f->mark);
}

static void add_file(const struct xt_snapshot *s, const struct xip_file_key *key,
		     struct xip_file_stats *out, int sign)
{
	const struct xt_file *file = xt_find_file(s, key);

	if (file)
		xt_stats_add(out, &file->st, sign);
}

int xb_faults_since(struct xb_faults *f, unsigned int kdev, const uint64_t *ino, int nino,
		    struct xip_file_stats *out)
{
	int i, e = xt_kernel_read(f->k, &f->now);

	memset(out, 0, sizeof(*out));
	if (e)
		return e;
	for (i = 0; i < nino; i++) {
		struct xip_file_key key = { .ino = ino[i], .dev = kdev };

		add_file(&f->now, &key, out, 1);
		add_file(&f->mark, &key, out, -1);
	}
	return 0;
}
