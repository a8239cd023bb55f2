/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The bodies, one per event (included by xiptop.bpf.c, whose entry points
 * call them): find the row, count the event, time it. At the end, the
 * quick paths: the common case of the start, the PTE end and the COW
 * event, which their entry points try before the whole body.
 */
#ifndef XIPTOP_BODIES_BPF_H
#define XIPTOP_BODIES_BPF_H

#include "xiptop-paths.bpf.h"
#include "xiptop-state.bpf.h"

/*
 * What an event says of its file: its inode (tp_btf, raw_tp, probes), or
 * its device and inode number (classic tracepoints). The rest is loaded
 * from the inode only where it is needed: a fault on a file whose row is
 * in the CPU's cache loads nothing but the generation.
 */
struct xip_file_ref {
	struct inode *inode;	/* NULL: dev and ino are set */
	__u64 ino;
	__u32 dev;
	__u32 gen;
	bool record;		/* from a classic tracepoint's record: no inode, dev and ino set */
	bool direct;		/* tp_btf: plain loads from the inode (else probe reads) */
	bool cached;		/* the caller may use the CPU's caches: it cannot be preempted */
	bool preemptible;	/* the caller is an fentry or fexit program (probe_ref()) */
};

/* (the inode in a variable of its own: BPF_CORE_READ() would relocate f's field too) */
static __always_inline __u32 ref_dev(const struct xip_file_ref *f)
{
	struct inode *inode = f->inode;

	if (f->record)
		return f->dev;
	return f->direct ? inode->i_sb->s_dev : BPF_CORE_READ(inode, i_sb, s_dev);
}

static __always_inline __u64 ref_ino(const struct xip_file_ref *f)
{
	struct inode *inode = f->inode;

	if (f->record)
		return f->ino;
	return f->direct ? inode->i_ino : BPF_CORE_READ(inode, i_ino);
}

static __always_inline __u32 ref_gen(const struct xip_file_ref *f)
{
	struct inode *inode = f->inode;

	return f->direct ? inode->i_generation : BPF_CORE_READ(inode, i_generation);
}

static __always_inline struct xip_file_ref inode_ref(struct inode *inode, bool direct)
{
	struct xip_file_ref f = { .inode = inode, .direct = direct, .cached = true };

	return f;
}

/*
 * May the caches name f by its inode's address (tag_by_address)? Read
 * where it is needed, not when the event begins: an untimed fault's end
 * never needs it. It turns on at attach, once inode_gone is attached,
 * and off at detach, before the fault path's programs go: an event that
 * saw it off for the CPU's last row (no tag) and on for the row cache,
 * or the reverse, names no file by an address that may be another's.
 */
static __always_inline bool addr_tags(const struct xip_file_ref *f)
{
	return f->inode && f->cached && *(volatile bool *)&tag_by_address;
}

static __always_inline struct xip_file_ref record_ref(__u32 dev, __u64 ino)
{
	struct xip_file_ref f = { .dev = dev, .ino = ino, .record = true, .cached = true };

	return f;
}

/*
 * From a probe's program: fentry and fexit programs can be preempted (only
 * migration is off), and a program that preempts them on their CPU would
 * find the CPU's caches half written: they keep out of them.
 */
static __always_inline struct xip_file_ref probe_ref(struct inode *inode, bool preemptible)
{
	struct xip_file_ref f = { .inode = inode, .cached = !preemptible, .preemptible = preemptible };

	return f;
}

/* The window, the epoch, and both (union xip_era): read once where they are used. */
static __always_inline __u32 this_window(void)
{
	return *(volatile __u32 *)&era.window;
}

static __always_inline __u32 this_epoch(void)
{
	return *(volatile __u32 *)&era.epoch;
}

static __always_inline __u64 this_era(void)
{
	return *(volatile __u64 *)&era.both;
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

/*
 * A row for a file seen for the first time: its index, or -1 if none is
 * free (counted). preemptible: from an fentry or fexit program.
 */
static __always_inline long new_row(const struct xip_file_key *key, struct inode *inode,
				    bool preemptible)
{
	char comm[XIP_COMM_LEN];
	struct xip_row *row;
	__u32 idx, *other;
	long err;

	if (bpf_map_pop_elem(&free_rows, &idx)) {
		bump(XIP_CTR_FILES_FULL);
		return -1;
	}
	row = bpf_map_lookup_elem(&rows, &idx);
	if (!row)
		return -1;
	row->key = *key;
	/* before its inode can end: may_have_rows() must not leave its end untold */
	if (inode && !*(volatile bool *)&any_inode && !(BPF_CORE_READ(inode, i_flags) & S_DAX))
		any_inode = true;
	/* before the row can be found: a CPU that finds it must know whether to cache it by address */
	row->untracked = !track_inode(key->dev, key->ino, key->gen);
	err = bpf_map_update_elem(&rowidx, key, &idx, BPF_NOEXIST);
	if (err) {
		/* another CPU made the row first: use it, and give this one back */
		bpf_map_push_elem(&free_rows, &idx, 0);
		other = err == -EEXIST ? bpf_map_lookup_elem(&rowidx, key) : NULL;
		if (!other) {
			bump(XIP_CTR_FILES_FULL);
			return -1;
		}
		return *other;
	}
	/*
	 * Its names before it is live: user space names a row when it first
	 * reads it, and remembers a name it did not find. (Other CPUs may
	 * count into it meanwhile: their stamps are read once it is live.)
	 */
	if (per_process) {
		struct xip_proc_key pk = { .tgid = key->tgid, .start = key->owner };

		bpf_get_current_comm(comm, sizeof(comm));
		bpf_map_update_elem(&comms, &pk, comm, BPF_NOEXIST);
	}
	capture_path(inode, key->dev, key->ino, key->gen, false, preemptible);
	/* ordered after the key and the names: user space reads only live rows */
	__sync_lock_test_and_set(&row->live, 1);
	__sync_fetch_and_add(&rows_made, 1);
	return idx;
}

/* Fault id's start slot among a CPU's; NULL if it has none there. */
static __always_inline struct xip_pair *pair_in(struct xip_cpu *pc, __u64 id)
{
	for (int i = 0; i < XIP_PAIR_WAYS; i++)
		if (pc->way[i].id == id)
			return &pc->way[i];
	return NULL;
}

/*
 * A slot of this CPU's for fault id: a free one (every end frees its
 * fault's, whatever becomes of the fault), else the oldest start's: more
 * faults than slots are waiting on this CPU, and that one's end will be
 * counted as unpaired.
 */
static __always_inline struct xip_pair *claim_slot(struct xip_cpu *pc, __u64 id)
{
	struct xip_pair *p = NULL;

	for (int i = 0; i < XIP_PAIR_WAYS; i++)
		if (!pc->way[i].id) {
			p = &pc->way[i];
			break;
		}
	if (!p) {
		p = &pc->way[0];
		for (int i = 1; i < XIP_PAIR_WAYS; i++)
			if ((__s32)(pc->way[i].seq - p->seq) < 0)
				p = &pc->way[i];
	}
	p->id = id;
	p->seq = pc->seq++;
	return p;
}

/*
 * An untimed fault of this CPU's last row, which fault_start() named in
 * quiet_id only, moved to a slot of its own (untimed): the last row is
 * about to change, and the fault's end must still find its start.
 */
static __always_inline void release_quiet(struct xip_cpu *pc)
{
	__u64 id = pc->quiet_id;
	struct xip_pair *p = claim_slot(pc, 0);

	/*
	 * The slot is filled before it is named, and named before quiet_id
	 * lets the fault go: another CPU's take_moved() finds the fault in
	 * one of them, whole. If it took quiet_id meanwhile, the slot is
	 * given back.
	 */
	p->start = 0;
	p->marks = 0;
	__sync_lock_test_and_set(&p->id, id);
	if (__sync_val_compare_and_swap(&pc->quiet_id, id, 0) != id)
		p->id = 0;
}

/* Where find_row() looks in the CPU's cache, and what it compares. */
struct xip_lookup {
	struct xip_row_cache *c;
	__u64 tag, owner;
	__u32 tgid, epoch;
	bool by_addr;
};

/*
 * The cache entry that would hold f's row, and what names the row there
 * (the options' filters first); false if the event is filtered out.
 */
static __always_inline bool lookup_of(struct xip_file_ref *f, __u32 cpu, struct xip_lookup *l)
{
	bool by_addr = addr_tags(f);
	__u32 way;

	l->by_addr = by_addr;
	if (f->inode && want_gen)
		f->gen = ref_gen(f);
	l->tgid = 0;
	l->owner = 0;
	/* a helper call only where an option needs the process: rodata decides */
	if (targ_tgid || per_process)
		l->tgid = bpf_get_current_pid_tgid() >> 32;
	if (targ_tgid && l->tgid != targ_tgid)
		return false;
	if (targ_dev && ref_dev(f) != targ_dev)
		return false;
	if (targ_cgroup && bpf_current_task_under_cgroup(&cgroup_filter, 0) != 1)
		return false;
	if (per_process)
		l->owner = process_start();
	else if (per_cgroup)
		l->owner = bpf_get_current_cgroup_id();
	if (!per_process)
		l->tgid = 0;
	if (f->inode && !by_addr) {
		f->ino = ref_ino(f);
		f->dev = ref_dev(f);
	}
	l->tag = by_addr ? (__u64)f->inode : f->ino;
	way = cpu * XIP_CACHE_WAYS + ((f->gen ^ f->ino ^ f->ino >> 4) & (XIP_CACHE_WAYS - 1));
	/* before rowidx: an entry is as old as the epoch read before its lookup */
	l->epoch = this_epoch();
	l->c = f->cached ? bpf_map_lookup_elem(&row_cache, &way) : NULL;
	return true;
}

/* The row the cache names for l; -1 if none. */
static __always_inline long cached(const struct xip_file_ref *f, const struct xip_lookup *l)
{
	struct xip_row_cache *c = l->c;

	if (c && c->epoch == l->epoch && c->tag == l->tag && c->gen == f->gen && c->dev == f->dev &&
	    c->owner == l->owner && c->tgid == l->tgid)
		return c->row;
	return -1;
}

/*
 * The tag that names f in its CPU's last row (struct xip_cpu): its
 * inode's address once inode_gone ends such names, its number with --hook
 * tp (and the device beside it); 0 when f cannot be named that way.
 */
static __always_inline __u64 record_tag(const struct xip_file_ref *f)
{
	return f->ino ^ (__u64)f->dev << 44;
}

static __always_inline __u64 last_tag(const struct xip_file_ref *f)
{
	/* -P, -G: a file has a row per owner, which its address does not name */
	if (owned_rows || !f->cached)
		return 0;
	if (f->record)
		return record_tag(f);
	return addr_tags(f) ? (__u64)f->inode : 0;
}

/* The CPU's last row, if it is f's (tag: f's last_tag()); -1 if not, or f has no tag. */
static __always_inline long last_row(const struct xip_cpu *pc, const struct xip_file_ref *f, __u64 tag)
{
	/* an address names one inode; a record's inode number needs its device */
	if (tag && pc->last_tag == tag && (!f->record || pc->last_dev == f->dev) &&
	    pc->last_epoch == this_epoch())
		return pc->last_row;
	return -1;
}

/*
 * The index of f's row, made on the file's first event; -1 if filtered
 * out or there is no room. pc (if set) gets it as the CPU's last row,
 * named by tag (f's last_tag()).
 */
static __always_inline long find_row(struct xip_file_ref *f, __u32 cpu, struct xip_cpu *pc, __u64 tag)
{
	struct xip_file_key key;
	struct xip_lookup l;
	struct xip_row *row;
	__u32 *idx, i;
	long r;

	if (!lookup_of(f, cpu, &l))
		return -1;
	r = cached(f, &l);
	if (r < 0) {
		/* lookup_of() loaded them unless the cache names the file by address */
		key.ino = l.by_addr ? ref_ino(f) : f->ino;
		key.owner = l.owner;
		key.dev = l.by_addr ? ref_dev(f) : f->dev;
		key.gen = f->gen;
		key.tgid = l.tgid;
		key.pad = 0;
		/*
		 * A full barrier (an exchange) between the epoch's read and
		 * rowidx's: the entry made below must not name a row removed
		 * before the epoch it records (weakly ordered CPUs).
		 */
		if (l.c)
			__sync_lock_test_and_set(&l.c->pad, 0);
		idx = bpf_map_lookup_elem(&rowidx, &key);
		r = idx ? *idx : new_row(&key, f->inode, f->preemptible);
		if (r < 0)
			return r;
		/* a row whose inode's end cannot be seen is not named by its address */
		i = r;
		row = l.by_addr ? bpf_map_lookup_elem(&rows, &i) : NULL;
		if (l.c && (!l.by_addr || (row && !row->untracked))) {
			l.c->tag = l.tag;
			l.c->owner = l.owner;
			l.c->gen = f->gen;
			l.c->dev = f->dev;
			l.c->tgid = l.tgid;
			l.c->epoch = l.epoch;
			l.c->row = r;
		} else if (l.by_addr) {
			return r;	/* untracked: not the last row either */
		}
	}
	if (pc && l.c) {
		if (pc->quiet_id)
			release_quiet(pc);
		pc->last_tag = tag;
		pc->last_dev = f->dev;
		pc->last_epoch = l.epoch;
		pc->last_row = r;
		pc->last_part = (__u32)r * ncpus + cpu;
		/* until the row's sample is full (fault_done()), or with --no-latency counts_only() */
		pc->quiet_window = 0;
	}
	return r;
}

/*
 * find_row() out of line, for the fault path: the compiler then keeps the
 * path that finds the CPU's last row in registers. One copy per kind of
 * read: in a function of its own, f->direct is no longer a constant the
 * compiler folds, and a raw_tp program must not have plain loads from its
 * (untyped) inode even on a path it never takes.
 */
static __noinline long find_row_direct(struct xip_file_ref *f, struct xip_cpu *pc, __u64 tag)
{
	f->direct = true;
	return find_row(f, bpf_get_smp_processor_id(), pc, tag);
}

static __noinline long find_row_probed(struct xip_file_ref *f, struct xip_cpu *pc, __u64 tag)
{
	f->direct = false;
	return find_row(f, bpf_get_smp_processor_id(), pc, tag);
}

/*
 * f's row on the fault path: this CPU's last row if it is f's, else
 * find_row(). pc: this CPU's state; tag: f's last_tag(), worked out once
 * by the caller, which has asked task_wanted() (or whose fault's start
 * did: an untimed fault named in quiet_id).
 */
static __always_inline long fast_row(struct xip_cpu *pc, struct xip_file_ref *f, __u64 tag)
{
	long r = last_row(pc, f, tag);
	struct xip_file_ref g;

	if (r >= 0)
		return r;
	/* a copy: only this path puts f on the stack */
	g = *f;
	return f->direct ? find_row_direct(&g, pc, tag) : find_row_probed(&g, pc, tag);
}

static __always_inline struct xip_row_cpu *row_cpu(long r, __u32 cpu)
{
	__u32 i = (__u32)r * ncpus + cpu;

	return bpf_map_lookup_elem(&rows_cpu, &i);
}

static __always_inline struct xip_row *row_shared(long r)
{
	__u32 i = r;

	return bpf_map_lookup_elem(&rows, &i);
}

/*
 * Row r's part on this CPU changes in window w: stamped, so that user
 * space reads the row (row_stamps), and its latency sample starts again
 * in a new window. Once per row, CPU and window; before the change: a
 * read that sees the old stamp reads the row again at the next interval
 * (user space reads one window back: tools/lib/rowread.c). The row's
 * stamp first, then the CPU's part: a program preempted in between
 * leaves the part unstamped, and the next change on this CPU stamps the
 * row again. A stamp never goes back (a CPU still in the window before).
 */
static __always_inline void stamp(long r, struct xip_row_cpu *rc, __u32 w)
{
	__u32 i = r;
	__u64 *s;

	if (rc->window == w)
		return;
	s = bpf_map_lookup_elem(&row_stamps, &i);
	if (s && (__s32)(w - (__u32)*s) > 0)
		*s = w;
	rc->window = w;
	rc->seen = 0;
}


/*
 * The row's rare members change in window w: as stamp() for the row, never
 * back (another CPU may have stamped a later window meanwhile).
 */
static __always_inline void rare_stamp(struct xip_row *row, __u32 w)
{
	__u32 was = *(volatile __u32 *)&row->rare_window;

	if ((__s32)(w - was) > 0)
		*(volatile __u32 *)&row->rare_window = w;
}

/*
 * The shared part of f's row, for rare events, stamped (on this CPU's
 * part); *r: its index, for rare_done(). NULL if filtered out or no room.
 */
static __always_inline struct xip_row *rare_row(struct xip_file_ref f, long *r)
{
	__u32 cpu = bpf_get_smp_processor_id(), w;
	struct xip_row_cpu *rc;
	struct xip_row *row;

	*r = find_row(&f, cpu, NULL, 0);
	rc = *r < 0 ? NULL : row_cpu(*r, cpu);
	if (!rc)
		return NULL;
	w = this_window();
	stamp(*r, rc, w);
	row = row_shared(*r);
	if (row)
		rare_stamp(row, w);
	return row;
}

/*
 * After a rare event's change: stamped again if a window began since
 * rare_row(). Rare events can come from fentry/fexit programs, which a
 * preemptible kernel may preempt for longer than an interval between the
 * stamp and the change; user space reads one window back only.
 */
static __always_inline void rare_done(long r)
{
	struct xip_row_cpu *rc = row_cpu(r, bpf_get_smp_processor_id());
	struct xip_row *row = row_shared(r);
	__u32 w = this_window();

	if (rc)
		stamp(r, rc, w);
	if (row)
		rare_stamp(row, w);
}

/*
 * A latency of class lat into row r's histogram. The blocks are shared
 * by every CPU, and added to atomically: a block per CPU cost 136 bytes
 * per block and CPU. Fault latencies are sampled (a row's first
 * XIP_SAMPLE_ALL faults per CPU and window, then one in
 * XIP_SAMPLE_EVERY), so CPUs faulting on one file meet on its block
 * mostly as a window begins; read(2) and write(2) are timed every call,
 * as their counts already add atomically to the row (io_done()). A
 * row's fault counts, which every fault adds to, stay per CPU.
 */
static __always_inline void record(long r, __u32 lat, __u64 ns)
{
	struct xip_row *row = row_shared(r);
	struct xip_hist *h;
	__u32 b, old, i, slot;

	if (!row || lat >= XIP_NR_LAT)
		return;
	b = row->hist[lat];
	if (!b) {
		if (bpf_map_pop_elem(&free_hists, &b)) {
			bump(XIP_CTR_HISTS_FULL);
			return;
		}
		/*
		 * A class's block is set once in a row's life: user space
		 * looks for new ones only in rows whose rare members are
		 * stamped (tools/lib/rowread.c), so stamp them first.
		 */
		rare_stamp(row, this_window());
		b++;
		old = __sync_val_compare_and_swap(&row->hist[lat], 0, b);
		if (old) {	/* another CPU gave the class a block first */
			b--;
			bpf_map_push_elem(&free_hists, &b, 0);
			b = old;
		}
	}
	i = b - 1;
	h = bpf_map_lookup_elem(&hists, &i);
	if (!h)
		return;
	slot = log2_u64(ns);
	if (slot >= XIP_HIST_SLOTS)
		slot = XIP_HIST_SLOTS - 1;
	__sync_fetch_and_add(&h->sum_ns, ns);
	__sync_fetch_and_add(&h->slot[slot], 1);
}

/*
 * A timed fault's latency into row r's histograms: its kind's, and
 * XIP_MAJOR's and XIP_HOLE's if ev says it was a major fault or loaded a
 * hole. Out of line: most faults are not timed.
 */
static __noinline void record_fault(long r, __u32 ev, __u64 ns)
{
	record(r, ev & EV_KIND, ns);
	if (ev & EV_MAJOR)
		record(r, XIP_MAJOR, ns);
	if (ev & EV_HOLE)
		record(r, XIP_HOLE, ns);
}

static __always_inline struct xip_pair *pair_of(__u64 id, __u32 cpu)
{
	return cpu < XIP_MAX_CPUS ? pair_in(&cpu_state[cpu], id) : NULL;
}

/* What a fault's end takes from its slot: marks has EV_PAIRED if it had one. */
struct xip_taken {
	__u64 start;
	__u32 marks;
};

/*
 * The start of fault id on another CPU than this one (its task slept and
 * moved), taken into *t: a slot there, or that CPU's quiet_id.
 */
static __noinline void take_moved(__u64 id, struct xip_taken *t)
{
	__u32 cpu = bpf_get_smp_processor_id(), c;
	struct xip_pair *p;

	for (c = 0; c < ncpus && c < XIP_MAX_CPUS; c++) {
		if (c == cpu)
			continue;
		/*
		 * An untimed start; that CPU may be naming another meanwhile,
		 * or moving it to a slot (release_quiet()): the exchange also
		 * orders this read before the slots' below.
		 */
		if (__sync_val_compare_and_swap(&cpu_state[c].quiet_id, id, 0) == id) {
			t->start = 0;
			t->marks = EV_PAIRED;
			return;
		}
		p = pair_of(id, c);
		if (!p)
			continue;
		t->start = p->start;
		t->marks = p->marks | EV_PAIRED;
		/* taken only if that CPU did not give the slot to a new fault meanwhile */
		if (__sync_val_compare_and_swap(&p->id, id, 0) == id)
			return;
	}
	t->start = 0;
	t->marks = 0;
}

/* The slot of fault id, taken: on this CPU (pc), or another. */
static __always_inline struct xip_taken take_start(__u64 id, struct xip_cpu *pc)
{
	struct xip_pair *p = pair_in(pc, id);
	struct xip_taken t;

	if (p) {
		t.start = p->start;
		t.marks = p->marks | EV_PAIRED;
		p->id = 0;
		return t;
	}
	take_moved(id, &t);
	return t;
}

/*
 * This CPU's state (struct xip_cpu) and number, which the fault events'
 * bodies get from their entry points: had before the event's arguments
 * are read, the CPU's number (a helper call, to the compiler) has nothing
 * to keep in registers but the context.
 */
static __always_inline struct xip_cpu *this_cpu_state(__u32 *cpu)
{
	struct xip_cpu *pc;

	*cpu = bpf_get_smp_processor_id();
	/*
	 * Masked, not tested (nor NULL to test for): user space runs only
	 * where every possible CPU's number is below XIP_MAX_CPUS (loader.c).
	 */
	pc = &cpu_state[*cpu & (XIP_MAX_CPUS - 1)];
	barrier_var(pc);	/* one register, not the address worked out again at each use */
	return pc;
}

/*
 * The bodies, one per event. pc: this CPU's state. id: the fault's
 * vm_fault, or the task (--hook tp). Each asks task_wanted() itself:
 * an untimed fault's end and events (quiet_part()) need not, their
 * fault's start did.
 */

_Static_assert((XIP_SAMPLE_EVERY & (XIP_SAMPLE_EVERY - 1)) == 0,
	       "fault_start() takes one in XIP_SAMPLE_EVERY with a mask");
static __always_inline void fault_start(struct xip_cpu *pc, struct xip_file_ref f, __u64 id)
{
	struct xip_pair *p;
	bool timed;
	__u64 tag;

	if (!f.record && *(volatile bool *)&plain_faults) {
		tag = (__u64)f.inode;	/* last_tag(), without the options' tests */
	} else {
		if (!task_wanted())
			return;
		tag = last_tag(&f);
	}

	/*
	 * The CPU's last row, if its sample is full in this window (its
	 * last fault_done() said so), is timed one fault in XIP_SAMPLE_EVERY.
	 */
	timed = !tag || tag != pc->last_tag || (f.record && pc->last_dev != f.dev) ||
		pc->last_era != this_era() || (++pc->quiet_n & (XIP_SAMPLE_EVERY - 1)) == 0;
	/* untimed, and no other such fault under way on this CPU: named, no slot */
	if (!timed && !pc->quiet_id) {
		pc->quiet_id = id;
		return;
	}
	/*
	 * A fault named id started: one named so before has ended unseen
	 * (its end was filtered out, or detached first), and must not take
	 * this one's end.
	 */
	if (pc->quiet_id == id)
		pc->quiet_id = 0;
	/* an untimed fault has its slot all the same: its end is paired, not lost */
	p = claim_slot(pc, id);
	p->marks = 0;
	p->start = timed ? bpf_ktime_get_ns() : 0;
}

/*
 * A fault's flags: from its vm_fault (tp_btf: a plain load; raw_tp: a
 * probe read), or from the record (classic tracepoints), read only where
 * the kind is needed.
 */
static __always_inline unsigned int fault_flags(const struct xip_file_ref *f, struct vm_fault *vmf,
						unsigned int rec_flags)
{
	if (f->record)
		return rec_flags;
	return f->direct ? vmf->flags : BPF_CORE_READ(vmf, flags);
}

static __always_inline __u32 fault_kind(unsigned int flags, int result, bool pmd)
{
	if (pmd)
		return result & VM_FAULT_FALLBACK ? XIP_PMD_FALLBACK :
		       flags & FAULT_FLAG_WRITE ? XIP_PMD_WRITE : XIP_PMD_READ;
	return result & VM_FAULT_DONE_COW ? XIP_COW :
	       flags & FAULT_FLAG_WRITE ? XIP_PTE_WRITE : XIP_PTE_READ;
}

/*
 * This CPU's part of its last row, if that is f's, for a fault that
 * fault_start() named in quiet_id (untimed) or, with --no-latency, any
 * fault: if the window is still the one the row's sample filled in (the
 * row was stamped in it then, and the last row has not changed since:
 * find_row() ends quiet_window; --no-latency: counts_only()) and the
 * epoch the one the row was found in (its index still names the file).
 * f is compared as well, not taken from quiet_id's word: a fault named
 * there whose end was never seen (filtered out, or detached) may have
 * left the name to the next fault with the same vm_fault. NULL if not:
 * the fault is then counted the long way.
 */
static __always_inline struct xip_row_cpu *quiet_part(struct xip_cpu *pc, const struct xip_file_ref *f)
{
	__u32 i = pc->last_part;

	/* last_tag()'s tag, for the options under which the CPU's last row has one */
	if (f->record ? pc->last_tag != record_tag(f) || pc->last_dev != f->dev :
			pc->last_tag != (__u64)f->inode)
		return NULL;
	if (pc->last_era != this_era())
		return NULL;
	return bpf_map_lookup_elem(&rows_cpu, &i);
}

/*
 * Row r's part on this CPU was stamped in window w: with --no-latency,
 * if r is the CPU's last row, it needs nothing but its counts until the
 * window ends (quiet_part()). With latencies, the window is quiet
 * only once its sample is full (fault_done()).
 */
static __always_inline void counts_only(struct xip_cpu *pc, long r, __u32 w)
{
	if (pc->last_row == r)
		pc->quiet_window = w;
}

/*
 * A fault's counts (ev: its kind and flags) into its row's part on this
 * CPU. A 2 MiB major fault's caller counts it in the row too
 * (major_pmd()).
 */
static __always_inline void count_fault(struct xip_row_cpu *rc, __u32 ev)
{
	/* the kind first: the option is a load, which only a COW fault needs */
	if ((ev & EV_KIND) != XIP_COW || !cow_event)
		rc->count[ev & EV_KIND]++;
	if (ev & EV_MAJOR)
		rc->count[XIP_MAJOR]++;
}

/* A major fault of row r, stamped in window w, was a 2 MiB one: a rare member of the row. */
static __always_inline void major_pmd(long r, __u32 w)
{
	struct xip_row *row = row_shared(r);

	if (!row)
		return;
	rare_stamp(row, w);
	__sync_fetch_and_add(&row->major_pmd, 1);
}

/*
 * A fault of row r, stamped in window w, failed (the task gets SIGBUS or
 * SIGSEGV, or the OOM killer runs): a rare member of the row, by its
 * access (kind: what it would have been), and in no kind, for it mapped
 * nothing; not timed either.
 */
static __always_inline void failed(long r, __u32 w, __u32 kind)
{
	struct xip_row *row = row_shared(r);
	int dir = kind == XIP_PTE_WRITE || kind == XIP_PMD_WRITE ? XIP_WRITE : XIP_READ;

	if (!row)
		return;
	rare_stamp(row, w);
	__sync_fetch_and_add(&row->failed[dir], 1);
}

/*
 * The end of a fault that fault_end() did not count at once: count it
 * into its row's part on this CPU, and time it if its start was. The
 * common case (the CPU's last row, no clock) stays inline, with what it
 * knows of the fault in one word (ev); finding another row, a slot on
 * another CPU, and the histograms are out of line. With the series, cow()
 * has counted a COW fault already: its end looks for the row only to
 * time it, to count a major fault, or to count an end with no start.
 * quiet: its start was named in quiet_id, which fault_end() took.
 */
static __always_inline void fault_done(struct xip_cpu *pc, __u32 cpu, struct xip_file_ref f, __u64 id,
				       __u32 ev, bool pmd, bool quiet, bool lat)
{
	struct xip_taken t = {};
	struct xip_row_cpu *rc;
	__u32 w;
	long r;

	/* the start first: its slot is free again whatever becomes of the fault */
	if (quiet) {
		ev |= EV_PAIRED;
	} else if (lat) {
		t = take_start(id, pc);
		ev |= t.marks;
	}
	/*
	 * Counted by cow(), untimed, not major: no row to find. An end with
	 * no start goes on, to be counted as unpaired where every end is
	 * (once its row is found: not for a file the filters leave out).
	 */
	if ((ev & EV_KIND) == XIP_COW && cow_event && !t.start && !(ev & EV_MAJOR) &&
	    (!lat || (ev & EV_PAIRED)))
		return;
	r = fast_row(pc, &f, last_tag(&f));
	if (r < 0)
		return;
	rc = row_cpu(r, cpu);
	if (!rc)
		return;
	w = this_window();
	stamp(r, rc, w);
	if (ev & EV_FAILED) {
		failed(r, w, ev & EV_KIND);
		return;
	}
	count_fault(rc, ev);
	if ((ev & EV_MAJOR) && pmd)
		major_pmd(r, w);
	if (!lat) {
		counts_only(pc, r, w);
		return;
	}
	if (!(ev & EV_PAIRED)) {
		bump(XIP_CTR_UNPAIRED);
		return;
	}
	if (!t.start)
		return;
	/*
	 * The sample: every fault of a row's first XIP_SAMPLE_ALL on this
	 * CPU in the window is timed; then fault_start() times the CPU's
	 * last row one fault in XIP_SAMPLE_EVERY, until the window or the
	 * last row changes (find_row()).
	 */
	if (++rc->seen >= XIP_SAMPLE_ALL && sampling && pc->last_row == r)
		pc->quiet_window = w;
	record_fault(r, ev, bpf_ktime_get_ns() - t.start);
}

/*
 * How fault id's end and the events inside it (its hole load, its COW)
 * are counted: WAY_QUIET if its start named it in quiet_id (untimed; the
 * start asked task_wanted()), WAY_FILTERED if the filters leave the task out,
 * WAY_LAST with --no-latency (the CPU's last file goes the short way,
 * quiet_part()), WAY_LONG else (its row is found, its slot taken).
 */
enum fault_way { WAY_FILTERED, WAY_QUIET, WAY_LAST, WAY_LONG };

static __always_inline enum fault_way fault_way(struct xip_cpu *pc, __u64 id, bool lat)
{
	/*
	 * Only the latency build has fault_start(), which names a fault in
	 * quiet_id only when the sample leaves it untimed: without sampling
	 * (--every-fault) quiet_id stays 0, which no vm_fault or task is.
	 * Not testing `sampling` saves a load on every end and event.
	 */
	if (lat && pc->quiet_id == id)
		return WAY_QUIET;
	if (!task_wanted())
		return WAY_FILTERED;
	return lat ? WAY_LONG : WAY_LAST;
}

/*
 * The end of a fault. An untimed fault of a busy file's last row
 * (fault_start() named it in quiet_id) is counted in that row's part,
 * with nothing looked up, not even the options its start tested; with
 * the series, its end has nothing to count for a COW fault (cow() did).
 * vmf and rec_flags: the fault's flags, from its vm_fault or from a
 * classic tracepoint's record (fault_flags()).
 */
static __always_inline void fault_end(struct xip_cpu *pc, __u32 cpu, struct xip_file_ref f, __u64 id,
				      struct vm_fault *vmf, unsigned int rec_flags, int result, bool pmd,
				      bool lat)
{
	enum fault_way way = fault_way(pc, id, lat);
	struct xip_row_cpu *rc = NULL;
	__u32 ev;

	if (way == WAY_FILTERED)
		return;
	if (way == WAY_QUIET) {
		pc->quiet_id = 0;
		if ((result & (VM_FAULT_DONE_COW | VM_FAULT_MAJOR)) == VM_FAULT_DONE_COW && cow_event)
			return;
	}
	if (way != WAY_LONG)
		rc = quiet_part(pc, &f);
	ev = fault_kind(fault_flags(&f, vmf, rec_flags), result, pmd) | (result & VM_FAULT_MAJOR ? EV_MAJOR : 0);
	if (result & VM_FAULT_FAILED)
		ev = (ev & EV_KIND) | EV_FAILED;
	/* a 2 MiB major fault and a failed one count in the row: the long way, which finds it */
	if (rc && !(ev & EV_FAILED) && !((ev & EV_MAJOR) && pmd)) {
		count_fault(rc, ev);
		return;
	}
	fault_done(pc, cpu, f, id, ev, pmd, way == WAY_QUIET, lat);
}

/*
 * A fault's end with nothing left to do, before anything is loaded:
 * with --no-latency (no clock to read), a COW fault that cow() counted
 * (a major one still has its count to add). The option first, and the
 * result loaded only after it (the barrier): without it, the verifier
 * removes the whole test; the compiler would load and test the result
 * first.
 */
#define END_IDLE(lat, result)						\
	(!(lat) && cow_event && ({					\
		asm volatile("" ::: "memory");				\
		((result) & (VM_FAULT_DONE_COW | VM_FAULT_MAJOR)) == VM_FAULT_DONE_COW; \
	}))

/*
 * This CPU's part of f's row, for an event inside fault id (its hole
 * load, its COW): the short way if the fault's start named it in
 * quiet_id (quiet_part()), or, with --no-latency, if f is the CPU's last
 * file (quiet_part() as well); else found and stamped. NULL if the event is
 * filtered out or has no row. *short_way: which.
 */
static __always_inline struct xip_row_cpu *fault_event_part(struct xip_cpu *pc, __u32 cpu,
							    struct xip_file_ref *f, __u64 id, bool lat,
							    bool *short_way)
{
	enum fault_way way = fault_way(pc, id, lat);
	struct xip_row_cpu *rc = NULL;
	__u32 w;
	long r;

	if (way == WAY_FILTERED)
		return NULL;
	if (way != WAY_LONG)
		rc = quiet_part(pc, f);
	*short_way = rc != NULL;
	if (rc)
		return rc;
	r = fast_row(pc, f, last_tag(f));
	rc = r < 0 ? NULL : row_cpu(r, cpu);
	if (!rc)
		return NULL;
	w = this_window();
	stamp(r, rc, w);
	if (!lat)
		counts_only(pc, r, w);
	return rc;
}

static __always_inline void hole(struct xip_cpu *pc, __u32 cpu, struct xip_file_ref f, __u64 id, bool lat)
{
	bool short_way;
	struct xip_row_cpu *rc = fault_event_part(pc, cpu, &f, id, lat, &short_way);
	struct xip_pair *p;

	if (!rc)
		return;
	rc->count[XIP_HOLE]++;
	/* an untimed fault named in quiet_id has no slot to mark */
	if (lat && !short_way) {
		p = pair_in(pc, id);
		if (p)
			p->marks |= EV_HOLE;
	}
}

/*
 * dax_fault_cow (the series) fires inside the fault, once its outcome is
 * known: a COW fault, and its source, are counted here, so that they add
 * up. Its end (fault_end()) finds the row again only to time it: a
 * timed COW fault takes two row lookups, an untimed one one, and none
 * once its file's sample is full (quiet_part()).
 */
static __always_inline void cow(struct xip_cpu *pc, __u32 cpu, struct xip_file_ref f, __u64 id,
				__u32 source, unsigned int result, bool lat)
{
	struct xip_row_cpu *rc;
	bool short_way;

	if (!(result & VM_FAULT_DONE_COW))
		return;
	rc = fault_event_part(pc, cpu, &f, id, lat, &short_way);
	if (!rc)
		return;
	rc->count[XIP_COW]++;
	if (source < XIP_NR_COW_SOURCES)
		rc->cow_source[source]++;
}

/*
 * The fault path's common case: a busy file's untimed fault (its start
 * names it in quiet_id), its COW and its end, run in the event's entry
 * point itself. Each returns true if it did all the event needed, false
 * having changed nothing: the entry point then calls the whole body
 * (fault_start(), cow(), fault_end()), out of line in a subprogram of
 * its own, which tests everything again. Why apart: the x86 JIT saves, on
 * every run, each callee-saved register a function uses anywhere. With
 * the whole body inline, every one of these programs saved four (eight
 * instructions, three programs a COW fault); the quick paths keep one to
 * three (the context; the end also the CPU's state, and on raw_tp the
 * row's part across the probe read of the fault's flags). A fault that
 * takes the long way pays for the tests twice, the call, and the CPU's
 * state found again (docs/bench.md).
 */
static __always_inline bool fault_start_quick(const __u64 *ctx)
{
	struct inode *inode;
	struct xip_cpu *pc;
	__u32 cpu, n;
	__u64 id;

	pc = this_cpu_state(&cpu);
	/* the arguments after the call: not kept in registers across it */
	inode = (struct inode *)ctx[0];
	id = ctx[1];

	/*
	 * fault_start()'s untimed case, named in quiet_id. The sample's
	 * count is kept only once nothing can fail: else fault_start() counts.
	 */
	if (!*(volatile bool *)&plain_faults || !inode || pc->last_tag != (__u64)inode ||
	    pc->last_era != this_era() || pc->quiet_id)
		return false;
	n = pc->quiet_n + 1;
	if (!(n & (XIP_SAMPLE_EVERY - 1)))
		return false;	/* timed */
	pc->quiet_n = n;
	pc->quiet_id = id;
	return true;
}

/*
 * The quick ends' opening: whether the event's fault goes fault_way()'s
 * quiet way (WAY_QUIET; with --no-latency, WAY_LAST with no filters):
 * true, the caller counts it the short way; false, it takes the long one.
 * *pc is this CPU's state (not NULL, and not returned: the compiler
 * would test it), *f the event's file, read after the CPU's number: not
 * kept in a register across the helper call.
 */
static __always_inline bool quiet_way(const __u64 *ctx, bool direct, bool lat,
				      struct xip_cpu **pc, struct xip_file_ref *f)
{
	__u32 cpu;

	*pc = this_cpu_state(&cpu);
	*f = inode_ref((struct inode *)ctx[0], direct);
	return lat ? (*pc)->quiet_id == ctx[1] : !task_filter;
}

/*
 * cow() into the CPU's last row's part (quiet_part()). The source is read
 * from the context after the lookup, not kept in a register across it.
 * ctx: dax_fault_cow(inode, vmf, source, result).
 */
static __always_inline bool cow_quick(const __u64 *ctx, bool direct, bool lat)
{
	struct xip_file_ref f;
	struct xip_row_cpu *rc;
	struct xip_cpu *pc;
	__u16 source;

	if (!((unsigned int)ctx[3] & VM_FAULT_DONE_COW))
		return true;	/* no copy made: nothing to count */
	if (!quiet_way(ctx, direct, lat, &pc, &f))
		return false;
	rc = quiet_part(pc, &f);
	if (!rc)
		return false;
	source = (__u16)ctx[2];
	rc->count[XIP_COW]++;
	if (source < XIP_NR_COW_SOURCES)
		rc->cow_source[source]++;
	return true;
}

/*
 * fault_end() of a PTE fault (a PMD fault's kinds differ) into the CPU's
 * last row's part (quiet_part()), or, with the series, of an untimed COW
 * fault, which cow() counted. quiet_id is let go only once nothing is
 * left to do: the whole body must still find it there.
 * ctx: dax_pte_fault_done(inode, vmf, result).
 */
static __always_inline bool pte_end_quick(const __u64 *ctx, bool direct, bool lat)
{
	struct xip_file_ref f;
	struct xip_row_cpu *rc;
	struct xip_cpu *pc;
	int result;

	if (END_IDLE(lat, (int)ctx[2]))
		return true;
	if (!quiet_way(ctx, direct, lat, &pc, &f))
		return false;
	/*
	 * The result first: most faults are not COW, and end the test there
	 * (with the option first, every fault would load both).
	 */
	if (lat && ((int)ctx[2] & (VM_FAULT_DONE_COW | VM_FAULT_MAJOR)) == VM_FAULT_DONE_COW &&
	    cow_event) {
		pc->quiet_id = 0;
		return true;
	}
	/* a failed fault is a rare member of the row: the long way */
	if ((int)ctx[2] & VM_FAULT_FAILED)
		return false;
	rc = quiet_part(pc, &f);
	if (!rc)
		return false;
	if (lat)
		pc->quiet_id = 0;
	result = (int)ctx[2];
	count_fault(rc, fault_kind(fault_flags(&f, (struct vm_fault *)ctx[1], 0), result, false) |
			(result & VM_FAULT_MAJOR ? EV_MAJOR : 0));
	return true;
}

static __always_inline void fallback(struct xip_file_ref f, int reason)
{
	long r;
	struct xip_row *row = rare_row(f, &r);

	if (!row || reason < 0 || reason >= XIP_NR_FALLBACK_REASONS)
		return;
	__sync_fetch_and_add(&row->fallback[reason], 1);
	rare_done(r);
}

static __always_inline void zeroed(struct xip_file_ref f, __u64 length)
{
	long r;
	struct xip_row *row = rare_row(f, &r);

	if (!row)
		return;
	__sync_fetch_and_add(&row->zero_count, 1);
	__sync_fetch_and_add(&row->zero_bytes, length);
	rare_done(r);
}

/* Blocks converted from unwritten, and zeroed: the zeroing itself is counted by zeroed() */
static __always_inline void converted(struct xip_file_ref f, __u64 length)
{
	long r;
	struct xip_row *row = rare_row(f, &r);

	if (!row)
		return;
	__sync_fetch_and_add(&row->zero_unwritten, length);
	rare_done(r);
}

static __always_inline void io_start(void)
{
	struct xip_task *t = starting_task();

	if (t)
		t->io_start = bpf_ktime_get_ns();
}

static __always_inline void io_done(struct xip_file_ref f, bool write, long ret)
{
	int dir = write ? XIP_WRITE : XIP_READ;
	struct xip_row *row;
	struct xip_task *t;
	__u64 start = 0;
	long r;

	row = rare_row(f, &r);
	if (!row)
		return;
	if (timing) {
		t = task(false);
		if (t) {
			start = t->io_start;
			t->io_start = 0;
		}
	}
	__sync_fetch_and_add(&row->io_count[dir], 1);
	if (ret > 0)
		__sync_fetch_and_add(&row->io_bytes[dir], ret);
	if (timing) {
		if (start)
			record(r, XIP_LAT_IO(dir), bpf_ktime_get_ns() - start);
		else
			bump(XIP_CTR_UNPAIRED);
	}
	rare_done(r);	/* a fexit program: see rare_done() */
}

#endif
