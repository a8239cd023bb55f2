/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What xiptop's BPF programs and its user space share: the keys and values
 * of the maps in which the kernel side aggregates DAX events per file.
 */
#ifndef XIPTOP_H
#define XIPTOP_H

/* Kinds of events counted per file; also the latency classes' first part. */
enum xip_kind {
	XIP_PTE_READ,		/* 4 KiB read fault (dax_pte_fault_done) */
	XIP_PTE_WRITE,		/* 4 KiB write fault, not a COW */
	XIP_PMD_READ,		/* 2 MiB read fault that did not fall back */
	XIP_PMD_WRITE,		/* 2 MiB write fault that did not fall back */
	XIP_PMD_FALLBACK,	/* 2 MiB fault attempt that fell back to 4 KiB */
	XIP_HOLE,		/* zero-page load (4 KiB or 2 MiB), also a read */
	XIP_COW,		/* copy-on-write fault of a private mapping */
	XIP_MAJOR,		/* fault that allocated or converted blocks */
	XIP_PAGECACHE,		/* page-cache fault (filemap_fault), --page-cache */
	XIP_NR_KINDS,
};

/* Directions of read(2)/write(2) I/O (dax_iomap_rw_done) */
enum xip_dir { XIP_READ, XIP_WRITE, XIP_NR_DIRS };

/*
 * Latency classes: one per fault kind (a major fault's time is in both its
 * kind's and XIP_MAJOR's histogram, a hole load's in XIP_HOLE's and its
 * read's), then read(2) and write(2).
 */
#define XIP_LAT_IO(dir)		(XIP_NR_KINDS + (dir))
#define XIP_NR_LAT		(XIP_NR_KINDS + XIP_NR_DIRS)

/* Log2 histograms of nanoseconds: slot i holds [2^i, 2^(i+1)), slot 0 [0, 2). */
#define XIP_HIST_SLOTS		32

/*
 * dax_pmd_fallback's reasons, as the kernel series numbers them (0 to 12),
 * then XIP_FALLBACK_OTHER: on a kernel without the series, xiptop derives
 * misaligned, private_write, vma_range and beyond_eof from the stock
 * dax_pmd_fault_done event's fields and counts every other fallback here.
 */
#define XIP_FALLBACK_MISALIGNED		1
#define XIP_FALLBACK_PRIVATE_WRITE	2
#define XIP_FALLBACK_VMA_RANGE		3
#define XIP_FALLBACK_BEYOND_EOF		4
#define XIP_FALLBACK_PTE_ENTRY		5
#define XIP_FALLBACK_EXTENT		7
#define XIP_FALLBACK_EXTENT_NEW		8
#define XIP_FALLBACK_PFN_MISALIGNED	11
#define XIP_FALLBACK_OTHER		13
#define XIP_NR_FALLBACK_REASONS		14


/* dax_fault_cow's source: the iomap type, IOMAP_HOLE (0) to IOMAP_INLINE (4) */
#define XIP_NR_COW_SOURCES	5

/*
 * What a row is: a file, or a file and a process (--per-process), or a file
 * and a cgroup (--per-cgroup). Unused parts are zero.
 *
 * A file is its inode number and the inode's generation: file systems hand
 * a freed inode number to the next file they create (ext4 does so within
 * the same directory at once), with a new generation. A process is its id
 * and its start time, for the same reason.
 */
struct xip_file_key {
	__u64 ino;
	__u64 owner;		/* --per-cgroup: cgroup v2 id; --per-process: start time (ns) */
	__u32 dev;		/* the kernel's dev_t: major << 20 | minor */
	__u32 gen;		/* inode->i_generation (0 with --hook tp: no inode) */
	__u32 tgid;		/* --per-process */
	__u32 pad;
};

/*
 * A file's counts since xiptop started, in user space. The first members
 * are those each CPU counts (struct xip_row_cpu's), the rest those the
 * row holds once (struct xip_row's from major_pmd on), in the same order:
 * a read goes through them as one array (tools/lib/rowread.c).
 */
struct xip_file_stats {
	__u64 count[XIP_NR_KINDS];
	/* The rest comes from the kernel series' events or flags. */
	__u64 cow_source[XIP_NR_COW_SOURCES];
	__u64 major_pmd;	/* major faults that were 2 MiB ones */
	__u64 fallback[XIP_NR_FALLBACK_REASONS];
	__u64 zero_count;
	__u64 zero_bytes;
	__u64 zero_unwritten;	/* of zero_bytes: unwritten blocks converted (series: its reason) */
	__u64 io_count[XIP_NR_DIRS];
	__u64 io_bytes[XIP_NR_DIRS];
	__u64 failed[XIP_NR_DIRS];	/* faults that failed (SIGBUS, SIGSEGV, OOM), reads and writes: in no kind */
};

struct xip_hist_key {
	struct xip_file_key file;
	__u32 lat;		/* latency class: enum xip_kind or XIP_LAT_IO() */
	__u32 pad;
};

struct xip_hist {
	__u64 sum_ns;
	__u32 slot[XIP_HIST_SLOTS];
};

/*
 * How the kernel side keeps rows (bpf/xiptop-state.bpf.h): each row has an
 * index, found from its key through the rowidx hash (or, on the fault
 * path, a per-CPU cache of recent rows), and three arrays that user space
 * maps and reads in place:
 * - rows: per row, its key and what is rare (2 MiB major faults,
 *   fallbacks, zeroing, I/O: atomic adds) and which histogram block holds
 *   each latency class;
 * - rows_cpu: per row and CPU (index row * ncpus + cpu), what every fault
 *   counts: no two CPUs write the same cache line;
 * - hists: per histogram block, one latency class of one row, shared by
 *   the CPUs (atomic adds: record() says why).
 * Rows and blocks are taken from stacks user space fills, and given back
 * by user space (zeroed) once a row has been removed and no program can
 * still hold its index.
 */
/*
 * A row's part on one CPU: 64 bytes, one cache line, counted in 32 bits.
 * Every tracked file has one per possible CPU, the largest part of the
 * maps on a server with many CPUs (64-bit counts took 128 bytes). User
 * space sums the CPUs' parts modulo 2^32 and adds the difference from
 * its last read to 64-bit totals: exact while fewer than 2^32 events of
 * one kind of one file fall between two reads, which xiptop makes at
 * every interval and XIP_READ_EVERY seconds after the last at most (a
 * longer interval is read in parts; the exporter alone reads at the
 * first interval that long after its last read: docs/xiptop.md).
 */
struct xip_row_cpu {
	__u32 count[XIP_NR_KINDS];
	__u32 cow_source[XIP_NR_COW_SOURCES];
	__u32 window;		/* the window this part last changed in (row_stamps has the row's) */
	__u32 seen;		/* faults timed in that window (sampling: XIP_SAMPLE_ALL) */
};
_Static_assert(sizeof(struct xip_row_cpu) == 64, "a row's part on a CPU is one cache line");

/* The most seconds between two reads of the maps (struct xip_row_cpu) */
#define XIP_READ_EVERY		60

struct xip_row {
	struct xip_file_key key;
	__u32 live;		/* 1 once the key is set, the row in rowidx and its names captured */
	__u32 untracked;	/* its inode could not be tracked: never cached by address */
	/*
	 * The window its rare members (from major_pmd on) last changed in, or
	 * a latency class got its block (hist[]), set as row_stamps is
	 * (rare_row(), rare_done(), record()): a read skips them, and looks
	 * for no new class, when it is older than the rows it reads.
	 */
	__u32 rare_window;
	__u32 hist[XIP_NR_LAT];	/* latency class's histogram block + 1; 0: none yet */
	/* 2 MiB faults allocate and zero 2 MiB: an atomic add here is nothing beside that */
	__u64 major_pmd;
	__u64 fallback[XIP_NR_FALLBACK_REASONS];
	__u64 zero_count;
	__u64 zero_bytes;
	__u64 zero_unwritten;
	__u64 io_count[XIP_NR_DIRS];
	__u64 io_bytes[XIP_NR_DIRS];
	__u64 failed[XIP_NR_DIRS];	/* a fault failed: rare, and no kind's (its count only) */
};

/* Histogram blocks per row the hists array is made for (on average). */
#define XIP_HISTS_PER_ROW	2

/*
 * Latencies are sampled: on each CPU, every fault of a row's first
 * XIP_SAMPLE_ALL in each interval is timed, then one in XIP_SAMPLE_EVERY.
 */
#define XIP_SAMPLE_ALL		128
#define XIP_SAMPLE_EVERY	32

/* The most possible CPUs xiptop runs on (the kernel side's per-CPU state is a global array). */
#define XIP_MAX_CPUS		2048

/* Entries per CPU of the kernel side's row cache and of its fault start slots. */
#define XIP_CACHE_WAYS		16
#define XIP_PAIR_WAYS		4

/*
 * The fault path's state per CPU, a global array of the kernel side
 * (bpf/xiptop-state.bpf.h): here because the skeleton, which user space
 * includes, names its type.
 *
 * A fault's start waits in one of a few slots of its CPU, named by its
 * vm_fault's address (which identifies the fault until it ends: it lives
 * on the faulting task's stack), or by the task with --hook tp. The end
 * finds it on its own CPU, or, if the task slept and moved, on another.
 * The fault's hole event marks it there, for the end to time it as one.
 */
struct xip_pair {
	__u64 id;		/* the fault's vm_fault (or task); 0: free */
	__u64 start;		/* ns; 0: not timed (left out of the sample) */
	__u32 seq;		/* the CPU's count of starts when it started: the oldest goes first */
	__u32 marks;		/* EV_HOLE: bpf/xiptop-state.bpf.h */
};

/*
 * What each CPU keeps for the fault path, in one entry: the start slots;
 * the last row it counted into, named by the inode's address (tp: its
 * number and device), which a storm on one file finds without the cache;
 * and whether that row's latency sample is full in this window.
 *
 * Once it is, most of that row's faults are not timed: such a fault's
 * start only names it in quiet_id, and its end, finding it there (same
 * window, same epoch), counts it into last_part with no slot to take,
 * no row to look for and no stamp to test (the row was stamped in this
 * window when its sample filled).
 */
struct xip_cpu {
	struct xip_pair way[XIP_PAIR_WAYS];
	__u64 last_tag;		/* 0: none */
	__u64 quiet_id;		/* an untimed fault of the last row under way (vm_fault or task); 0: none */
	union {
		struct {
			__u32 last_epoch;
			/* the last row's starts are timed one in XIP_SAMPLE_EVERY in this window */
			__u32 quiet_window;
		};
		__u64 last_era;	/* both, as union xip_era has them: one compare for the two */
	};
	__u32 last_dev;
	__u32 last_row;
	__u32 last_part;	/* the last row's part on this CPU: its index in rows_cpu */
	__u32 seq;		/* starts on this CPU */
	__u32 quiet_n;
} __attribute__((aligned(64)));	/* 192 bytes: no cache line shared with the next CPU's */

/*
 * The kernel side's epoch and window (bpf/xiptop-state.bpf.h says what
 * each is), side by side in one word: the fault path tests that neither
 * moved since its CPU's last row was found, and its sample filled, with
 * one load and one compare.
 */
union xip_era {
	struct {
		__u32 epoch;
		__u32 window;
	};
	__u64 both;
};

/* Counters of what could not be recorded: shown, never silent. */
enum xip_counter {
	XIP_CTR_FILES_FULL,	/* events of a file that found no free row */
	XIP_CTR_HISTS_FULL,	/* latencies of a class that found no free histogram block */
	XIP_CTR_PATHS_FULL,	/* paths the paths map had no room (or memory) for, or no free buffer */
	XIP_CTR_UNPAIRED,	/* ends with no start: started before xiptop, or more starts waited on its CPU than it has slots */
	XIP_CTR_NO_TASK,	/* I/O starts with no task storage to record them */
	XIP_CTR_GONE_LOST,	/* ends of files or processes the gone ring had no room for */
	XIP_CTR_INODES_FULL,	/* tracked inodes the inodes map had no room for */
	XIP_CTR_GONE_MISSED,	/* inode ends inode_gone's fentry missed (user space: recursion_misses) */
	XIP_CTR_MISSED,		/* other runs of the programs the kernel skipped (user space: missed.c) */
	XIP_NR_COUNTERS,
};

/*
 * A file's path as the kernel side captures it once per inode: the names of
 * its dentry and its ancestors up to the file system's root, leaf first,
 * each ending in a NUL. User space reverses them and prefixes the mount.
 */
#define XIP_PATH_BUF		512
#define XIP_NAME_MAX		256
#define XIP_PATH_DEPTH		24

/* An inode: what the paths and inodes maps are keyed by. */
struct xip_inode_key {
	__u64 ino;
	__u32 dev;
	__u32 gen;
};

/*
 * What the gone ring buffer tells user space: a tracked file's inode was
 * destroyed (deleted, evicted, its file system unmounted), a process
 * ended (--per-process), or a tracked file was renamed (its path was
 * captured again). User space reports the rows' last counts, then removes
 * them from the maps.
 */
enum xip_gone_what { XIP_GONE_INODE, XIP_GONE_PROCESS, XIP_GONE_RENAMED };

struct xip_gone {
	__u32 what;		/* enum xip_gone_what */
	__u32 dev;
	__u64 ino;
	__u32 gen;
	__u32 tgid;
	__u64 start;		/* the process's start time (ns) */
};

struct xip_path {
	__u32 len;		/* bytes of buf used */
	__u32 depth;		/* names in buf */
	__u32 complete;		/* 1: reached the root; 0: cut short */
	__u32 pad;
	char buf[XIP_PATH_BUF + XIP_NAME_MAX];
};

/*
 * Most paths are short. One whose names fit XIP_PATH_SHORT bytes is kept
 * in the paths map, whose values are struct xip_path's first
 * sizeof(struct xip_path_short) bytes: with the hash table's own 72
 * bytes an element fits the kernel's 256-byte allocations, where a whole
 * struct xip_path takes 1,024. Longer paths go to the paths_long map.
 */
#define XIP_PATH_SHORT		160

struct xip_path_short {
	__u32 len;
	__u32 depth;
	__u32 complete;
	__u32 pad;
	char buf[XIP_PATH_SHORT];
};
_Static_assert(__builtin_offsetof(struct xip_path_short, len) == __builtin_offsetof(struct xip_path, len) &&
	       __builtin_offsetof(struct xip_path_short, depth) == __builtin_offsetof(struct xip_path, depth) &&
	       __builtin_offsetof(struct xip_path_short, complete) ==
	       __builtin_offsetof(struct xip_path, complete) &&
	       __builtin_offsetof(struct xip_path_short, buf) == __builtin_offsetof(struct xip_path, buf) &&
	       sizeof(struct xip_path_short) == __builtin_offsetof(struct xip_path, buf) + XIP_PATH_SHORT &&
	       XIP_PATH_SHORT <= XIP_PATH_BUF,
	       "a short path is the start of a whole one");

#define XIP_COMM_LEN		16

/* A process: the comms map's key (a pid used again is another process). */
struct xip_proc_key {
	__u32 tgid;
	__u32 pad;
	__u64 start;		/* the thread group leader's start time (ns) */
};

/*
 * A device number as the kernel keeps it in struct super_block's s_dev
 * (and as the fs_dax events and the maps carry it): MINORBITS is 20, not
 * the 8/12 split of user space's makedev().
 */
#define XIP_MINORBITS		20
#define XIP_KDEV(maj, min)	((__u32)(maj) << XIP_MINORBITS | (__u32)(min))
#define XIP_KDEV_MAJOR(d)	((unsigned int)((d) >> XIP_MINORBITS))
#define XIP_KDEV_MINOR(d)	((unsigned int)((d) & ((1U << XIP_MINORBITS) - 1)))

#endif
