/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A minimal HTTP/1.0 endpoint for Prometheus: GET /metrics answers with
 * what the caller writes; anything else gets 404. Single-threaded: the
 * main loop polls the listening socket.
 */
#ifndef XT_HTTP_H
#define XT_HTTP_H

#include <stdio.h>

/* Listen on "ADDR:PORT", ":PORT" or "[V6ADDR]:PORT"; fd, or -1 with err set. */
int xt_http_listen(const char *addr, char *err, size_t errlen);
/* Accept one client and answer it; write_metrics fills the body. */
void xt_http_serve(int lfd, void (*write_metrics)(FILE *f, void *ctx), void *ctx);

#endif
