// SPDX-License-Identifier: GPL-2.0
/* The Prometheus endpoint (see http.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include "http.h"

int xt_http_listen(const char *addr, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *res, *ai;
	char host[256];
	const char *colon = strrchr(addr, ':'), *port;
	size_t hl;
	int fd = -1, one = 1, rc;

	if (!colon || !colon[1]) {
		snprintf(err, errlen, "--prometheus %s: give ADDR:PORT or :PORT", addr);
		return -1;
	}
	port = colon + 1;
	hl = colon - addr;
	if (hl >= sizeof(host))
		hl = sizeof(host) - 1;
	memcpy(host, addr, hl);
	host[hl] = 0;
	if (host[0] == '[' && hl > 1 && host[hl - 1] == ']') {	/* [::1]:9435 */
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = 0;
	}
	rc = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (rc) {
		snprintf(err, errlen, "--prometheus %s: %s", addr, gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (!bind(fd, ai->ai_addr, ai->ai_addrlen) && !listen(fd, 16))
			break;
		rc = errno;
		close(fd);
		fd = -1;
		errno = rc;
	}
	if (fd < 0)
		snprintf(err, errlen, "--prometheus %s: cannot listen: %s", addr, strerror(errno));
	freeaddrinfo(res);
	return fd;
}

/* MSG_NOSIGNAL: a scraper that hangs up mid-response must not end xiptop. */
static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);

		if (n <= 0)
			return;
		buf += n;
		len -= n;
	}
}

void xt_http_serve(int lfd, void (*write_metrics)(FILE *f, void *ctx), void *ctx)
{
	struct timeval tv = { .tv_sec = 2 };
	char req[4096], *body = NULL, head[256];
	size_t got = 0, blen = 0;
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	FILE *f;
	ssize_t n;

	if (fd < 0)
		return;
	/* a client that sends nothing cannot hold xiptop up for long */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (got < sizeof(req) - 1 && (n = read(fd, req + got, sizeof(req) - 1 - got)) > 0) {
		got += n;
		req[got] = 0;
		if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n"))
			break;
	}
	req[got] = 0;
	if (strncmp(req, "GET /metrics ", 13) && strncmp(req, "GET /metrics?", 13)) {
		static const char nf[] = "HTTP/1.0 404 Not Found\r\nContent-Type: text/plain\r\n"
					 "Connection: close\r\n\r\nxiptop serves GET /metrics\n";

		write_all(fd, nf, sizeof(nf) - 1);
		close(fd);
		return;
	}
	f = open_memstream(&body, &blen);
	if (f) {
		write_metrics(f, ctx);
		fclose(f);
	}
	n = snprintf(head, sizeof(head),
		     "HTTP/1.0 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"
		     "Content-Length: %zu\r\nConnection: close\r\n\r\n", blen);
	write_all(fd, head, n);
	write_all(fd, body ? body : "", blen);
	free(body);
	close(fd);
}
