/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Prometheus endpoint: GET /metrics answers with what the caller
 * writes; other paths 404, other methods 405. libmicrohttpd (Debian's
 * libmicrohttpd-dev) does the HTTP: concurrent clients, a deadline per
 * connection, limits on request size and on connections in all and per
 * address, no SIGPIPE. It runs in xiptop's own poll loop (external epoll
 * mode): one fd to poll, and a timeout for connections that went quiet.
 */
#ifndef XT_HTTP_H
#define XT_HTTP_H

#include <stdio.h>

struct xt_http;

/* Fills the body of a scrape: 0, or a negative errno to answer 503 (the scrape failed: Prometheus says so). */
typedef int (*xt_metrics_fn)(FILE *f, void *ctx);

/*
 * Listen on "ADDR:PORT", "[V6ADDR]:PORT" or ":PORT" (every address, IPv4
 * and IPv6); NULL with err set on failure.
 */
struct xt_http *xt_http_start(const char *addr, xt_metrics_fn fn, void *ctx, char *err,
			      size_t errlen);
/* The fd to poll for POLLIN before xt_http_run(). */
int xt_http_fd(const struct xt_http *h);
/* Milliseconds until xt_http_run() is due even without I/O (a deadline); -1: none. */
int xt_http_timeout_ms(const struct xt_http *h);
/* Serve what is ready: never blocks. */
void xt_http_run(struct xt_http *h);
void xt_http_stop(struct xt_http *h);

#endif
