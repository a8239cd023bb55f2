// SPDX-License-Identifier: GPL-2.0
/* Each CPU's NUMA node (see numa.h). */
#include <dirent.h>
#include <stdio.h>
#include "numa.h"

void xl_cpu_nodes(int *node, int ncpus, const char *sysfs)
{
	char path[300];

	for (int c = 0; c < ncpus; c++) {
		struct dirent *d;
		DIR *dir;

		node[c] = 0;
		snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d", sysfs, c);
		dir = opendir(path);
		if (!dir)
			continue;
		while ((d = readdir(dir)))
			if (sscanf(d->d_name, "node%d", &node[c]) == 1)
				break;
		closedir(dir);
	}
}
