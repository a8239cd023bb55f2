/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One-line error messages, written into the caller's buffer: a library
 * function says what went wrong and what to do; the tool decides where the
 * line goes and how it exits.
 */
#ifndef XL_ERROR_H
#define XL_ERROR_H

#include <stddef.h>

/* Format a one-line message into err; returns -1 (for "return xl_errorf(...)"). */
int xl_errorf(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
