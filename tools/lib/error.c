// SPDX-License-Identifier: GPL-2.0
/* One-line error messages (see error.h). */
#include <stdarg.h>
#include <stdio.h>
#include "error.h"

int xl_errorf(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}
