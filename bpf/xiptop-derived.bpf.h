/* SPDX-License-Identifier: GPL-2.0 */
/*
 * On kernels without the xip series (included by xiptop.bpf.c): what can
 * be derived from the stock fs_dax events and from probes on exported
 * functions, counted into the same fields as the series' events.
 *
 * - PMD fallback reasons: dax_iomap_pmd_fault() checks, before anything
 *   else, the four conditions of dax_fault_check_fallback(); the stock
 *   dax_pmd_fault_done event carries every field they read (the vmf, its
 *   VMA, max_pgoff), so a fallback whose fields fail one of them fell back
 *   for that reason, in the kernel's order. Every other fallback (4 KiB
 *   entries present, the extent, errors) is XIP_FALLBACK_OTHER. Counting
 *   it takes one more row lookup per fallback, as the series' own
 *   dax_pmd_fallback event does.
 * - read(2)/write(2): dax_iomap_rw() (exported) by fentry/fexit, or by
 *   kprobe/kretprobe where tracing programs do not load.
 * - zeroing: dax_zero_range() (exported; dax_truncate_page() tail-calls
 *   it), the length asked for; and the blocks ext4 zeroes when it allocates
 *   or converts them for a DAX inode, told by the stock
 *   ext4_ext_map_blocks_exit and ext4_ind_map_blocks_exit events
 *   (ext4_issue_zeroout() cannot be probed for it: it is inlined there).
 * User space loads one kind of probe for each, and only where the series'
 * event is missing (loader.c).
 */
#ifndef XIPTOP_DERIVED_BPF_H
#define XIPTOP_DERIVED_BPF_H

#include "xiptop-bodies.bpf.h"

#define PG_PMD_COLOUR		((2UL << 20 >> 12) - 1)	/* 4 KiB pages in a 2 MiB one, - 1 */
#define PMD_MASK_2M		(~((2UL << 20) - 1))
#define VM_SHARED		0x08
#define EXT4_GET_BLOCKS_CREATE	0x0001	/* fs/ext4/ext4.h */
#define EXT4_GET_BLOCKS_PRE_IO	0x0008
#define EXT4_GET_BLOCKS_CONVERT	0x0010
#define EXT4_GET_BLOCKS_ZERO	0x0200	/* only DAX inodes ask for it */
#define EXT4_MAP_MAPPED		(1 << 4)	/* BIT(BH_Mapped) */
#define EXT4_MAP_NEW		(1 << 5)	/* BIT(BH_New) */

/* dax_fault_check_fallback()'s conditions, in its order (fs/dax.c, 6.12). */
static __always_inline int pmd_reason(__u64 address, __u64 pgoff, unsigned int flags, __u64 vm_start,
				      __u64 vm_end, __u64 vm_flags, __u64 max_pgoff)
{
	__u64 pmd_addr = address & PMD_MASK_2M;

	if ((pgoff & PG_PMD_COLOUR) != ((address >> 12) & PG_PMD_COLOUR))
		return XIP_FALLBACK_MISALIGNED;
	if ((flags & FAULT_FLAG_WRITE) && !(vm_flags & VM_SHARED))
		return XIP_FALLBACK_PRIVATE_WRITE;
	if (pmd_addr < vm_start || pmd_addr + (2UL << 20) > vm_end)
		return XIP_FALLBACK_VMA_RANGE;
	if (((pgoff & ~PG_PMD_COLOUR) | PG_PMD_COLOUR) >= max_pgoff)
		return XIP_FALLBACK_BEYOND_EOF;
	return XIP_FALLBACK_OTHER;
}

/* The same from the vm_fault of a tp_btf (direct loads) or raw_tp program. */
static __always_inline int pmd_reason_vmf(struct vm_fault *vmf, __u64 max_pgoff, bool direct)
{
	if (direct)
		return pmd_reason(vmf->address, vmf->pgoff, vmf->flags, vmf->vma->vm_start,
				  vmf->vma->vm_end, vmf->vma->vm_flags, max_pgoff);
	return pmd_reason(BPF_CORE_READ(vmf, address), BPF_CORE_READ(vmf, pgoff),
			  BPF_CORE_READ(vmf, flags), BPF_CORE_READ(vmf, vma, vm_start),
			  BPF_CORE_READ(vmf, vma, vm_end), BPF_CORE_READ(vmf, vma, vm_flags), max_pgoff);
}

/*
 * Before 6.0 an iov_iter's direction was bit 0 of `type`; since then it is
 * `data_source` (ITER_SOURCE: the data goes from it, a write).
 */
struct iov_iter___old {
	unsigned int type;
} __attribute__((preserve_access_index));

static __always_inline bool iter_is_write(struct iov_iter *iter)
{
	if (bpf_core_field_exists(iter->data_source))
		return BPF_CORE_READ(iter, data_source);
	return BPF_CORE_READ((struct iov_iter___old *)iter, type) & 1;
}

/* preemptible: from fexit (only migration is off), not from a kretprobe */
static __always_inline void rw_done(struct kiocb *iocb, struct iov_iter *iter, long ret, bool preemptible)
{
	struct inode *inode = BPF_CORE_READ(iocb, ki_filp, f_mapping, host);

	io_done(probe_ref(inode, preemptible), iter_is_write(iter), ret);
}

SEC("fentry/dax_iomap_rw")
int BPF_PROG(fentry_dax_iomap_rw)
{
	io_start();
	return 0;
}

SEC("fexit/dax_iomap_rw")
int BPF_PROG(fexit_dax_iomap_rw, struct kiocb *iocb, struct iov_iter *iter, const void *ops, long ret)
{
	rw_done(iocb, iter, ret, true);
	return 0;
}

/* kprobes: the arguments wait in the task's storage for the return. */
SEC("kprobe/dax_iomap_rw")
int BPF_KPROBE(kprobe_dax_iomap_rw, struct kiocb *iocb, struct iov_iter *iter)
{
	struct xip_task *t = starting_task();

	if (!t)
		return 0;
	t->io_start = bpf_ktime_get_ns();
	t->io_iocb = (__u64)iocb;
	t->io_iter = (__u64)iter;
	return 0;
}

SEC("kretprobe/dax_iomap_rw")
int BPF_KRETPROBE(kretprobe_dax_iomap_rw, long ret)
{
	struct xip_task *t;
	__u64 iocb, iter;

	if (!task_wanted())
		return 0;
	t = task(false);
	if (!t || !t->io_iocb) {
		bump(XIP_CTR_UNPAIRED);
		return 0;
	}
	iocb = t->io_iocb;
	iter = t->io_iter;
	t->io_iocb = 0;
	/* io_done() takes io_start from the task's storage, as for the series' events */
	rw_done((struct kiocb *)iocb, (struct iov_iter *)iter, ret, false);
	return 0;
}

static __always_inline void zero_range(struct inode *inode, __u64 len, bool preemptible)
{
	zeroed(probe_ref(inode, preemptible), len);
}

SEC("fentry/dax_zero_range")
int BPF_PROG(fentry_dax_zero_range, struct inode *inode, loff_t pos, loff_t len)
{
	zero_range(inode, len, true);
	return 0;
}

SEC("kprobe/dax_zero_range")
int BPF_KPROBE(kprobe_dax_zero_range, struct inode *inode, loff_t pos, loff_t len)
{
	zero_range(inode, len, false);
	return 0;
}

/*
 * ext4_map_create_blocks() zeroes the blocks a mapping returns when the
 * caller asked for zeroed blocks (DAX inodes only) and they are mapped and
 * new: exactly what the exit event of the mapping it made says.
 */
static __always_inline bool ext4_zeroed(unsigned int flags, unsigned int mflags, int ret)
{
	return ret > 0 && (flags & EXT4_GET_BLOCKS_ZERO) &&
	       (mflags & (EXT4_MAP_MAPPED | EXT4_MAP_NEW)) == (EXT4_MAP_MAPPED | EXT4_MAP_NEW);
}

/*
 * ext4 converts an unwritten extent it then zeroes: a DAX inode's creating
 * mapping (CREATE and ZERO), not an I/O split or its end (PRE_IO, CONVERT).
 */
static __always_inline bool ext4_converts_zeroed(unsigned int flags)
{
	return (flags & (EXT4_GET_BLOCKS_CREATE | EXT4_GET_BLOCKS_ZERO)) ==
	       (EXT4_GET_BLOCKS_CREATE | EXT4_GET_BLOCKS_ZERO) &&
	       !(flags & (EXT4_GET_BLOCKS_PRE_IO | EXT4_GET_BLOCKS_CONVERT));
}

#endif
