// SPDX-License-Identifier: GPL-2.0
/* A cache of names (see namecache.h). */
#include <stdlib.h>
#include <string.h>
#include "namecache.h"

static size_t hash2(uint64_t a, uint64_t b)
{
	uint64_t h = a * 0x9e3779b97f4a7c15ULL ^ (b + 0x632be59bd9b4e019ULL) * 0xbf58476d1ce4e5b9ULL;

	return h ^ (h >> 31);
}

const char *xl_names_get(const struct xl_namecache *t, uint64_t a, uint64_t b)
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

const char *xl_names_put(struct xl_namecache *t, uint64_t a, uint64_t b, char *name)
{
	size_t i;

	if (!name)
		return NULL;
	if ((t->n + 1) * 2 > t->cap) {	/* keep it at most half full */
		struct xl_namecache bigger = { .cap = t->cap ? t->cap * 2 : 64 };

		bigger.slot = calloc(bigger.cap, sizeof(*bigger.slot));
		if (!bigger.slot) {
			free(name);
			return NULL;
		}
		for (i = 0; i < t->cap; i++)
			if (t->slot[i].name)
				xl_names_put(&bigger, t->slot[i].a, t->slot[i].b, t->slot[i].name);
		free(t->slot);
		*t = bigger;
	}
	for (i = hash2(a, b) & (t->cap - 1);; i = (i + 1) & (t->cap - 1)) {
		if (!t->slot[i].name) {
			t->slot[i] = (struct xl_name_slot){ a, b, name };
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

char *xl_names_take(struct xl_namecache *t, uint64_t a, uint64_t b)
{
	size_t mask = t->cap - 1, i, j, home;
	char *name;

	if (!t->cap)
		return NULL;
	for (i = hash2(a, b) & mask;; i = (i + 1) & mask) {
		if (!t->slot[i].name)
			return NULL;
		if (t->slot[i].a == a && t->slot[i].b == b)
			break;
	}
	name = t->slot[i].name;
	/*
	 * Linear probing: close the gap by moving back each later entry of
	 * the run whose home slot is not between the gap and it, so that
	 * every lookup still finds what it looks for before an empty slot.
	 */
	for (j = i;;) {
		j = (j + 1) & mask;
		if (!t->slot[j].name)
			break;
		home = hash2(t->slot[j].a, t->slot[j].b) & mask;
		if (i <= j ? (i < home && home <= j) : (i < home || home <= j))
			continue;
		t->slot[i] = t->slot[j];
		i = j;
	}
	t->slot[i].name = NULL;
	t->n--;
	return name;
}

void xl_names_free(struct xl_namecache *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slot[i].name);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}
