/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bodies, one per event (included by xiptop.bpf.c, whose entry points
 * call them): find the row, count the event, time it.
 */
#ifndef XIPTOP_BODIES_BPF_H
#define XIPTOP_BODIES_BPF_H

#include "xiptop-paths.bpf.h"
#include "xiptop-state.bpf.h"

/* The row an event of file (dev, ino, gen) goes to; false: filtered out. */
static __always_inline bool make_key(struct xip_file_key *key, __u32 dev, __u64 ino, __u32 gen)
{
	__u32 tgid = 0;

	/* a helper call only where an option needs the process: rodata decides */
	if (targ_tgid || per_process)
		tgid = bpf_get_current_pid_tgid() >> 32;
	if ((targ_tgid && tgid != targ_tgid) || (targ_dev && dev != targ_dev))
		return false;
	if (targ_cgroup && bpf_current_task_under_cgroup(&cgroup_filter, 0) != 1)
		return false;
	key->ino = ino;
	key->dev = dev;
	key->gen = gen;
	key->pad = 0;
	key->tgid = 0;
	key->owner = 0;
	if (per_process) {
		key->tgid = tgid;
		key->owner = process_start();
	} else if (per_cgroup) {
		key->owner = bpf_get_current_cgroup_id();
	}
	return true;
}

static __always_inline __u32 log2_u64(__u64 v)
{
	__u32 r, shift;

	r = (v > 0xffffffff) << 5;
	v >>= r;
	shift = (v > 0xffff) << 4;
	v >>= shift;
	r |= shift;
	shift = (v > 0xff) << 3;
	v >>= shift;
	r |= shift;
	shift = (v > 0xf) << 2;
	v >>= shift;
	r |= shift;
	shift = (v > 0x3) << 1;
	v >>= shift;
	r |= shift;
	return r | (v >> 1);
}

/* The row's statistics, made on its first event; NULL if there is no room. */
static __always_inline struct xip_file_stats *file_stats(const struct xip_file_key *key,
							struct inode *inode)
{
	struct xip_file_stats *st = bpf_map_lookup_elem(&files, key);
	char comm[XIP_COMM_LEN];
	long err;

	if (st)
		return st;
	err = bpf_map_update_elem(&files, key, &zero_stats, BPF_NOEXIST);
	if (err && err != -EEXIST) {	/* full, or no memory: counted, not lost */
		bump(XIP_CTR_FILES_FULL);
		return NULL;
	}
	if (per_process) {
		struct xip_proc_key pk = { .tgid = key->tgid, .start = key->owner };

		bpf_get_current_comm(comm, sizeof(comm));
		bpf_map_update_elem(&comms, &pk, comm, BPF_NOEXIST);
	}
	track_inode(key->dev, key->ino, key->gen);
	capture_path(inode, key->dev, key->ino, key->gen, false);
	return bpf_map_lookup_elem(&files, key);
}

/* The row of an event of file (dev, ino, gen), made on its first; NULL if filtered out or no room. */
static __always_inline struct xip_file_stats *row(struct xip_file_key *key, __u32 dev, __u64 ino,
						  __u32 gen, struct inode *inode)
{
	return make_key(key, dev, ino, gen) ? file_stats(key, inode) : NULL;
}

static __always_inline void record(const struct xip_file_key *fk, __u32 lat, __u64 ns)
{
	struct xip_hist_key hk = { .file = *fk, .lat = lat };
	struct xip_hist *h = bpf_map_lookup_elem(&hists, &hk);
	__u32 slot;
	long err;

	if (!h) {
		err = bpf_map_update_elem(&hists, &hk, &zero_hist, BPF_NOEXIST);
		if (err && err != -EEXIST) {
			bump(XIP_CTR_HISTS_FULL);
			return;
		}
		h = bpf_map_lookup_elem(&hists, &hk);
		if (!h)
			return;
	}
	slot = log2_u64(ns);
	if (slot >= XIP_HIST_SLOTS)
		slot = XIP_HIST_SLOTS - 1;
	h->sum_ns += ns;
	h->slot[slot]++;
}

/* The bodies, one per event. */

static __always_inline void fault_start(void)
{
	struct xip_task *t = starting_task();

	if (!t)
		return;
	t->fault_start = bpf_ktime_get_ns();
	t->hole = 0;
	t->cow = 0;
}

static __always_inline void fault_done(__u32 dev, __u64 ino, __u32 gen, struct inode *inode,
				       unsigned int flags, int result, bool pmd)
{
	struct xip_file_stats *st;
	struct xip_file_key key;
	struct xip_task *t;
	__u64 start = 0, ns;
	bool hole = false, major = result & VM_FAULT_MAJOR;
	__u32 cow = 0;
	int kind;

	/* Take the start first: a fault filtered out must not leave one. */
	if (timing && task_wanted()) {
		t = task(false);
		if (t) {
			start = t->fault_start;
			hole = t->hole;
			cow = t->cow;
			t->fault_start = 0;
			t->cow = 0;
		}
	}
	st = row(&key, dev, ino, gen, inode);
	if (!st)
		return;
	if (cow && cow <= XIP_NR_COW_SOURCES)
		st->cow_source[cow - 1]++;
	if (pmd)
		kind = result & VM_FAULT_FALLBACK ? XIP_PMD_FALLBACK :
		       flags & FAULT_FLAG_WRITE ? XIP_PMD_WRITE : XIP_PMD_READ;
	else
		kind = result & VM_FAULT_DONE_COW ? XIP_COW :
		       flags & FAULT_FLAG_WRITE ? XIP_PTE_WRITE : XIP_PTE_READ;
	st->count[kind]++;
	if (major) {
		st->count[XIP_MAJOR]++;
		if (pmd)
			st->major_pmd++;
	}
	if (!timing)
		return;
	if (!start) {
		bump(XIP_CTR_UNPAIRED);
		return;
	}
	ns = bpf_ktime_get_ns() - start;
	record(&key, kind, ns);
	if (major)
		record(&key, XIP_MAJOR, ns);
	if (hole)
		record(&key, XIP_HOLE, ns);
}

static __always_inline void hole(__u32 dev, __u64 ino, __u32 gen, struct inode *inode)
{
	struct xip_file_stats *st;
	struct xip_file_key key;
	struct xip_task *t;

	if (!make_key(&key, dev, ino, gen))
		return;
	st = file_stats(&key, inode);
	if (st)
		st->count[XIP_HOLE]++;
	if (timing) {
		t = task(false);
		if (t)
			t->hole = 1;
	}
}

/*
 * dax_fault_cow fires inside the fault whose end fault_done counts: when
 * the fault is being timed, its source waits in the task's storage (which
 * fault_done reads anyway) and fault_done adds it to the row it finds,
 * sparing a second row lookup per COW fault.
 */
static __always_inline void cow(__u32 dev, __u64 ino, __u32 gen, struct inode *inode, __u32 source)
{
	struct xip_file_stats *st;
	struct xip_file_key key;
	struct xip_task *t;

	if (timing && task_wanted()) {
		t = task(false);
		if (t && t->fault_start) {
			t->cow = source + 1;
			return;
		}
	}
	st = row(&key, dev, ino, gen, inode);
	if (st && source < XIP_NR_COW_SOURCES)
		st->cow_source[source]++;
}

static __always_inline void fallback(__u32 dev, __u64 ino, __u32 gen, struct inode *inode, int reason)
{
	struct xip_file_stats *st;
	struct xip_file_key key;

	st = row(&key, dev, ino, gen, inode);
	if (st && reason >= 0 && reason < XIP_NR_FALLBACK_REASONS)
		st->fallback[reason]++;
}

static __always_inline void zeroed(__u32 dev, __u64 ino, __u32 gen, struct inode *inode, __u64 length,
				   bool unwritten)
{
	struct xip_file_stats *st;
	struct xip_file_key key;

	st = row(&key, dev, ino, gen, inode);
	if (st) {
		st->zero_count++;
		st->zero_bytes += length;
		if (unwritten)
			st->zero_unwritten += length;
	}
}

/* Blocks converted from unwritten, and zeroed: the zeroing itself is counted by zeroed() */
static __always_inline void converted(__u32 dev, __u64 ino, __u32 gen, struct inode *inode,
				      __u64 length)
{
	struct xip_file_stats *st;
	struct xip_file_key key;

	st = row(&key, dev, ino, gen, inode);
	if (st)
		st->zero_unwritten += length;
}

static __always_inline void io_start(void)
{
	struct xip_task *t = starting_task();

	if (t)
		t->io_start = bpf_ktime_get_ns();
}

static __always_inline void io_done(__u32 dev, __u64 ino, __u32 gen, struct inode *inode, bool write,
				    long ret)
{
	struct xip_file_stats *st;
	struct xip_file_key key;
	struct xip_task *t;
	int dir = write ? XIP_WRITE : XIP_READ;
	__u64 start = 0;

	if (timing && task_wanted()) {
		t = task(false);
		if (t) {
			start = t->io_start;
			t->io_start = 0;
		}
	}
	st = row(&key, dev, ino, gen, inode);
	if (!st)
		return;
	st->io_count[dir]++;
	if (ret > 0)
		st->io_bytes[dir] += ret;
	if (!timing)
		return;
	if (start)
		record(&key, XIP_LAT_IO(dir), bpf_ktime_get_ns() - start);
	else
		bump(XIP_CTR_UNPAIRED);
}

#endif
