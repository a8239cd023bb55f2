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

/* dax_pmd_fallback's reasons, as the kernel series numbers them */
#define XIP_NR_FALLBACK_REASONS	10

/* dax_fault_cow's source: the iomap type, IOMAP_HOLE (0) to IOMAP_INLINE (4) */
#define XIP_NR_COW_SOURCES	5

/*
 * What a row is: a file, or a file and a process (--per-process), or a file
 * and a cgroup (--per-cgroup). Unused parts are zero.
 */
struct xip_file_key {
	__u64 ino;
	__u64 cgroup;		/* cgroup v2 id */
	__u32 dev;		/* the kernel's dev_t: major << 20 | minor */
	__u32 tgid;
};

struct xip_file_stats {
	__u64 count[XIP_NR_KINDS];
	/* The rest comes from the kernel series' events or flags. */
	__u64 major_pmd;	/* major faults that were 2 MiB ones */
	__u64 cow_source[XIP_NR_COW_SOURCES];
	__u64 fallback[XIP_NR_FALLBACK_REASONS];
	__u64 zero_count;
	__u64 zero_bytes;
	__u64 io_count[XIP_NR_DIRS];
	__u64 io_bytes[XIP_NR_DIRS];
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

/* Counters of what could not be recorded: shown, never silent. */
enum xip_counter {
	XIP_CTR_FILES_FULL,	/* events of a file the files map had no room (or memory) for */
	XIP_CTR_HISTS_FULL,	/* latencies the hists map had no room (or memory) for */
	XIP_CTR_PATHS_FULL,	/* paths the paths map had no room (or memory) for */
	XIP_CTR_UNPAIRED,	/* ends with no start: started before xiptop */
	XIP_CTR_NO_TASK,	/* starts with no task storage to record them */
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

struct xip_inode_key {
	__u64 ino;
	__u32 dev;
	__u32 pad;
};

struct xip_path {
	__u32 len;		/* bytes of buf used */
	__u32 depth;		/* names in buf */
	__u32 complete;		/* 1: reached the root; 0: cut short */
	__u32 pad;
	char buf[XIP_PATH_BUF + XIP_NAME_MAX];
};

#define XIP_COMM_LEN		16

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
