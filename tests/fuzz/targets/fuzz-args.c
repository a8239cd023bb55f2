// SPDX-License-Identifier: GPL-2.0
/*
 * Both tools' command lines (tools/xiptop/cli.c, tools/xipbench/args.c
 * through tools/lib/stdopts.c): the input split at NUL bytes into argv.
 * Whatever it holds, a parse says go, done, or bad with a one-line message.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = malloc(size + 1), *argv[34] = { "xiptop" }, err[256];
	struct xt_env env;
	int argc = 1;
	enum xl_args rc;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	copy[size] = 0;
	for (char *p = copy; p < copy + size && argc < 33; p += strlen(p) + 1)
		argv[argc++] = p;
	argv[argc] = NULL;
	/* help and usage go to standard output: not the fuzzer's business */
	if (!freopen("/dev/null", "w", stdout))
		abort();
	rc = xt_parse_args(argc, argv, &env, err, sizeof(err));
	if (rc == XL_ARGS_BAD && (!err[0] || strchr(err, '\n'))) {
		fprintf(stderr, "not one line: '%s'\n", err);
		abort();	/* one line, always */
	}
	free(copy);
	return 0;
}
