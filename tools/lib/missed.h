/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs of xiptop's programs that the kernel skipped: the events behind
 * them are neither counted nor timed, so their number is shown
 * (XIP_CTR_MISSED) instead of lost silently.
 */
#ifndef XL_MISSED_H
#define XL_MISSED_H

#include <stdint.h>

struct xl_bpf;

/*
 * Since the programs were loaded: each program's recursion_misses (a run
 * was due on a CPU where it, or for a kprobe any BPF program, was under
 * way), but inode_gone's fentry's (XIP_CTR_GONE_MISSED has those), and
 * each kprobe's and kretprobe's misses (kernels from 6.7 tell them).
 */
uint64_t xl_programs_missed(const struct xl_bpf *b);

#endif
