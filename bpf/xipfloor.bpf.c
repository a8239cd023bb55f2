// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's floor: empty tp_btf programs on the fs_dax events xiptop
 * uses, so that `make bench` can tell the cost of entering a BPF program
 * on every fault from the cost of what xiptop does there.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define EMPTY(event)	SEC("tp_btf/" #event) int event(void *ctx) { return 0; }

EMPTY(dax_pte_fault)
EMPTY(dax_pmd_fault)
EMPTY(dax_pte_fault_done)
EMPTY(dax_pmd_fault_done)
EMPTY(dax_load_hole)
EMPTY(dax_pmd_load_hole)
EMPTY(dax_fault_cow)
EMPTY(dax_pmd_fallback)
EMPTY(dax_zero_blocks)
EMPTY(dax_iomap_rw)
EMPTY(dax_iomap_rw_done)
