/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of xiptop-unit share: the keys, snapshots and views the
 * tests build, and each file's group of cmocka tests.
 */
#ifndef XIPTOP_UNIT_H
#define XIPTOP_UNIT_H

#include <stdint.h>
#include <linux/types.h>
#include "caps.h"
#include "snapshot.h"
#include "xiptop.h"

/* Every capability of a kernel with the series (no page cache, no -P/-G). */
extern const struct xl_caps all_caps;

struct xip_file_key key(unsigned int dev, unsigned long long ino);
/* Add a file with n events of one kind, or a histogram of n samples in one slot. */
void add_file(struct xl_snapshot *s, unsigned int dev, unsigned long long ino,
	      unsigned int kind, uint64_t n);
void add_hist(struct xl_snapshot *s, unsigned int dev, unsigned long long ino,
	      unsigned int lat, unsigned int slot, uint64_t n);

/* The groups: each returns its failures. */
int model_tests(void);		/* xiptop-unit-model.c: histograms, snapshots, rows, views */
int cli_tests(void);		/* xiptop-unit-cli.c: the command line, paths, names, units */
int life_tests(void);		/* xiptop-unit-life.c: rows' identity, expiry, eviction */
int doctor_tests(void);		/* xiptop-unit-doctor.c: diagnosis rules, doctor's look at the system */
int rowread_tests(void);	/* xiptop-unit-rowread.c: an interval's changes from the kernel side's arrays */

#endif
