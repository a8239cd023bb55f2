// SPDX-License-Identifier: GPL-2.0
/* Log2 latency histograms (see hist.h). */
#include "hist.h"
#include "vec.h"

/* In vectors (vec.h): every changed row's histograms pass here each interval. */
_Static_assert(sizeof(struct xl_hist) == (2 + XIP_HIST_SLOTS) * sizeof(uint64_t),
	       "struct xl_hist is its count, its sum and its slots");

void xl_hist_add(struct xl_hist *restrict a, const struct xl_hist *restrict b)
{
	XL_VADD_U64((uint64_t *)a, (const uint64_t *)b, 2 + XIP_HIST_SLOTS);
}

uint64_t xl_slot_low(unsigned int slot)
{
	return slot ? 1ULL << slot : 0;
}

uint64_t xl_slot_high(unsigned int slot)
{
	return (2ULL << slot) - 1;
}

/* The value at rank `rank` (1-based, fractional) of slot i, whose samples lie above `seen`. */
static uint64_t interpolate(const struct xl_hist *h, int i, uint64_t seen, double rank)
{
	double lo = xl_slot_low(i), hi = xl_slot_high(i) + 1;
	double frac = (rank - seen) / h->slot[i];

	return (uint64_t)(lo + frac * (hi - lo));
}

static uint64_t total_of(const struct xl_hist *h)
{
	uint64_t total = 0;

	for (int i = 0; i < XIP_HIST_SLOTS; i++)
		total += h->slot[i];
	return total;
}

/* rank: how many samples lie at or below the answer, at least one */
static double rank_of(double q, uint64_t total)
{
	double rank = (q < 0 ? 0 : q > 1 ? 1 : q) * total;

	return rank < 1 ? 1 : rank;
}

/*
 * Quantiles q[0..n-1] (in increasing order) of h into out[]: one pass
 * over the slots for all of them (a row's three percentiles, for each of
 * its classes, at 10,000 rows an interval).
 */
static void quantiles(const struct xl_hist *h, const double *q, uint64_t *out, int n)
{
	uint64_t total = total_of(h), seen = 0;
	double rank;
	int k = 0;

	if (!total) {
		for (; k < n; k++)
			out[k] = 0;
		return;
	}
	rank = rank_of(q[0], total);
	for (int i = 0; i < XIP_HIST_SLOTS && k < n; i++) {
		if (!h->slot[i])
			continue;
		while (seen + h->slot[i] >= rank) {
			out[k] = interpolate(h, i, seen, rank);
			if (++k == n)
				return;
			rank = rank_of(q[k], total);
		}
		seen += h->slot[i];
	}
	for (; k < n; k++)
		out[k] = xl_slot_high(XIP_HIST_SLOTS - 1);
}

uint64_t xl_hist_percentile(const struct xl_hist *h, double q)
{
	uint64_t v;

	quantiles(h, &q, &v, 1);
	return v;
}

void xl_hist_pct(const struct xl_hist *h, struct xl_pct *p)
{
	static const double q[] = { 0.50, 0.99, 0.999 };
	uint64_t v[3];

	quantiles(h, q, v, 3);
	p->p50 = v[0];
	p->p99 = v[1];
	p->p999 = v[2];
}

int xl_hist_buckets(const struct xl_hist *h, uint64_t div, struct xl_bucket *b)
{
	int first = -1, last = -1, n = 0;

	for (int i = 0; i < XIP_HIST_SLOTS; i++)
		if (h->slot[i]) {
			if (first < 0)
				first = i;
			last = i;
		}
	for (int i = first; first >= 0 && i <= last; i++) {
		uint64_t low = xl_slot_low(i) / div, high = (xl_slot_high(i) + 1) / div;

		if (n && b[n - 1].low == low) {
			b[n - 1].high = high;
			b[n - 1].count += h->slot[i];
			continue;
		}
		b[n++] = (struct xl_bucket){ low, high, h->slot[i] };
	}
	return n;
}
