// SPDX-License-Identifier: GPL-2.0
/* Log2 latency histograms (see hist.h). */
#include "hist.h"

void xl_hist_add(struct xl_hist *a, const struct xl_hist *b, int sign)
{
	a->count += sign * b->count;
	a->sum_ns += sign * b->sum_ns;
	for (int i = 0; i < XIP_HIST_SLOTS; i++)
		a->slot[i] += sign * b->slot[i];
}

void xl_hist_from_bpf(struct xl_hist *h, const struct xip_hist *b)
{
	h->sum_ns += b->sum_ns;
	for (int i = 0; i < XIP_HIST_SLOTS; i++) {
		h->slot[i] += b->slot[i];
		h->count += b->slot[i];
	}
}

uint64_t xl_slot_low(unsigned int slot)
{
	return slot ? 1ULL << slot : 0;
}

uint64_t xl_slot_high(unsigned int slot)
{
	return (2ULL << slot) - 1;
}

uint64_t xl_hist_percentile(const struct xl_hist *h, double q)
{
	uint64_t total = 0, seen = 0;
	double rank;
	int i;

	for (i = 0; i < XIP_HIST_SLOTS; i++)
		total += h->slot[i];
	if (!total)
		return 0;
	if (q < 0)
		q = 0;
	if (q > 1)
		q = 1;
	/* rank: how many samples lie at or below the answer, at least one */
	rank = q * total;
	if (rank < 1)
		rank = 1;
	for (i = 0; i < XIP_HIST_SLOTS; i++) {
		if (!h->slot[i])
			continue;
		if (seen + h->slot[i] >= rank) {
			double lo = xl_slot_low(i), hi = xl_slot_high(i) + 1;
			double frac = (rank - seen) / h->slot[i];

			return (uint64_t)(lo + frac * (hi - lo));
		}
		seen += h->slot[i];
	}
	return xl_slot_high(XIP_HIST_SLOTS - 1);
}

void xl_hist_pct(const struct xl_hist *h, struct xl_pct *p)
{
	p->p50 = xl_hist_percentile(h, 0.50);
	p->p99 = xl_hist_percentile(h, 0.99);
	p->p999 = xl_hist_percentile(h, 0.999);
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

uint64_t xl_hist_total_ns(const struct xl_hist *h, uint64_t events)
{
	if (!h || !h->count)
		return 0;
	if (events <= h->count)
		return h->sum_ns;
	return (uint64_t)((double)h->sum_ns * events / h->count + 0.5);
}
