// SPDX-License-Identifier: GPL-2.0
/* Names for files and cgroups (see names.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "names.h"

/* mountinfo escapes space, tab, newline and backslash as \ooo */
static char *unescape(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o++ = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
			s += 4;
		} else {
			*o++ = *s++;
		}
	}
	*o = 0;
	return out;
}

int xt_mounts_load(struct xt_mounts *mt, const char *mountinfo)
{
	char root[4096], point[4096];
	unsigned int maj, min;
	char *line = NULL;
	size_t len = 0;
	FILE *f = fopen(mountinfo, "r");
	int err = 0;

	mt->m = NULL;
	mt->n = 0;
	if (!f)
		return -errno;
	while (getline(&line, &len, f) > 0) {
		struct xt_mount *bigger;

		/* ID PARENT MAJ:MIN ROOT POINT ... */
		if (sscanf(line, "%*d %*d %u:%u %4095s %4095s", &maj, &min, root, point) != 4)
			continue;
		bigger = realloc(mt->m, (mt->n + 1) * sizeof(*mt->m));
		if (!bigger) {
			err = -ENOMEM;
			break;
		}
		mt->m = bigger;
		mt->m[mt->n].dev = maj << 20 | min;
		mt->m[mt->n].root = unescape(root);
		mt->m[mt->n].point = unescape(point);
		mt->n++;
	}
	free(line);
	fclose(f);
	return err;
}

void xt_mounts_free(struct xt_mounts *mt)
{
	for (size_t i = 0; i < mt->n; i++) {
		free(mt->m[i].root);
		free(mt->m[i].point);
	}
	free(mt->m);
	mt->m = NULL;
	mt->n = 0;
}

/* Does rel lie under root (both start with '/')? */
static int under(const char *root, const char *rel)
{
	size_t n = strlen(root);

	if (!strcmp(root, "/"))
		return 1;
	return !strncmp(root, rel, n) && (rel[n] == '/' || rel[n] == 0);
}

char *xt_path_join(const struct xt_mounts *mt, unsigned int dev, uint64_t ino,
		   const struct xip_path *p)
{
	const char *names[XIP_PATH_DEPTH];
	const struct xt_mount *best = NULL;
	char rel[XIP_PATH_BUF + XIP_NAME_MAX + 8] = "";
	size_t off = 0, used = 0, i;
	char *out;
	int depth = 0;

	if (!p || !p->depth) {
		if (asprintf(&out, "[%u:%u ino %llu]", dev >> 20, dev & 0xfffff,
			     (unsigned long long)ino) < 0)
			return NULL;
		return out;
	}
	while (off < p->len && off < sizeof(p->buf) && depth < XIP_PATH_DEPTH) {
		names[depth++] = p->buf + off;
		off += strnlen(p->buf + off, sizeof(p->buf) - off) + 1;
	}
	for (i = depth; i-- > 0;)
		used += snprintf(rel + used, sizeof(rel) - used, "/%s", names[i]);
	/* the mount of dev whose root is the longest prefix of rel */
	for (i = 0; mt && i < mt->n; i++)
		if (mt->m[i].dev == dev && under(mt->m[i].root, rel) &&
		    (!best || strlen(mt->m[i].root) > strlen(best->root)))
			best = &mt->m[i];
	if (!p->complete)
		i = asprintf(&out, "...%s", rel);
	else if (!best)
		i = asprintf(&out, "[%u:%u]%s", dev >> 20, dev & 0xfffff, rel);
	else
		i = asprintf(&out, "%s%s",
			     strcmp(best->point, "/") ? best->point : "",
			     rel + (strcmp(best->root, "/") ? strlen(best->root) : 0));
	return (int)i < 0 ? NULL : out;
}

static size_t hash2(uint64_t a, uint64_t b)
{
	uint64_t h = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL) * 0xbf58476d1ce4e5b9ULL;

	return h ^ (h >> 31);
}

const char *xt_names_get(const struct xt_names *t, uint64_t a, uint64_t b)
{
	if (!t->cap)
		return NULL;
	for (size_t i = hash2(a, b) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (!t->slot[i].name)
			return NULL;
		if (t->slot[i].a == a && t->slot[i].b == b)
			return t->slot[i].name;
	}
}

const char *xt_names_put(struct xt_names *t, uint64_t a, uint64_t b, char *name)
{
	size_t i;

	if (!name)
		return NULL;
	if ((t->n + 1) * 2 > t->cap) {	/* keep it at most half full */
		struct xt_names bigger = { .cap = t->cap ? t->cap * 2 : 64 };

		bigger.slot = calloc(bigger.cap, sizeof(*bigger.slot));
		if (!bigger.slot) {
			free(name);
			return NULL;
		}
		for (i = 0; i < t->cap; i++)
			if (t->slot[i].name)
				xt_names_put(&bigger, t->slot[i].a, t->slot[i].b, t->slot[i].name);
		free(t->slot);
		*t = bigger;
	}
	for (i = hash2(a, b) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (!t->slot[i].name) {
			t->slot[i] = (struct xt_name_slot){ a, b, name };
			t->n++;
			return name;
		}
		if (t->slot[i].a == a && t->slot[i].b == b) {
			free(t->slot[i].name);
			t->slot[i].name = name;
			return name;
		}
	}
}

void xt_names_free(struct xt_names *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slot[i].name);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

/* nftw has no context argument: the search's state lives here. */
static uint64_t cg_want;
static char *cg_found;

static int cg_visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)ftw;
	if (type == FTW_D && st->st_ino == cg_want) {
		cg_found = strdup(path);
		return 1;
	}
	return 0;
}

char *xt_cgroup_path(const char *cgroot, uint64_t id)
{
	size_t n = strlen(cgroot);
	char *out;

	cg_want = id;
	cg_found = NULL;
	/* On cgroup v2 a cgroup's id is its directory's inode number. */
	nftw(cgroot, cg_visit, 16, FTW_PHYS | FTW_MOUNT);
	if (!cg_found) {
		if (asprintf(&out, "[cgroup %llu]", (unsigned long long)id) < 0)
			return NULL;
		return out;
	}
	if (!strncmp(cg_found, cgroot, n) && cg_found[n] != 0) {
		memmove(cg_found, cg_found + n, strlen(cg_found + n) + 1);
	} else {
		free(cg_found);
		cg_found = strdup("/");
	}
	return cg_found;
}
