/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What xiptop's programs keep (included by xiptop.bpf.c): the options user
 * space sets before loading, the maps, and the helpers that reach them.
 */
#ifndef XIPTOP_STATE_BPF_H
#define XIPTOP_STATE_BPF_H

/* Set by user space before loading. */
const volatile bool timing = true;	/* time faults and I/O */
const volatile bool sampling = true;	/* time a sample of a busy file's faults (XIP_SAMPLE_ALL) */
const volatile bool per_process;	/* rows per file and process */
const volatile bool per_cgroup;		/* rows per file and cgroup */
const volatile bool want_paths = true;
const volatile bool want_gen = true;	/* the hook has the inode: rows tell generations apart */
const volatile __u32 targ_tgid;		/* only this process, if set */
const volatile __u32 targ_dev;		/* only this file system, if set */
const volatile bool targ_cgroup;	/* only tasks under cgroup_filter's cgroup (-c) */
const volatile __u32 ncpus = 1;		/* possible CPUs: the per-CPU arrays' stride */
const volatile bool derive_fallback;	/* no dax_pmd_fallback: derive reasons (stock kernels) */
const volatile bool cow_event;		/* dax_fault_cow (the series) counts COW faults and sources */
/* The same, folded for the fault path's tests (each option's test is a load) */
const volatile bool task_filter;	/* targ_tgid || targ_cgroup */
const volatile bool owned_rows;		/* per_process || per_cgroup */

/* -c CGROUP_PATH: the cgroup, by its directory's fd, at index 0 */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_filter SEC(".maps");

/*
 * Rows (include/xiptop.h says how they are kept). The key to index hash
 * and the free lists are preallocated: a new file's row is refused only
 * when every row is taken, never for want of memory at that moment. The
 * free lists are stacks, filled from the highest index down: an index
 * given back is the next taken, and a new one (the lowest never used)
 * only when none is, so the indices ever used are those below the most
 * rows live at once (user space's memory of them grows with that:
 * tools/lib/chunked.h).
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);	/* --max-files */
	__type(key, struct xip_file_key);
	__type(value, __u32);
} rowidx SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 10240);	/* --max-files */
	__type(value, __u32);
} free_rows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 10240);	/* --max-files */
	__type(key, __u32);
	__type(value, struct xip_row);
} rows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 10240);	/* --max-files * ncpus */
	__type(key, __u32);
	__type(value, struct xip_row_cpu);
} rows_cpu SEC(".maps");

/*
 * Per row, the window it last changed in on any CPU (stamp()): user space
 * scans this array (8 bytes a row), not every row's parts, for the rows
 * to read.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 10240);	/* --max-files */
	__type(key, __u32);
	__type(value, __u64);
} row_stamps SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 20480);	/* XIP_HISTS_PER_ROW * --max-files */
	__type(value, __u32);
} free_hists SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 20480);	/* XIP_HISTS_PER_ROW * --max-files: shared by the CPUs (record()) */
	__type(key, __u32);
	__type(value, struct xip_hist);
} hists SEC(".maps");

/*
 * An update of this map-in-map waits for every BPF program running to
 * end (the kernel's synchronize_rcu() for map-in-map updates): user space
 * updates it after removing rows, before giving their indices back.
 */
struct grace_inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} grace_inner SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, __u32);
	__array(values, struct grace_inner);
} grace SEC(".maps") = {
	.values = { [0] = &grace_inner },
};

/*
 * era.epoch: bumped by user space each time it has removed rows from
 * rowidx (a cache entry made before then may name a row index about to
 * be given to another file: user space gives indices back only after a
 * grace period, maps.c), and by inode_gone when a tracked inode ends (its
 * address may be a new inode's next). Cache entries of an older epoch
 * are not used.
 *
 * era.window: user space starts a window each interval (never 0). A row
 * is stamped with the window it last changed in (row_stamps): user space
 * reads only the rows stamped since the window before its last read (an
 * idle row costs it one load). Latency sampling counts in the same
 * window: a row times every fault of the first XIP_SAMPLE_ALL on each CPU
 * in each window, then one in XIP_SAMPLE_EVERY. Counts are exact either
 * way.
 */
union xip_era era = { .epoch = 1, .window = 1 };

/* Rows made since load: user space reads rows in key order, and sorts them again only when this moves. */
__u32 rows_made;

/*
 * Cache entries name a file by its inode's address (and generation) once
 * user space has attached inode_gone, which ends them with the inode;
 * until then, and with --hook tp, by its device and inode number.
 */
bool tag_by_address;

/* include/linux/fs.h: the inode is DAX (bit 13 since 4.0) */
#define S_DAX		(1 << 13)

/*
 * Any inode may have rows, not only DAX ones (may_have_rows()): set by
 * user space with --page-cache (rows of page-cache files) and with --hook
 * tp (new_row() has no inode to check), and by new_row() if it finds a
 * row's inode without S_DAX (an older kernel, or the flag's bit moved).
 */
bool any_inode;

/*
 * Can the inode have rows? Every row's inode is DAX: the events and
 * probes that make rows fire for DAX files only, and since 5.8 ext4 and
 * XFS set S_DAX only when an inode is set up (before, ext4 cleared it
 * when fs-verity was turned on, and XFS switched it with FS_XFLAG_DAX):
 * new_row() checks it of every row. One load and a test, where a lookup
 * in inodes hashes the key: the ends and renames of pipes, sockets and
 * every other file on the system stop here. direct: plain loads of the
 * inode's fields (fentry, fexit), else probed reads.
 */
static __always_inline bool may_have_rows(struct inode *inode, bool direct)
{
	return *(volatile bool *)&any_inode ||
	       ((direct ? inode->i_flags : BPF_CORE_READ(inode, i_flags)) & S_DAX);
}

/*
 * tag_by_address, and no -p, -c, -P or -G: a fault's start names its file
 * by its inode's address after one test (fault_start()).
 */
bool plain_faults;

/*
 * The rows a CPU used last, by a hash of the inode's generation (or
 * number), XIP_CACHE_WAYS per CPU (index cpu * XIP_CACHE_WAYS + way): a
 * fault on a file seen lately finds its row without hashing its key.
 */
struct xip_row_cache {
	__u64 tag;		/* the inode's address, or its number */
	__u64 owner;		/* the key's process start time or cgroup */
	__u32 gen;
	__u32 dev;		/* 0 when tagged by address */
	__u32 tgid;
	__u32 epoch;
	__u32 row;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XIP_CACHE_WAYS);	/* * ncpus */
	__type(key, __u32);
	__type(value, struct xip_row_cache);
} row_cache SEC(".maps");

/*
 * What the fault path knows of a fault, in one word (the slots' marks are
 * its upper part): the kind, then flags.
 */
#define EV_KIND		0x7		/* a fault's kinds: XIP_PTE_READ to XIP_COW */
#define EV_MAJOR	0x100		/* a major fault */
#define EV_HOLE		0x200		/* it loaded a hole */
#define EV_PAIRED	0x400		/* its end found its slot */
#define EV_FAILED	0x800		/* it failed (VM_FAULT_FAILED): counted apart, not timed */
_Static_assert(XIP_PTE_READ <= EV_KIND && XIP_PTE_WRITE <= EV_KIND && XIP_PMD_READ <= EV_KIND &&
	       XIP_PMD_WRITE <= EV_KIND && XIP_PMD_FALLBACK <= EV_KIND && XIP_COW <= EV_KIND,
	       "a fault's kind fits in EV_KIND");

/*
 * Each CPU's state, by CPU number: a global array, which the fault path
 * reaches with an add, where a map's lookup costs about ten instructions
 * more. Its size is fixed when the object is built (libbpf cannot resize
 * global data before 1.2): user space refuses to run on a machine with
 * more possible CPUs (loader.c).
 */
struct xip_cpu cpu_state[XIP_MAX_CPUS];
_Static_assert((XIP_MAX_CPUS & (XIP_MAX_CPUS - 1)) == 0, "a CPU's number is masked into cpu_state");

/*
 * Tracked inodes' paths (capture_path()): in paths when their names fit
 * XIP_PATH_SHORT bytes (most do), in paths_long when not. An inode is in
 * both only for the instant a capture takes to take the stale one out.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);	/* --max-files */
	__type(key, struct xip_inode_key);
	__type(value, struct xip_path_short);
} paths SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);	/* --max-files */
	__type(key, struct xip_inode_key);
	__type(value, struct xip_path);
} paths_long SEC(".maps");

/*
 * The inodes that have rows: an inode's end (inode_gone) is looked up
 * here, so that only tracked files' ends reach user space.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);	/* --max-files: preallocated, it has room for every row's */
	__type(key, struct xip_inode_key);
	__type(value, __u8);
} inodes SEC(".maps");

/*
 * Ends of tracked files and processes, and renames (struct xip_gone):
 * user space reports the rows' last counts, then removes them.
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} gone SEC(".maps");

/* A process's name, seen when its first row was made (--per-process). */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);	/* --max-files */
	__type(key, struct xip_proc_key);
	__type(value, char[XIP_COMM_LEN]);
} comms SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XIP_NR_COUNTERS);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/*
 * A path is too large for the BPF stack: it is built here. Entry 0 is for
 * the event programs, which run with preemption off; entry 1 for the
 * fentry and fexit programs (the rename's, and the derived probes' first
 * sight of a file), which can be preempted (by an event program on their
 * CPU, which therefore must not share their buffer, or by one another:
 * they take it with busy, atomically).
 */
struct xip_scratch {
	struct xip_path p;
	__u32 busy;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct xip_scratch);
} path_scratch SEC(".maps");

/*
 * When the task's I/O and page-cache fault under way started: rarer than
 * DAX faults, and long enough to sleep and move, they pair in the task's
 * storage.
 */
struct xip_task {
	__u64 io_start;
	__u64 pc_start;
	__u64 pc_vmf;		/* filemap_fault()'s argument, for its return */
	__u64 io_iocb;		/* dax_iomap_rw()'s arguments, for its kretprobe */
	__u64 io_iter;
};

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct xip_task);
} tasks SEC(".maps");


/*
 * Atomic, though the counters are per CPU: a preemptible (fentry, fexit)
 * program may be preempted between a load and a store by another that
 * counts on its CPU. What is counted is rare.
 */
static __always_inline void bump(enum xip_counter c)
{
	__u32 k = c;
	__u64 *v = bpf_map_lookup_elem(&counters, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline struct xip_task *task(bool create)
{
	return bpf_task_storage_get(&tasks, bpf_get_current_task_btf(), 0,
				    create ? BPF_LOCAL_STORAGE_GET_F_CREATE : 0);
}

/* The start time of the current process (its thread group leader), in ns. */
static __always_inline __u64 process_start(void)
{
	struct task_struct *t = bpf_get_current_task_btf();

	return BPF_CORE_READ(t, group_leader, start_time);
}

/* Track the inode (its end is told); false if it could not be (counted). */
static __always_inline bool track_inode(__u32 dev, __u64 ino, __u32 gen)
{
	struct xip_inode_key ik = { .ino = ino, .dev = dev, .gen = gen };
	static const __u8 one = 1;
	long err = bpf_map_update_elem(&inodes, &ik, &one, BPF_NOEXIST);

	if (err && err != -EEXIST) {
		bump(XIP_CTR_INODES_FULL);
		return false;
	}
	return true;
}

/* Tell user space a tracked file or a process ended, or a file was renamed. */
static __always_inline void tell_gone(__u32 what, __u32 dev, __u64 ino, __u32 gen, __u32 tgid,
				      __u64 start)
{
	struct xip_gone *g = bpf_ringbuf_reserve(&gone, sizeof(*g), 0);

	if (!g) {
		bump(XIP_CTR_GONE_LOST);
		return;
	}
	g->what = what;
	g->dev = dev;
	g->ino = ino;
	g->gen = gen;
	g->tgid = tgid;
	g->start = start;
	bpf_ringbuf_submit(g, 0);
}

/* Is the current task one -p and -c want? (rodata decides which checks run) */
static __always_inline bool task_wanted(void)
{
	if (!task_filter)
		return true;
	if (targ_tgid && bpf_get_current_pid_tgid() >> 32 != targ_tgid)
		return false;
	return !targ_cgroup || bpf_current_task_under_cgroup(&cgroup_filter, 0) == 1;
}

/* A start's task storage, made if need be; NULL if the task is not wanted or has none (counted). */
static __always_inline struct xip_task *starting_task(void)
{
	struct xip_task *t;

	if (!task_wanted())
		return NULL;
	t = task(true);
	if (!t)
		bump(XIP_CTR_NO_TASK);
	return t;
}

#endif
