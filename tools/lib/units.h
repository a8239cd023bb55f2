/* SPDX-License-Identifier: GPL-2.0 */
/* Numbers for people: counts, durations and sizes in short units. */
#ifndef XL_UNITS_H
#define XL_UNITS_H

#include <stdint.h>
#include <time.h>

/* n as a short string: 999, 12.3k, 4.5M (buf of 16) */
const char *xl_human(char *buf, double n);
/* ns as a short duration: 850ns, 12.3us, 4.5ms, 1.2s (buf of 16) */
const char *xl_human_ns(char *buf, uint64_t ns);
/* bytes: 512B, 4.0KiB, 2.0MiB (buf of 16) */
const char *xl_human_bytes(char *buf, double n);

/* A wall-clock time as RFC 3339 UTC with milliseconds: 2026-11-30T11:40:02.123Z (buf of 32) */
const char *xl_rfc3339(char *buf, const struct timespec *t);

#endif
