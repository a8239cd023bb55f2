// SPDX-License-Identifier: GPL-2.0
/* Numbers for people (see units.h). */
#include <stdio.h>
#include <time.h>
#include "units.h"

/* n in the largest unit of unit[] (each step times the one before) it reaches */
static const char *scaled(char *buf, double n, double step, const char *const *unit, int nunits)
{
	int u = 0;

	while (n >= step && u < nunits - 1) {
		n /= step;
		u++;
	}
	snprintf(buf, 16, u ? "%.1f%s" : "%.0f%s", n, unit[u]);
	return buf;
}

const char *xl_human(char *buf, double n)
{
	static const char *const unit[] = { "", "k", "M", "G" };

	return scaled(buf, n, 1000, unit, 4);
}

const char *xl_human_ns(char *buf, uint64_t ns)
{
	static const char *const unit[] = { "ns", "us", "ms", "s" };

	return scaled(buf, ns, 1000, unit, 4);
}

const char *xl_human_bytes(char *buf, double n)
{
	static const char *const unit[] = { "B", "KiB", "MiB", "GiB", "TiB" };

	return scaled(buf, n, 1024, unit, 5);
}

const char *xl_rfc3339(char *buf, const struct timespec *t)
{
	struct tm tm;
	char day[24];

	gmtime_r(&t->tv_sec, &tm);
	strftime(day, sizeof(day), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, 32, "%.19s.%03uZ", day, (unsigned int)(t->tv_nsec / 1000000) % 1000);
	return buf;
}
