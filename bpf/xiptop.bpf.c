// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop's kernel side: count DAX events per file (or per file and process
 * or cgroup), by kind, and time faults and read/write I/O into log2
 * histograms, from the fs_dax trace events.
 *
 * Every event has one body and up to three entry points, one per kind of
 * hook: tp_btf, raw_tp and the classic tracepoint. User space probes which
 * the kernel offers and loads the cheapest (bpf_program__set_autoload()).
 * Starts and ends of a fault or an I/O are paired per task in task-local
 * storage: no hash keyed by thread id on the fault path.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "xiptop.h"

#define VM_FAULT_MAJOR		0x000004
#define VM_FAULT_FALLBACK	0x000800
#define VM_FAULT_DONE_COW	0x001000
#define FAULT_FLAG_WRITE	0x01
#define EEXIST			17

char LICENSE[] SEC("license") = "GPL";

/* Set by user space before loading. */
const volatile bool timing = true;	/* time faults and I/O */
const volatile bool per_process;	/* rows per file and process */
const volatile bool per_cgroup;		/* rows per file and cgroup */
const volatile bool want_paths = true;
const volatile __u32 targ_tgid;		/* only this process, if set */
const volatile __u32 targ_dev;		/* only this file system, if set */

/*
 * files and hists are preallocated: a per-CPU hash without preallocation
 * takes each new entry's per-CPU memory from a cache that is refilled
 * asynchronously, and a burst of new files could find it empty (-ENOMEM)
 * for milliseconds, losing a file's events or latencies. Preallocated,
 * an insert fails only when the map is full. xiptop sizes them by CPU count.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 10240);	/* --max-files */
	__type(key, struct xip_file_key);
	__type(value, struct xip_file_stats);
} files SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 40960);	/* 4 * --max-files */
	__type(key, struct xip_hist_key);
	__type(value, struct xip_hist);
} hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);	/* --max-files */
	__type(key, struct xip_inode_key);
	__type(value, struct xip_path);
} paths SEC(".maps");

/* A process's name, seen when its first row was made (--per-process). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);	/* --max-files */
	__type(key, __u32);
	__type(value, char[XIP_COMM_LEN]);
} comms SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XIP_NR_COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* A path is too large for the BPF stack: it is built here. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xip_path);
} path_scratch SEC(".maps");

/* When the task's fault, I/O and page-cache fault under way started. */
struct xip_task {
	__u64 fault_start;
	__u64 io_start;
	__u64 pc_start;
	__u64 pc_vmf;		/* filemap_fault()'s argument, for its return */
	__u32 hole;		/* the fault under way loaded a hole */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct xip_task);
} tasks SEC(".maps");

static const struct xip_file_stats zero_stats;
static const struct xip_hist zero_hist;

static __always_inline void bump(enum xip_counter c)
{
	__u32 k = c;
	__u64 *v = bpf_map_lookup_elem(&counters, &k);

	if (v)
		(*v)++;
}

static __always_inline struct xip_task *task(bool create)
{
	return bpf_task_storage_get(&tasks, bpf_get_current_task_btf(), 0,
				    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

static __always_inline bool tgid_wanted(void)
{
	return !targ_tgid || bpf_get_current_pid_tgid() >> 32 == targ_tgid;
}

/* The row an event of file (dev, ino) goes to; false: filtered out. */
static __always_inline bool make_key(struct xip_file_key *key, __u32 dev, __u64 ino)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if ((targ_tgid && tgid != targ_tgid) || (targ_dev && dev != targ_dev))
		return false;
	key->ino = ino;
	key->dev = dev;
	key->tgid = per_process ? tgid : 0;
	key->cgroup = per_cgroup ? bpf_get_current_cgroup_id() : 0;
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

/*
 * The file's names up to its file system's root, once per inode: a fault
 * path never walks dentries again for a file it has seen.
 */
static __always_inline void capture_path(struct inode *inode, __u32 dev, __u64 ino)
{
	struct xip_inode_key ik = { .ino = ino, .dev = dev };
	struct dentry *d, *parent;
	struct hlist_node *alias;
	struct xip_path *p;
	const unsigned char *name;
	__u32 z = 0, off;
	long n;
	int i, err;

	if (!want_paths || !inode || bpf_map_lookup_elem(&paths, &ik))
		return;
	p = bpf_map_lookup_elem(&path_scratch, &z);
	if (!p)
		return;
	p->len = 0;
	p->depth = 0;
	p->complete = 0;
	alias = BPF_CORE_READ(inode, i_dentry.first);
	if (alias) {	/* none: the file was unlinked */
		d = (void *)alias - bpf_core_field_offset(struct dentry, d_u.d_alias);
		for (i = 0; i < XIP_PATH_DEPTH; i++) {
			parent = BPF_CORE_READ(d, d_parent);
			if (parent == d) {
				p->complete = 1;
				break;
			}
			off = p->len;
			if (off >= XIP_PATH_BUF)
				break;
			name = BPF_CORE_READ(d, d_name.name);
			n = bpf_probe_read_kernel_str(p->buf + (off & (XIP_PATH_BUF - 1)),
						      XIP_NAME_MAX, name);
			if (n <= 0)
				break;
			p->len = off + n;
			p->depth++;
			d = parent;
		}
	}
	err = bpf_map_update_elem(&paths, &ik, p, BPF_NOEXIST);
	if (err && err != -EEXIST)
		bump(XIP_CTR_PATHS_FULL);
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
		bpf_get_current_comm(comm, sizeof(comm));
		bpf_map_update_elem(&comms, &key->tgid, comm, BPF_NOEXIST);
	}
	capture_path(inode, key->dev, key->ino);
	return bpf_map_lookup_elem(&files, key);
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
	struct xip_task *t;

	if (!tgid_wanted())
		return;
	t = task(true);
	if (!t) {
		bump(XIP_CTR_NO_TASK);
		return;
	}
	t->fault_start = bpf_ktime_get_ns();
	t->hole = 0;
}

static __always_inline void fault_done(__u32 dev, __u64 ino, struct inode *inode,
				       unsigned int flags, int result, bool pmd)
{
	struct xip_file_stats *st;
	struct xip_file_key key;
	struct xip_task *t;
	__u64 start = 0, ns;
	bool hole = false, major = result & VM_FAULT_MAJOR;
	int kind;

	/* Take the start first: a fault filtered out must not leave one. */
	if (timing && tgid_wanted()) {
		t = task(false);
		if (t) {
			start = t->fault_start;
			hole = t->hole;
			t->fault_start = 0;
		}
	}
	if (!make_key(&key, dev, ino))
		return;
	st = file_stats(&key, inode);
	if (!st)
		return;
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

static __always_inline void hole(__u32 dev, __u64 ino, struct inode *inode)
{
	struct xip_file_stats *st;
	struct xip_file_key key;
	struct xip_task *t;

	if (!make_key(&key, dev, ino))
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

static __always_inline void cow(__u32 dev, __u64 ino, struct inode *inode, __u32 source)
{
	struct xip_file_stats *st;
	struct xip_file_key key;

	if (!make_key(&key, dev, ino))
		return;
	st = file_stats(&key, inode);
	if (st && source < XIP_NR_COW_SOURCES)
		st->cow_source[source]++;
}

static __always_inline void fallback(__u32 dev, __u64 ino, struct inode *inode, int reason)
{
	struct xip_file_stats *st;
	struct xip_file_key key;

	if (!make_key(&key, dev, ino))
		return;
	st = file_stats(&key, inode);
	if (st && reason >= 0 && reason < XIP_NR_FALLBACK_REASONS)
		st->fallback[reason]++;
}

static __always_inline void zeroed(__u32 dev, __u64 ino, struct inode *inode, __u64 length)
{
	struct xip_file_stats *st;
	struct xip_file_key key;

	if (!make_key(&key, dev, ino))
		return;
	st = file_stats(&key, inode);
	if (st) {
		st->zero_count++;
		st->zero_bytes += length;
	}
}

static __always_inline void io_start(void)
{
	struct xip_task *t;

	if (!tgid_wanted())
		return;
	t = task(true);
	if (t)
		t->io_start = bpf_ktime_get_ns();
	else
		bump(XIP_CTR_NO_TASK);
}

static __always_inline void io_done(__u32 dev, __u64 ino, struct inode *inode, bool write,
				    long ret)
{
	struct xip_file_stats *st;
	struct xip_file_key key;
	struct xip_task *t;
	int dir = write ? XIP_WRITE : XIP_READ;
	__u64 start = 0;

	if (timing && tgid_wanted()) {
		t = task(false);
		if (t) {
			start = t->io_start;
			t->io_start = 0;
		}
	}
	if (!make_key(&key, dev, ino))
		return;
	st = file_stats(&key, inode);
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

/*
 * tp_btf and raw_tp entry points: both get the tracepoint's arguments as an
 * array of u64, so one body serves both. tp_btf's arguments are typed
 * pointers the program may load through directly (CO-RE relocated plain
 * loads); raw_tp's are not, and need bpf_probe_read_kernel(), a helper
 * call per field. `direct` is a constant in each entry point, so each keeps
 * only its own kind of read.
 */
#define INODE(ctx)	((struct inode *)(ctx)[0])
#define VMF(ctx)	((struct vm_fault *)(ctx)[1])
#define DEV(ctx)	(direct ? INODE(ctx)->i_sb->s_dev : BPF_CORE_READ(INODE(ctx), i_sb, s_dev))
#define INO(ctx)	(direct ? INODE(ctx)->i_ino : BPF_CORE_READ(INODE(ctx), i_ino))
#define FLAGS(ctx)	(direct ? VMF(ctx)->flags : BPF_CORE_READ(VMF(ctx), flags))

#define ARGS_PROGS(event, body)						\
	SEC("tp_btf/" #event)						\
	int btf_##event(__u64 *ctx)					\
	{								\
		const bool direct = true;				\
		(void)direct;					\
		body;							\
		return 0;						\
	}								\
	SEC("raw_tp/" #event)						\
	int raw_##event(__u64 *ctx)					\
	{								\
		const bool direct = false;				\
		(void)direct;					\
		body;							\
		return 0;						\
	}

/* dax_pte_fault(inode, vmf, result), dax_pmd_fault(inode, vmf, max_pgoff, result) */
ARGS_PROGS(dax_pte_fault, fault_start())
ARGS_PROGS(dax_pmd_fault, fault_start())
/* dax_pte_fault_done(inode, vmf, result) */
ARGS_PROGS(dax_pte_fault_done,
	   fault_done(DEV(ctx), INO(ctx), INODE(ctx), FLAGS(ctx), (int)ctx[2], false))
/* dax_pmd_fault_done(inode, vmf, max_pgoff, result) */
ARGS_PROGS(dax_pmd_fault_done,
	   fault_done(DEV(ctx), INO(ctx), INODE(ctx), FLAGS(ctx), (int)ctx[3], true))
/* dax_load_hole(inode, vmf, result), dax_pmd_load_hole(inode, vmf, folio, entry) */
ARGS_PROGS(dax_load_hole, hole(DEV(ctx), INO(ctx), INODE(ctx)))
ARGS_PROGS(dax_pmd_load_hole, hole(DEV(ctx), INO(ctx), INODE(ctx)))
/* The kernel series' events. dax_fault_cow(inode, vmf, source, result) */
ARGS_PROGS(dax_fault_cow, cow(DEV(ctx), INO(ctx), INODE(ctx), (__u16)ctx[2]))
/* dax_pmd_fallback(inode, vmf, max_pgoff, length, reason) */
ARGS_PROGS(dax_pmd_fallback, fallback(DEV(ctx), INO(ctx), INODE(ctx), (int)ctx[4]))
/* dax_zero_blocks(inode, pos, length, reason) */
ARGS_PROGS(dax_zero_blocks, zeroed(DEV(ctx), INO(ctx), INODE(ctx), ctx[2]))
/* dax_iomap_rw(inode, pos, count, write), dax_iomap_rw_done(..., write, ret) */
ARGS_PROGS(dax_iomap_rw, io_start())
ARGS_PROGS(dax_iomap_rw_done,
	   io_done(DEV(ctx), INO(ctx), INODE(ctx), (bool)ctx[3], (long)ctx[4]))

/*
 * Classic tracepoint entry points: the event's record, which has dev and
 * ino but no inode, so paths are not captured.
 */
/*
 * The kernel series' records, declared here rather than taken from
 * vmlinux.h: CO-RE relocates the fields against the running kernel, and the
 * object builds against any kernel's BTF, the series' or not.
 */
struct trace_event_raw_dax_fault_cow___xip {
	unsigned long ino;
	dev_t dev;
	u16 source;
} __attribute__((preserve_access_index));

struct trace_event_raw_dax_pmd_fallback___xip {
	unsigned long ino;
	dev_t dev;
	unsigned int reason;
} __attribute__((preserve_access_index));

struct trace_event_raw_dax_zero_blocks___xip {
	unsigned long ino;
	u64 length;
	dev_t dev;
} __attribute__((preserve_access_index));

struct trace_event_raw_dax_iomap_rw___xip {
	unsigned long ino;
	dev_t dev;
} __attribute__((preserve_access_index));

struct trace_event_raw_dax_iomap_rw_done___xip {
	unsigned long ino;
	ssize_t ret;
	dev_t dev;
	u8 write;	/* bool in the kernel: read as a byte, tested against 0 */
} __attribute__((preserve_access_index));

#define TP_PROG(event, type, body)					\
	SEC("tp/fs_dax/" #event)					\
	int tp_##event(struct type *ctx) { body; return 0; }

TP_PROG(dax_pte_fault, trace_event_raw_dax_pte_fault_class, fault_start())
TP_PROG(dax_pmd_fault, trace_event_raw_dax_pmd_fault_class, fault_start())
TP_PROG(dax_pte_fault_done, trace_event_raw_dax_pte_fault_class,
	fault_done(ctx->dev, ctx->ino, NULL, ctx->flags, ctx->result, false))
TP_PROG(dax_pmd_fault_done, trace_event_raw_dax_pmd_fault_class,
	fault_done(ctx->dev, ctx->ino, NULL, ctx->flags, ctx->result, true))
TP_PROG(dax_load_hole, trace_event_raw_dax_pte_fault_class, hole(ctx->dev, ctx->ino, NULL))
TP_PROG(dax_pmd_load_hole, trace_event_raw_dax_pmd_load_hole_class,
	hole(ctx->dev, ctx->ino, NULL))
TP_PROG(dax_fault_cow, trace_event_raw_dax_fault_cow___xip, cow(ctx->dev, ctx->ino, NULL, ctx->source))
TP_PROG(dax_pmd_fallback, trace_event_raw_dax_pmd_fallback___xip,
	fallback(ctx->dev, ctx->ino, NULL, ctx->reason))
TP_PROG(dax_zero_blocks, trace_event_raw_dax_zero_blocks___xip,
	zeroed(ctx->dev, ctx->ino, NULL, ctx->length))
TP_PROG(dax_iomap_rw, trace_event_raw_dax_iomap_rw___xip, io_start())
TP_PROG(dax_iomap_rw_done, trace_event_raw_dax_iomap_rw_done___xip,
	io_done(ctx->dev, ctx->ino, NULL, ctx->write != 0, ctx->ret))

/*
 * Page-cache faults (--page-cache), for comparison: filemap_fault() serves
 * the faults of page-cache files that fault-around did not map already.
 */
SEC("kprobe/filemap_fault")
int BPF_KPROBE(pc_fault, struct vm_fault *vmf)
{
	struct xip_task *t;

	if (!tgid_wanted())
		return 0;
	t = task(true);
	if (!t) {
		bump(XIP_CTR_NO_TASK);
		return 0;
	}
	t->pc_start = bpf_ktime_get_ns();
	t->pc_vmf = (__u64)vmf;
	return 0;
}

SEC("kretprobe/filemap_fault")
int BPF_KRETPROBE(pc_fault_done, unsigned int ret)
{
	struct xip_file_stats *st;
	struct xip_file_key key;
	struct vm_fault *vmf;
	struct inode *inode;
	struct xip_task *t;
	__u64 start, ns;

	if (!tgid_wanted())
		return 0;
	t = task(false);
	if (!t || !t->pc_start) {
		bump(XIP_CTR_UNPAIRED);
		return 0;
	}
	start = t->pc_start;
	vmf = (struct vm_fault *)t->pc_vmf;
	t->pc_start = 0;
	inode = BPF_CORE_READ(vmf, vma, vm_file, f_inode);
	if (!inode || !make_key(&key, BPF_CORE_READ(inode, i_sb, s_dev), BPF_CORE_READ(inode, i_ino)))
		return 0;
	st = file_stats(&key, inode);
	if (!st)
		return 0;
	st->count[XIP_PAGECACHE]++;
	if (ret & VM_FAULT_MAJOR)
		st->count[XIP_MAJOR]++;
	if (!timing)
		return 0;
	ns = bpf_ktime_get_ns() - start;
	record(&key, XIP_PAGECACHE, ns);
	if (ret & VM_FAULT_MAJOR)
		record(&key, XIP_MAJOR, ns);
	return 0;
}
