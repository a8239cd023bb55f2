// SPDX-License-Identifier: GPL-2.0
/*
 * xiptop's kernel side: count DAX faults per file, by kind, from the fs_dax
 * trace events, in per-CPU map entries that user space sums.
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

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 10240);	/* set by user space: --max-files */
	__type(key, struct xip_file_key);
	__type(value, struct xip_file_stats);
} files SEC(".maps");

/* Events whose file did not fit in the map, per CPU: shown, never lost. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dropped SEC(".maps");

static __always_inline struct xip_file_stats *file_stats(struct inode *inode)
{
	struct xip_file_key key = {
		.ino = BPF_CORE_READ(inode, i_ino),
		.dev = BPF_CORE_READ(inode, i_sb, s_dev),
	};
	static const struct xip_file_stats zero;
	struct xip_file_stats *st;
	__u32 z = 0;
	__u64 *d;

	st = bpf_map_lookup_elem(&files, &key);
	if (!st) {
		if (bpf_map_update_elem(&files, &key, &zero, BPF_NOEXIST) &&
		    bpf_map_update_elem(&files, &key, &zero, BPF_EXIST)) {
			d = bpf_map_lookup_elem(&dropped, &z);
			if (d)
				(*d)++;
			return NULL;
		}
		st = bpf_map_lookup_elem(&files, &key);
	}
	return st;
}

static __always_inline void count(struct inode *inode, enum xip_kind kind)
{
	struct xip_file_stats *st = file_stats(inode);

	if (st && kind < XIP_NR_KINDS)
		st->count[kind]++;
}

/*
 * A finished fault: "special" when the result has special_flag (COW for a
 * PTE fault, a fallback for a PMD one), else a read or a write fault.
 */
static __always_inline void count_fault(struct inode *inode, struct vm_fault *vmf,
					int result, int special_flag,
					enum xip_kind special, enum xip_kind read,
					enum xip_kind write)
{
	unsigned int flags = BPF_CORE_READ(vmf, flags);
	struct xip_file_stats *st = file_stats(inode);

	if (!st)
		return;
	if (result & special_flag)
		st->count[special]++;
	else
		st->count[flags & FAULT_FLAG_WRITE ? write : read]++;
	if (result & VM_FAULT_MAJOR)
		st->count[XIP_MAJOR]++;
}

SEC("raw_tp/dax_pte_fault_done")
int BPF_PROG(pte_fault_done, struct inode *inode, struct vm_fault *vmf, int result)
{
	count_fault(inode, vmf, result, VM_FAULT_DONE_COW, XIP_COW,
		    XIP_PTE_READ, XIP_PTE_WRITE);
	return 0;
}

SEC("raw_tp/dax_pmd_fault_done")
int BPF_PROG(pmd_fault_done, struct inode *inode, struct vm_fault *vmf,
	     unsigned long max_pgoff, int result)
{
	count_fault(inode, vmf, result, VM_FAULT_FALLBACK, XIP_PMD_FALLBACK,
		    XIP_PMD_READ, XIP_PMD_WRITE);
	return 0;
}

SEC("raw_tp/dax_load_hole")
int BPF_PROG(load_hole, struct inode *inode)
{
	count(inode, XIP_HOLE);
	return 0;
}

SEC("raw_tp/dax_pmd_load_hole")
int BPF_PROG(pmd_load_hole, struct inode *inode)
{
	count(inode, XIP_HOLE);
	return 0;
}

/*
 * The kernel series' events: user space turns their autoload off when the
 * running kernel does not have them, and reports what they count as
 * unavailable.
 */
SEC("raw_tp/dax_pmd_fallback")
int BPF_PROG(pmd_fallback, struct inode *inode, struct vm_fault *vmf,
	     unsigned long max_pgoff, __u64 length, int reason)
{
	struct xip_file_stats *st = file_stats(inode);

	if (st && reason >= 0 && reason < XIP_NR_FALLBACK_REASONS)
		st->fallback[reason]++;
	return 0;
}

SEC("raw_tp/dax_zero_blocks")
int BPF_PROG(zero_blocks, struct inode *inode, long long pos, __u64 length, int reason)
{
	struct xip_file_stats *st = file_stats(inode);

	if (st) {
		st->zero_count++;
		st->zero_bytes += length;
	}
	return 0;
}

SEC("raw_tp/dax_iomap_rw_done")
int BPF_PROG(iomap_rw_done, struct inode *inode, long long pos, __u64 count,
	     bool write, long ret)
{
	struct xip_file_stats *st = file_stats(inode);
	int dir = write ? XIP_WRITE : XIP_READ;

	if (st) {
		st->io_count[dir]++;
		if (ret > 0)
			st->io_bytes[dir] += ret;
	}
	return 0;
}
