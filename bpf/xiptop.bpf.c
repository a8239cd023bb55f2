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

static __always_inline void count(struct inode *inode, enum xip_kind kind)
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
			return;
		}
		st = bpf_map_lookup_elem(&files, &key);
		if (!st)
			return;
	}
	if (kind < XIP_NR_KINDS)
		st->count[kind]++;
}

SEC("raw_tp/dax_pte_fault_done")
int BPF_PROG(pte_fault_done, struct inode *inode, struct vm_fault *vmf, int result)
{
	unsigned int flags = BPF_CORE_READ(vmf, flags);

	if (result & VM_FAULT_DONE_COW)
		count(inode, XIP_COW);
	else
		count(inode, flags & FAULT_FLAG_WRITE ? XIP_PTE_WRITE : XIP_PTE_READ);
	if (result & VM_FAULT_MAJOR)
		count(inode, XIP_MAJOR);
	return 0;
}

SEC("raw_tp/dax_pmd_fault_done")
int BPF_PROG(pmd_fault_done, struct inode *inode, struct vm_fault *vmf,
	     unsigned long max_pgoff, int result)
{
	unsigned int flags = BPF_CORE_READ(vmf, flags);

	if (result & VM_FAULT_FALLBACK)
		count(inode, XIP_PMD_FALLBACK);
	else
		count(inode, flags & FAULT_FLAG_WRITE ? XIP_PMD_WRITE : XIP_PMD_READ);
	if (result & VM_FAULT_MAJOR)
		count(inode, XIP_MAJOR);
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
