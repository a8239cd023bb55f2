// SPDX-License-Identifier: GPL-2.0
/* The Prometheus endpoint, on libmicrohttpd (see http.h). */
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <microhttpd.h>
#include "http.h"

/*
 * A scrape's deadline: a client that has not sent its request, or not
 * read its answer, this many seconds after its last byte is dropped. Other
 * clients are served meanwhile: none waits behind it.
 */
#define DEADLINE_S	10
#define MAX_CONNECTIONS	64	/* in all: a slowloris takes these, never the loop */
#define MAX_PER_IP	16
#define REQUEST_BYTES	16384	/* a request's line and headers; longer: 414 or 431 */

struct xt_http {
	struct MHD_Daemon *d;
	xt_metrics_fn fn;
	void *ctx;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned int status, const char *text)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(strlen(text), (void *)text,
								  MHD_RESPMEM_PERSISTENT);
	enum MHD_Result ret;

	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload,
			      size_t *upload_size, void **req)
{
	/* a request's state: its headers came (no body yet), or a body came too */
	static int headers, body_sent;
	struct xt_http *h = cls;
	struct MHD_Response *r;
	char *body = NULL;
	size_t len = 0;
	enum MHD_Result ret;
	FILE *f;
	int rc;

	(void)version;
	(void)upload;
	if (!*req) {
		*req = &headers;
		return MHD_YES;
	}
	/* MHD takes no answer while a body arrives: drop it, answer at its end */
	if (*upload_size) {
		*upload_size = 0;
		*req = &body_sent;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD))
		return reply(c, MHD_HTTP_METHOD_NOT_ALLOWED, "xiptop serves GET /metrics\n");
	if (*req == &body_sent)
		return reply(c, MHD_HTTP_BAD_REQUEST, "xiptop takes no request body\n");
	if (strcmp(url, "/metrics"))
		return reply(c, MHD_HTTP_NOT_FOUND, "xiptop serves GET /metrics\n");
	f = open_memstream(&body, &len);
	if (!f)
		return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "xiptop: out of memory\n");
	rc = h->fn(f, h->ctx);
	if (rc) {
		fclose(f);
		free(body);
		return reply(c, MHD_HTTP_SERVICE_UNAVAILABLE, rc == -ENOMEM ?
			     "xiptop: out of memory\n" : "xiptop: cannot read its BPF maps\n");
	}
	if (fclose(f)) {
		free(body);
		return reply(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "xiptop: out of memory\n");
	}
	r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (!r) {
		free(body);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE,
				"text/plain; version=0.0.4; charset=utf-8");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* Bind and listen on the first of host:port's addresses that takes it; the fd, or -1 (errno). */
static int bind_first(const char *host, const char *port, int family, int *gai)
{
	struct addrinfo hints = { .ai_family = family, .ai_socktype = SOCK_STREAM,
				  .ai_flags = AI_PASSIVE }, *res, *ai;
	int fd = -1, one = 1, zero = 0, rc = EADDRNOTAVAIL;

	*gai = getaddrinfo(host, port, &hints, &res);
	if (*gai)
		return -1;
	for (ai = res; ai; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
			    ai->ai_protocol);
		if (fd < 0) {
			rc = errno;
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (ai->ai_family == AF_INET6)	/* [::] takes IPv4 too */
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
		if (!bind(fd, ai->ai_addr, ai->ai_addrlen) && !listen(fd, 64))
			break;
		rc = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	errno = rc;
	return fd;
}

/*
 * Listen on "ADDR:PORT", "[V6]:PORT" or ":PORT" (every address: one IPv6
 * socket that takes IPv4 too, or an IPv4 one where the kernel has no IPv6,
 * as with ipv6.disable=1); the fd, or -1 with err saying why. xiptop binds
 * the socket itself, for that message, and hands it to MHD.
 */
static int listen_on(const char *addr, char *err, size_t errlen)
{
	const char *colon = strrchr(addr, ':');
	int fd, gai;
	char host[256];
	size_t hl;

	if (!colon || !colon[1]) {
		snprintf(err, errlen, "--prometheus %s: give ADDR:PORT or :PORT", addr);
		return -1;
	}
	hl = colon - addr;
	if (hl >= sizeof(host))
		hl = sizeof(host) - 1;
	memcpy(host, addr, hl);
	host[hl] = 0;
	if (host[0] == '[' && hl > 1 && host[hl - 1] == ']') {	/* [::1]:9435 */
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = 0;
	}
	if (host[0])
		fd = bind_first(host, colon + 1, AF_UNSPEC, &gai);
	else {
		fd = bind_first("::", colon + 1, AF_INET6, &gai);
		if (fd < 0 && !gai && errno == EAFNOSUPPORT)
			fd = bind_first("0.0.0.0", colon + 1, AF_INET, &gai);
	}
	if (gai)
		snprintf(err, errlen, "--prometheus %s: %s", addr, gai_strerror(gai));
	else if (fd < 0)
		snprintf(err, errlen, "--prometheus %s: cannot listen: %s", addr, strerror(errno));
	return fd;
}

struct xt_http *xt_http_start(const char *addr, xt_metrics_fn fn, void *ctx, char *err,
			      size_t errlen)
{
	struct xt_http *h = calloc(1, sizeof(*h));
	int fd;

	if (!h) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	fd = listen_on(addr, err, errlen);
	if (fd < 0) {
		free(h);
		return NULL;
	}
	h->fn = fn;
	h->ctx = ctx;
	h->d = MHD_start_daemon(MHD_USE_EPOLL, 0, NULL, NULL, handle, h,
				MHD_OPTION_LISTEN_SOCKET, fd,
				MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)DEADLINE_S,
				MHD_OPTION_CONNECTION_LIMIT, (unsigned int)MAX_CONNECTIONS,
				MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned int)MAX_PER_IP,
				MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)REQUEST_BYTES,
				MHD_OPTION_END);
	if (!h->d) {
		snprintf(err, errlen, "--prometheus %s: libmicrohttpd did not start", addr);
		close(fd);
		free(h);
		return NULL;
	}
	return h;
}

int xt_http_fd(const struct xt_http *h)
{
	const union MHD_DaemonInfo *i = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_EPOLL_FD);

	return i ? i->epoll_fd : -1;
}

int xt_http_timeout_ms(const struct xt_http *h)
{
	MHD_UNSIGNED_LONG_LONG ms;

	if (MHD_get_timeout(h->d, &ms) != MHD_YES)
		return -1;
	return ms > 60000 ? 60000 : (int)ms;
}

void xt_http_run(struct xt_http *h)
{
	MHD_run(h->d);
}

void xt_http_stop(struct xt_http *h)
{
	if (!h)
		return;
	MHD_stop_daemon(h->d);
	free(h);
}
