// SPDX-License-Identifier: GPL-2.0
/* Names for rows (see naming.h). */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include "caps.h"
#include "cgroup.h"
#include "maps.h"
#include "naming.h"
#include "paths.h"

void xt_namer_init(struct xt_namer *n, struct xl_bpf *bpf, const struct xl_caps *c,
		    const char *mountinfo)
{
	memset(n, 0, sizeof(*n));
	n->bpf = bpf;
	n->per_process = c->per_process;
	n->per_cgroup = c->per_cgroup;
	n->cgroot = "/sys/fs/cgroup";
	n->mountinfo = mountinfo;
	xl_mounts_load(&n->mounts, mountinfo);
}

void xt_namer_free(struct xt_namer *n)
{
	xt_namer_collect(n);
	xt_namer_after_view(n);
	xt_namer_collect(n);
	free(n->later);
	free(n->retired);
	xl_names_free(&n->paths);
	xl_names_free(&n->comms);
	xl_names_free(&n->cgroups);
	xl_mounts_free(&n->mounts);
}

/* The path cache's key: an inode is its device, generation and number. */
#define PATH_KEY(dev, gen)	((uint64_t)(dev) << 32 | (gen))

static const char *path_of(struct xt_namer *n, const struct xip_file_key *k)
{
	const char *s = xl_names_get(&n->paths, PATH_KEY(k->dev, k->gen), k->ino);
	struct xip_path p;

	if (!s)
		/* "" caches "unknown", so a missing path costs one lookup, not one per interval */
		s = xl_names_put(&n->paths, PATH_KEY(k->dev, k->gen), k->ino,
				 !n->bpf || xl_maps_path(n->bpf, k->dev, k->ino, k->gen, &p) ?
				 strdup("") : xl_path_join(&n->mounts, k->dev, k->ino, &p));
	return s && *s ? s : NULL;
}

/* A process is its id and start time: a reused pid is another process. */
static const char *comm_of(struct xt_namer *n, uint32_t tgid, uint64_t start)
{
	const char *s = xl_names_get(&n->comms, tgid, start);
	char comm[XIP_COMM_LEN];

	if (!s)
		s = xl_names_put(&n->comms, tgid, start,
				 strndup(!n->bpf || xl_maps_comm(n->bpf, tgid, start, comm) ? "?" : comm,
					 XIP_COMM_LEN));
	return s;
}

void xt_namer_put(struct xt_namer *n, const struct xip_file_key *k, char *path, char *comm)
{
	if (path)
		xl_names_put(&n->paths, PATH_KEY(k->dev, k->gen), k->ino, path);
	if (comm)
		xl_names_put(&n->comms, k->tgid, k->owner, comm);
}

/* Keep a forgotten name until no view can point to it. */
static void retire(struct xt_namer *n, char *name)
{
	if (!name)
		return;
	if (n->nretired == n->capretired) {
		size_t cap = n->capretired ? n->capretired * 2 : 64;
		char **bigger = realloc(n->retired, cap * sizeof(*bigger));

		if (!bigger) {
			/* better a name kept for ever than one freed under a view */
			return;
		}
		n->retired = bigger;
		n->capretired = cap;
	}
	n->retired[n->nretired++] = name;
}

static bool later(struct xt_namer *n, uint64_t a, uint64_t b, bool comm);

void xt_namer_forget_path(struct xt_namer *n, unsigned int dev, uint64_t ino, uint32_t gen)
{
	if (n->defer) {
		struct xip_file_key k = { .dev = dev, .ino = ino, .gen = gen };

		path_of(n, &k);		/* now, while the kernel has it */
		if (later(n, PATH_KEY(dev, gen), ino, false))
			return;
	}
	retire(n, xl_names_take(&n->paths, PATH_KEY(dev, gen), ino));
}

void xt_namer_forget_comm(struct xt_namer *n, uint32_t tgid, uint64_t start)
{
	if (n->defer) {
		comm_of(n, tgid, start);
		if (later(n, tgid, start, true))
			return;
	}
	retire(n, xl_names_take(&n->comms, tgid, start));
}

/* Remember to forget a name after the next view; false if there is no room (forget it now). */
static bool later(struct xt_namer *n, uint64_t a, uint64_t b, bool comm)
{
	if (n->nlater == n->caplater) {
		size_t cap = n->caplater ? n->caplater * 2 : 64;
		struct xt_later_forget *bigger = realloc(n->later, cap * sizeof(*bigger));

		if (!bigger)
			return false;
		n->later = bigger;
		n->caplater = cap;
	}
	n->later[n->nlater++] = (struct xt_later_forget){ .a = a, .b = b, .comm = comm };
	return true;
}

void xt_namer_after_view(struct xt_namer *n)
{
	for (size_t i = 0; i < n->nlater; i++) {
		const struct xt_later_forget *l = &n->later[i];

		retire(n, xl_names_take(l->comm ? &n->comms : &n->paths, l->a, l->b));
	}
	n->nlater = 0;
}

void xt_namer_reload_mounts(struct xt_namer *n)
{
	xl_mounts_free(&n->mounts);
	xl_mounts_load(&n->mounts, n->mountinfo);
	/* every path is worked out anew; the old ones go when no view shows them */
	for (size_t i = 0; i < n->paths.cap; i++)
		retire(n, n->paths.slot[i].name);
	free(n->paths.slot);
	memset(&n->paths, 0, sizeof(n->paths));
}

void xt_namer_collect(struct xt_namer *n)
{
	while (n->nretired)
		free(n->retired[--n->nretired]);
}

static const char *cgroup_of(struct xt_namer *n, uint64_t id)
{
	const char *s = xl_names_get(&n->cgroups, id, 0);

	if (!s)
		s = xl_names_put(&n->cgroups, id, 0, xl_cgroup_path(n->cgroot, id));
	return s;
}

void xt_name_row(struct xt_namer *n, struct xt_row *r)
{
	r->path = path_of(n, &r->f->key);
	if (n->per_process)
		r->comm = comm_of(n, r->f->key.tgid, r->f->key.owner);
	if (n->per_cgroup)
		r->cgroup = cgroup_of(n, r->f->key.owner);
}
