/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xiptop's kernel side from user space: probe what the running kernel
 * offers, load and attach the cheapest hooks, read the maps.
 */
#ifndef XT_KERNEL_H
#define XT_KERNEL_H

#include "cli.h"
#include "output.h"

struct xt_kernel;

/*
 * Probe, load and attach as env asks, filtering on kdev (0: every file
 * system). NULL with a one-line message in err (what to do) on failure.
 */
struct xt_kernel *xt_kernel_open(const struct xt_env *env, unsigned int kdev, char *err,
				 size_t errlen);
/* Detach everything and free. */
void xt_kernel_close(struct xt_kernel *k);

const char *xt_kernel_hook(const struct xt_kernel *k);
/* Rows the maps were made for: --max-files, or the default for the CPU count. */
int xt_kernel_max_files(const struct xt_kernel *k);
void xt_kernel_have(const struct xt_kernel *k, struct xt_have *have);

/* The maps as they are now, summed over CPUs and sorted. 0 or -errno. */
int xt_kernel_read(struct xt_kernel *k, struct xt_snapshot *s);
/* The names the kernel side captured; 0 or -ENOENT. */
int xt_kernel_path(struct xt_kernel *k, unsigned int dev, uint64_t ino, struct xip_path *p);
int xt_kernel_comm(struct xt_kernel *k, uint32_t tgid, char comm[XIP_COMM_LEN]);

#endif
