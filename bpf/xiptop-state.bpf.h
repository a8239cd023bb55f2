/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What xiptop's programs keep (included by xiptop.bpf.c): the options user
 * space sets before loading, the maps, and the helpers that reach them.
 */
#ifndef XIPTOP_STATE_BPF_H
#define XIPTOP_STATE_BPF_H

/* Set by user space before loading. */
const volatile bool timing = true;	/* time faults and I/O */
const volatile bool per_process;	/* rows per file and process */
const volatile bool per_cgroup;		/* rows per file and cgroup */
const volatile bool want_paths = true;
const volatile bool want_gen = true;	/* the hook has the inode: rows tell generations apart */
const volatile __u32 targ_tgid;		/* only this process, if set */
const volatile __u32 targ_dev;		/* only this file system, if set */
const volatile bool targ_cgroup;	/* only tasks under cgroup_filter's cgroup (-c) */
const volatile bool derive_fallback;	/* no dax_pmd_fallback: derive reasons (stock kernels) */

/* -c CGROUP_PATH: the cgroup, by its directory's fd, at index 0 */
struct {
	__uint(type, BPF_MAP_TYPE_CGROUP_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cgroup_filter SEC(".maps");

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

/*
 * The inodes that have rows: an inode's end (inode_gone) is looked up
 * here, so that only tracked files' ends reach user space.
 */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 10240);	/* --max-files */
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
 * rename program, which can be preempted (by an event program on its CPU,
 * which therefore must not share its buffer) and guards it with busy.
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

/* When the task's fault, I/O and page-cache fault under way started. */
struct xip_task {
	__u64 fault_start;
	__u64 io_start;
	__u64 pc_start;
	__u64 pc_vmf;		/* filemap_fault()'s argument, for its return */
	__u64 io_iocb;		/* dax_iomap_rw()'s arguments, for its kretprobe */
	__u64 io_iter;
	__u32 hole;		/* the fault under way loaded a hole */
	__u32 cow;		/* the fault under way's COW source + 1 (0: none) */
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

/* The start time of the current process (its thread group leader), in ns. */
static __always_inline __u64 process_start(void)
{
	struct task_struct *t = bpf_get_current_task_btf();

	return BPF_CORE_READ(t, group_leader, start_time);
}

static __always_inline void track_inode(__u32 dev, __u64 ino, __u32 gen)
{
	struct xip_inode_key ik = { .ino = ino, .dev = dev, .gen = gen };
	static const __u8 one = 1;
	long err = bpf_map_update_elem(&inodes, &ik, &one, BPF_NOEXIST);

	if (err && err != -EEXIST)
		bump(XIP_CTR_INODES_FULL);
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
