// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop's kernel side: count DAX events per file (or per file and process
 * or cgroup), by kind, and time faults and read/write I/O into log2
 * histograms, from the fs_dax trace events.
 *
 * Every event has one body and up to three entry points, one per kind of
 * hook: tp_btf, raw_tp and the classic tracepoint; the fault path's
 * busiest events (both starts, the PTE end, the COW event) run their
 * common case in the tp_btf and raw_tp entry points and the body in a
 * subprogram (QUICK_PROGS_AS()). User space probes which the kernel
 * offers and loads the cheapest (bpf_program__set_autoload()).
 * A fault's start and end pair in a per-CPU slot named by its vm_fault
 * (an untimed fault of a busy file: in the CPU's quiet_id, no slot);
 * an I/O's in task-local storage. --no-latency has its own builds of
 * the fault path's programs (FAULT_PROGS(), FAULT_QUICK_PROGS()). A
 * fault finds its file's row in a per-CPU cache of recent rows: no hash
 * on the fault path of a file seen lately.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "xiptop.h"

#define VM_FAULT_MAJOR		0x000004
/*
 * A fault that failed: VM_FAULT_OOM, _SIGBUS, _HWPOISON, _HWPOISON_LARGE
 * and _SIGSEGV (VM_FAULT_ERROR but VM_FAULT_FALLBACK, a kind of its own).
 */
#define VM_FAULT_FAILED		0x000073
#define VM_FAULT_FALLBACK	0x000800
#define VM_FAULT_DONE_COW	0x001000
#define FAULT_FLAG_WRITE	0x01
#define RENAME_EXCHANGE		(1 << 1)
#define EEXIST			17

char LICENSE[] SEC("license") = "GPL";

#include "xiptop-state.bpf.h"
#include "xiptop-paths.bpf.h"
#include "xiptop-bodies.bpf.h"
#include "xiptop-derived.bpf.h"

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
#define REF(ctx)	inode_ref(INODE(ctx), direct)

#define ARGS_PROGS_AS(name, event, body)				\
	SEC("tp_btf/" #event)						\
	int btf_##name(__u64 *ctx)					\
	{								\
		const bool direct = true;				\
		(void)direct;					\
		body;							\
		return 0;						\
	}								\
	SEC("raw_tp/" #event)						\
	int raw_##name(__u64 *ctx)					\
	{								\
		const bool direct = false;				\
		(void)direct;					\
		body;							\
		return 0;						\
	}
#define ARGS_PROGS(event, body)	ARGS_PROGS_AS(event, event, body)

/*
 * The fault path's events after its start, built twice: with latencies
 * (lat), and for --no-latency (the _counts programs), where lat is false
 * when the object is built and the pairing, the sampling and the options
 * that decide them leave no instruction behind. User space loads one of
 * the two (tools/lib/loader.c).
 */
#define FAULT_PROGS(event, body)					\
	ARGS_PROGS_AS(event, event, const bool lat = true; (void)lat; body) \
	ARGS_PROGS_AS(event##_counts, event, const bool lat = false; (void)lat; body)

/*
 * The fault events' bodies run on this CPU's state (pc), looked up first:
 * this_cpu_state() says why. They ask task_wanted() themselves.
 */
#define ON_CPU(body)							\
	do {								\
		__u32 cpu;						\
		struct xip_cpu *pc = this_cpu_state(&cpu);		\
									\
		body;							\
	} while (0)

/*
 * Entry points that try their event's quick path first (quick: true if it
 * did everything) and else call the whole body, in a subprogram of its
 * own (prefix##name##_body), which tests it all again: the quick path
 * changed nothing. Why the body is apart: the comment above
 * fault_start_quick() in xiptop-bodies.bpf.h. HOOK_QUICK_PROG() makes one
 * hook's entry point and its subprogram; decl: what both declare
 * (FAULT_PROGS()'s lat).
 */
#define HOOK_QUICK_PROG(prefix, sec, name, event, is_direct, decl, quick, body) \
	static __noinline int prefix##name##_body(__u64 *ctx)		\
	{								\
		const bool direct = is_direct;				\
		(void)direct;						\
		decl;							\
		body;							\
		return 0;						\
	}								\
	SEC(sec #event)							\
	int prefix##name(__u64 *ctx)					\
	{								\
		const bool direct = is_direct;				\
		(void)direct;						\
		decl;							\
		if (!(quick))						\
			prefix##name##_body(ctx);			\
		return 0;						\
	}
#define QUICK_PROGS_AS(name, event, decl, quick, body)			\
	HOOK_QUICK_PROG(btf_, "tp_btf/", name, event, true, decl, quick, body) \
	HOOK_QUICK_PROG(raw_, "raw_tp/", name, event, false, decl, quick, body)
/* as FAULT_PROGS() */
#define FAULT_QUICK_PROGS(event, quick, body)				\
	QUICK_PROGS_AS(event, event, const bool lat = true; (void)lat, quick, body) \
	QUICK_PROGS_AS(event##_counts, event, const bool lat = false; (void)lat, quick, body)

/* dax_pte_fault(inode, vmf, result), dax_pmd_fault(inode, vmf, max_pgoff, result) */
QUICK_PROGS_AS(dax_pte_fault, dax_pte_fault, , fault_start_quick(ctx),
	       ON_CPU(fault_start(pc, REF(ctx), ctx[1])))
QUICK_PROGS_AS(dax_pmd_fault, dax_pmd_fault, , fault_start_quick(ctx),
	       ON_CPU(fault_start(pc, REF(ctx), ctx[1])))
/* dax_pte_fault_done(inode, vmf, result) */
FAULT_QUICK_PROGS(dax_pte_fault_done, pte_end_quick(ctx, direct, lat),
		  ON_CPU(fault_end(pc, cpu, REF(ctx), ctx[1], VMF(ctx), 0, (int)ctx[2], false, lat)))
/* dax_pmd_fault_done(inode, vmf, max_pgoff, result); without the series, the fallback's reason */
FAULT_PROGS(dax_pmd_fault_done,
	    ON_CPU(fault_end(pc, cpu, REF(ctx), ctx[1], VMF(ctx), 0, (int)ctx[3], true, lat));
	    if (derive_fallback && ((int)ctx[3] & VM_FAULT_FALLBACK))
		    fallback(REF(ctx), pmd_reason_vmf(VMF(ctx), ctx[2], direct)))
/* dax_load_hole(inode, vmf, result), dax_pmd_load_hole(inode, vmf, folio, entry) */
/* a hole load whose mapping failed (out of memory) is the failed fault's: not a hole load */
FAULT_PROGS(dax_load_hole,
	    if (!((int)ctx[2] & VM_FAULT_FAILED))
		    ON_CPU(hole(pc, cpu, REF(ctx), ctx[1], lat)))
FAULT_PROGS(dax_pmd_load_hole, ON_CPU(hole(pc, cpu, REF(ctx), ctx[1], lat)))
/* The kernel series' events. dax_fault_cow(inode, vmf, source, result) */
FAULT_QUICK_PROGS(dax_fault_cow, cow_quick(ctx, direct, lat),
		  ON_CPU(cow(pc, cpu, REF(ctx), ctx[1], (__u16)ctx[2], (unsigned int)ctx[3], lat)))
/* dax_pmd_fallback(inode, vmf, length, reason) */
ARGS_PROGS(dax_pmd_fallback, fallback(REF(ctx), (int)ctx[3]))
/* dax_zero_blocks(inode, pos, length, reason): new, partial or whole blocks */
ARGS_PROGS(dax_zero_blocks, zeroed(REF(ctx), ctx[2]))
/* dax_iomap_rw(inode, pos, count, write), dax_iomap_rw_done(..., write, ret) */
ARGS_PROGS(dax_iomap_rw, io_start())
ARGS_PROGS(dax_iomap_rw_done,
	   io_done(REF(ctx), (bool)ctx[3], (long)ctx[4]))

/*
 * ext4's mappings (stock events), for the blocks ext4 zeroes for DAX
 * inodes on kernels without the series: ext4_{ext,ind}_map_blocks_exit(inode,
 * flags, map, ret). Every ext4 mapping passes here: the flags are tested
 * before anything else is read.
 */
#define MAP_EXIT_BODY							\
	do {								\
		struct inode *inode = INODE(ctx);			\
		struct ext4_map_blocks *map = (void *)ctx[2];		\
		unsigned int mflags = direct ? map->m_flags : BPF_CORE_READ(map, m_flags); \
									\
		if (!ext4_zeroed((unsigned int)ctx[1], mflags, (int)ctx[3])) \
			break;						\
		zeroed(REF(ctx),					\
		       (__u64)(direct ? map->m_len : BPF_CORE_READ(map, m_len)) << \
		       (direct ? inode->i_blkbits : BPF_CORE_READ(inode, i_blkbits))); \
	} while (0)
ARGS_PROGS(ext4_ext_map_blocks_exit, MAP_EXIT_BODY)
ARGS_PROGS(ext4_ind_map_blocks_exit, MAP_EXIT_BODY)

/*
 * Which of the new blocks were unwritten: ext4 says it when it converts
 * them (a stock event, on every kernel). ext4_ext_handle_unwritten_extents(
 * inode, map, flags, allocated, newblock): a DAX write converts the map's
 * blocks, at most what the extent has left from there (allocated).
 */
#define UNWRITTEN_BODY							\
	do {								\
		struct inode *inode = INODE(ctx);			\
		struct ext4_map_blocks *map = (void *)ctx[1];		\
		unsigned int len;					\
									\
		if (!ext4_converts_zeroed((unsigned int)ctx[2]))	\
			break;						\
		len = direct ? map->m_len : BPF_CORE_READ(map, m_len);	\
		if (len > (unsigned int)ctx[3])				\
			len = (unsigned int)ctx[3];			\
		converted(REF(ctx), (__u64)len <<				\
			  (direct ? inode->i_blkbits : BPF_CORE_READ(inode, i_blkbits))); \
	} while (0)
ARGS_PROGS(ext4_ext_handle_unwritten_extents, UNWRITTEN_BODY)

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
	unsigned int result;
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
	unsigned int reason;
} __attribute__((preserve_access_index));

/* both I/O events are of one class */
struct trace_event_raw_dax_iomap_rw_class___xip {
	unsigned long ino;
	ssize_t ret;
	dev_t dev;
	u8 write;	/* bool in the kernel: read as a byte, tested against 0 */
} __attribute__((preserve_access_index));

/* The records have no vm_fault: a fault is its task's (one at a time) */
#define TASK_ID		bpf_get_current_task()
#define TP_REF		record_ref(ctx->dev, ctx->ino)

#define TP_PROG_AS(name, event, type, body)				\
	SEC("tp/fs_dax/" #event)					\
	int tp_##name(struct type *ctx) { body; return 0; }
#define TP_PROG(event, type, body)	TP_PROG_AS(event, event, type, body)
/* as FAULT_PROGS() */
#define FAULT_TP_PROGS(event, type, body)				\
	TP_PROG_AS(event, event, type, const bool lat = true; (void)lat; body) \
	TP_PROG_AS(event##_counts, event, type, const bool lat = false; (void)lat; body)

TP_PROG(dax_pte_fault, trace_event_raw_dax_pte_fault_class, ON_CPU(fault_start(pc, TP_REF, TASK_ID)))
TP_PROG(dax_pmd_fault, trace_event_raw_dax_pmd_fault_class, ON_CPU(fault_start(pc, TP_REF, TASK_ID)))
FAULT_TP_PROGS(dax_pte_fault_done, trace_event_raw_dax_pte_fault_class,
	       if (!END_IDLE(lat, ctx->result))
		       ON_CPU(fault_end(pc, cpu, TP_REF, TASK_ID, NULL, ctx->flags, ctx->result, false, lat)))
FAULT_TP_PROGS(dax_pmd_fault_done, trace_event_raw_dax_pmd_fault_class,
	       ON_CPU(fault_end(pc, cpu, TP_REF, TASK_ID, NULL, ctx->flags, ctx->result, true, lat));
	if (derive_fallback && (ctx->result & VM_FAULT_FALLBACK))
		fallback(TP_REF,
			 pmd_reason(ctx->address, ctx->pgoff, ctx->flags, ctx->vm_start,
				    ctx->vm_end, ctx->vm_flags, ctx->max_pgoff)))
FAULT_TP_PROGS(dax_load_hole, trace_event_raw_dax_pte_fault_class,
	       if (!(ctx->result & VM_FAULT_FAILED))
		       ON_CPU(hole(pc, cpu, TP_REF, TASK_ID, lat)))
FAULT_TP_PROGS(dax_pmd_load_hole, trace_event_raw_dax_pmd_load_hole_class,
	       ON_CPU(hole(pc, cpu, TP_REF, TASK_ID, lat)))
FAULT_TP_PROGS(dax_fault_cow, trace_event_raw_dax_fault_cow___xip,
	       ON_CPU(cow(pc, cpu, TP_REF, TASK_ID, ctx->source, ctx->result, lat)))
TP_PROG(dax_pmd_fallback, trace_event_raw_dax_pmd_fallback___xip,
	fallback(TP_REF, ctx->reason))
TP_PROG(dax_zero_blocks, trace_event_raw_dax_zero_blocks___xip,
	zeroed(TP_REF, ctx->length))
TP_PROG(dax_iomap_rw, trace_event_raw_dax_iomap_rw_class___xip, io_start())
TP_PROG(dax_iomap_rw_done, trace_event_raw_dax_iomap_rw_class___xip,
	io_done(TP_REF, ctx->write != 0, ctx->ret))

/* ext4's records have no block size: DAX needs blocks of the page size */
#define MAP_EXIT_TP_BODY						\
	do {								\
		if (ext4_zeroed(ctx->flags, ctx->mflags, ctx->ret))	\
			zeroed(TP_REF, (__u64)ctx->len << 12); \
	} while (0)
SEC("tp/ext4/ext4_ext_map_blocks_exit")
int tp_ext4_ext_map_blocks_exit(struct trace_event_raw_ext4__map_blocks_exit *ctx)
{
	MAP_EXIT_TP_BODY;
	return 0;
}

SEC("tp/ext4/ext4_ind_map_blocks_exit")
int tp_ext4_ind_map_blocks_exit(struct trace_event_raw_ext4__map_blocks_exit *ctx)
{
	MAP_EXIT_TP_BODY;
	return 0;
}

SEC("tp/ext4/ext4_ext_handle_unwritten_extents")
int tp_ext4_ext_handle_unwritten_extents(struct trace_event_raw_ext4_ext_handle_unwritten_extents *ctx)
{
	__u32 len = ctx->len, allocated = ctx->allocated;

	/* both loaded before comparing: a select of the two fields' addresses is refused */
	barrier_var(len);
	barrier_var(allocated);
	if (ext4_converts_zeroed(ctx->flags))
		converted(TP_REF, (__u64)(len < allocated ? len : allocated) << 12);
	return 0;
}

/*
 * Page-cache faults (--page-cache), for comparison: filemap_fault() serves
 * the faults of page-cache files that fault-around did not map already.
 */
SEC("kprobe/filemap_fault")
int BPF_KPROBE(pc_fault, struct vm_fault *vmf)
{
	struct xip_task *t = starting_task();

	if (!t)
		return 0;
	t->pc_start = bpf_ktime_get_ns();
	t->pc_vmf = (__u64)vmf;
	return 0;
}

SEC("kretprobe/filemap_fault")
int BPF_KRETPROBE(pc_fault_done, unsigned int ret)
{
	__u32 cpu = bpf_get_smp_processor_id();
	struct xip_row_cpu *rc;
	struct vm_fault *vmf;
	struct inode *inode;
	struct xip_task *t;
	__u64 start, ns;
	long r;

	if (!task_wanted())
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
	if (!inode)
		return 0;
	r = find_row(&(struct xip_file_ref){ .inode = inode }, cpu, NULL, 0);
	rc = r < 0 ? NULL : row_cpu(r, cpu);
	if (!rc)
		return 0;
	stamp(r, rc, this_window());
	rc->count[XIP_PAGECACHE]++;
	if (ret & VM_FAULT_MAJOR)
		rc->count[XIP_MAJOR]++;
	if (timing) {
		ns = bpf_ktime_get_ns() - start;
		record(r, XIP_PAGECACHE, ns);
		if (ret & VM_FAULT_MAJOR)
			record(r, XIP_MAJOR, ns);
	}
	return 0;
}

/*
 * Lifecycle: a row whose file or process is gone is reported one last
 * time and removed by user space, which learns of it here. These are
 * optional: where a probe does not attach, rows of gone files age out as
 * the least recently active instead (xiptop says which).
 */

/*
 * Every inode's end passes __destroy_inode(); only tracked ones are told.
 * Its path stays until user space, having shown the row's last counts
 * under it, forgets the inode (xl_maps_forget_inode()).
 */
static __always_inline void inode_ended(struct inode *inode, bool direct)
{
	struct xip_inode_key ik;
	struct super_block *sb;

	if (!may_have_rows(inode, direct))
		return;
	sb = direct ? inode->i_sb : BPF_CORE_READ(inode, i_sb);
	ik = (struct xip_inode_key){
		.ino = direct ? inode->i_ino : BPF_CORE_READ(inode, i_ino),
		.dev = direct ? sb->s_dev : BPF_CORE_READ(sb, s_dev),
		.gen = !want_gen ? 0 : direct ? inode->i_generation : BPF_CORE_READ(inode, i_generation),
	};
	if (!bpf_map_lookup_elem(&inodes, &ik))
		return;	/* not a file xiptop has a row for */
	/* the CPUs' caches may name its row by its address: no longer */
	__sync_fetch_and_add(&era.epoch, 1);
	tell_gone(XIP_GONE_INODE, ik.dev, ik.ino, ik.gen, 0, 0);
}

/* where the kernel loads tracing programs: a trampoline, not a kprobe's dispatch */
SEC("fentry/__destroy_inode")
int BPF_PROG(inode_gone, struct inode *inode)
{
	inode_ended(inode, true);
	return 0;
}

SEC("kprobe/__destroy_inode")
int BPF_KPROBE(kprobe_inode_gone, struct inode *inode)
{
	inode_ended(inode, false);
	return 0;
}

/*
 * A process ends when its last thread does (--per-process). Its name stays
 * until user space has shown its rows' last counts (xl_maps_forget_process()).
 */
SEC("raw_tp/sched_process_exit")
int BPF_PROG(process_gone, struct task_struct *p)
{
	struct xip_proc_key pk;

	if (BPF_CORE_READ(p, signal, live.counter))
		return 0;	/* other threads live on */
	pk.tgid = BPF_CORE_READ(p, tgid);
	pk.pad = 0;
	pk.start = BPF_CORE_READ(p, group_leader, start_time);
	if (!bpf_map_lookup_elem(&comms, &pk))
		return 0;	/* no row of it: a busy host's exits stay out of the ring */
	tell_gone(XIP_GONE_PROCESS, 0, 0, 0, pk.tgid, pk.start);
	return 0;
}

/*
 * A tracked file renamed: its path is captured again from the dentry,
 * which now has its new name and parent (loaded only where the kernel can
 * load tracing programs, as for tp_btf).
 */
static __always_inline void renamed(struct inode *inode)
{
	struct xip_inode_key ik;

	if (!inode || !may_have_rows(inode, false))
		return;
	ik.ino = BPF_CORE_READ(inode, i_ino);
	ik.dev = BPF_CORE_READ(inode, i_sb, s_dev);
	ik.gen = want_gen ? BPF_CORE_READ(inode, i_generation) : 0;
	if (!bpf_map_lookup_elem(&inodes, &ik))
		return;
	capture_path(inode, ik.dev, ik.ino, ik.gen, true, true);
	tell_gone(XIP_GONE_RENAMED, ik.dev, ik.ino, ik.gen, 0, 0);
}

SEC("fexit/vfs_rename")
int BPF_PROG(file_renamed, struct renamedata *rd, int ret)
{
	if (ret)
		return 0;
	renamed(BPF_CORE_READ(rd, old_dentry, d_inode));
	/* RENAME_EXCHANGE: the file at the target moved too */
	if (BPF_CORE_READ(rd, flags) & RENAME_EXCHANGE)
		renamed(BPF_CORE_READ(rd, new_dentry, d_inode));
	return 0;
}
