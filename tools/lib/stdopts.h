/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The options every tool takes, as bcc's libbpf-tools have them: -h/--help
 * (also --usage), -V/--version and -v/--verbose (libbpf's debug output),
 * and the parse that goes with them: one line and exit status 2 on a bad
 * command line, never argp's own messages and exit 64.
 */
#ifndef XL_STDOPTS_H
#define XL_STDOPTS_H

#include <argp.h>
#include <stdbool.h>
#include <stddef.h>

/* What xl_argp_parse() says the tool should do next. */
enum xl_args {
	XL_ARGS_GO = 0,		/* run */
	XL_ARGS_DONE = 1,	/* help or version printed: exit 0 */
	XL_ARGS_BAD = 2,	/* a bad command line, said in err: exit 2 */
};

/*
 * Parse argv with the tool's argp (whose parser gets input as its
 * state->input) and the standard options. Help goes to standard output;
 * the tool's parser reports a bad option by writing err and returning
 * EINVAL; an unknown option or a missing value is reported here.
 * *verbose is set by -v.
 */
enum xl_args xl_argp_parse(const struct argp *tool, int argc, char **argv, void *input,
			   bool *verbose, char *err, size_t errlen);

/* The version of this build (git describe), as --version prints it. */
extern const char xl_version[];

#endif
