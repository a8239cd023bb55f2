// SPDX-License-Identifier: GPL-2.0
/* Names for rows (see naming.h). */
#define _GNU_SOURCE
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
	xl_mounts_load(&n->mounts, mountinfo);
}

void xt_namer_free(struct xt_namer *n)
{
	xl_names_free(&n->paths);
	xl_names_free(&n->comms);
	xl_names_free(&n->cgroups);
	xl_mounts_free(&n->mounts);
}

static const char *path_of(struct xt_namer *n, const struct xip_file_key *k)
{
	const char *s = xl_names_get(&n->paths, k->dev, k->ino);
	struct xip_path p;

	if (!s)
		/* "" caches "unknown", so a missing path costs one lookup, not one per interval */
		s = xl_names_put(&n->paths, k->dev, k->ino,
				 !n->bpf || xl_maps_path(n->bpf, k->dev, k->ino, &p) ? strdup("") :
				 xl_path_join(&n->mounts, k->dev, k->ino, &p));
	return s && *s ? s : NULL;
}

static const char *comm_of(struct xt_namer *n, uint32_t tgid)
{
	const char *s = xl_names_get(&n->comms, tgid, 0);
	char comm[XIP_COMM_LEN];

	if (!s)
		s = xl_names_put(&n->comms, tgid, 0,
				 strndup(!n->bpf || xl_maps_comm(n->bpf, tgid, comm) ? "?" : comm,
					 XIP_COMM_LEN));
	return s;
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
		r->comm = comm_of(n, r->f->key.tgid);
	if (n->per_cgroup)
		r->cgroup = cgroup_of(n, r->f->key.cgroup);
}
