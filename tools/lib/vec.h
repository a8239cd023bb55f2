/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Vectors for the loops every changed row goes through (reading it,
 * adding it to the totals): GCC's and clang's vector types, in SSE2 on
 * any x86-64 (NEON on arm64). At -O2, gcc 12 leaves such loops scalar
 * (its cost model will not version them for aliasing, nor unroll them),
 * and at 10,000 rows an interval they were most of xiptop's time.
 */
#ifndef XL_VEC_H
#define XL_VEC_H

#include <string.h>
#include <linux/types.h>

typedef __u32 xl_u32x4 __attribute__((vector_size(16)));
typedef __u64 xl_u64x2 __attribute__((vector_size(16)));

/* Loads and stores of vectors from arrays aligned as their elements are */
#define XL_VLOAD(type, p)	({ type v_; memcpy(&v_, (p), sizeof(v_)); v_; })
#define XL_VSTORE(p, v)		do { __typeof__(v) v_ = (v); memcpy((p), &v_, sizeof(v_)); } while (0)

/* x[i] += y[i] for n (even) 64-bit members */
#define XL_VADD_U64(x, y, n)						\
	do {								\
		_Pragma("GCC unroll 24")				\
		for (size_t i_ = 0; i_ < (n); i_ += 2)			\
			XL_VSTORE((x) + i_, XL_VLOAD(xl_u64x2, (x) + i_) + \
				  XL_VLOAD(xl_u64x2, (y) + i_));	\
	} while (0)

#endif
