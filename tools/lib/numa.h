/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The NUMA node of each CPU, from sysfs (/sys/devices/system/cpu/cpuN/nodeM
 * links). libnuma's numa_node_of_cpu() reads the same links but prints its
 * own warnings to standard error where sysfs lacks them; this is the one
 * question xip asks of it.
 */
#ifndef XL_NUMA_H
#define XL_NUMA_H

/* node[c] for c < ncpus (0 where sysfs says nothing: a kernel without NUMA). */
void xl_cpu_nodes(int *node, int ncpus, const char *sysfs);

#endif
