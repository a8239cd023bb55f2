/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small open-addressing map from a pair of 64-bit keys to a string it
 * owns: names worked out once (paths, process names, cgroups).
 */
#ifndef XL_NAMECACHE_H
#define XL_NAMECACHE_H

#include <stddef.h>
#include <stdint.h>

struct xl_namecache {
	struct xl_name_slot { uint64_t a, b; char *name; } *slot;
	size_t cap, n;
};

const char *xl_names_get(const struct xl_namecache *t, uint64_t a, uint64_t b);
/* Takes ownership of name; returns it, or NULL (and frees it) on ENOMEM. */
const char *xl_names_put(struct xl_namecache *t, uint64_t a, uint64_t b, char *name);
/* Remove a name and hand it to the caller (to free); NULL if there is none. */
char *xl_names_take(struct xl_namecache *t, uint64_t a, uint64_t b);
void xl_names_free(struct xl_namecache *t);

#endif
