// SPDX-License-Identifier: GPL-2.0
/* The terminal for the top screen (see screen.h). */
#include <stdlib.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include "screen.h"

static struct termios saved;
static volatile int active;

int xt_screen_start(void)
{
	struct termios raw;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved))
		return -1;
	raw = saved;
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw))
		return -1;
	active = 1;
	atexit(xt_screen_stop);
	return 0;
}

void xt_screen_stop(void)
{
	static const char show_cursor[] = "\033[?25h";

	if (!active)
		return;
	active = 0;
	tcsetattr(STDIN_FILENO, TCSANOW, &saved);
	if (write(STDOUT_FILENO, show_cursor, sizeof(show_cursor) - 1) < 0)
		return;
}

enum xt_key xt_screen_key(void)
{
	char buf[16];
	ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

	if (n <= 0)
		return XT_KEY_NONE;
	if (n >= 3 && buf[0] == '\033' && buf[1] == '[') {
		if (buf[2] == 'A')
			return XT_KEY_UP;
		if (buf[2] == 'B')
			return XT_KEY_DOWN;
		return XT_KEY_NONE;
	}
	switch (buf[0]) {
	case 'q': case 'Q': return XT_KEY_QUIT;
	case 's': case 'S': return XT_KEY_SORT;
	case 'k': return XT_KEY_UP;
	case 'j': return XT_KEY_DOWN;
	case '\n': case '\r': case 'h': return XT_KEY_ENTER;
	case '\033': case 0x7f: case '\b': case 'b': return XT_KEY_BACK;
	default: return XT_KEY_NONE;
	}
}

void xt_screen_size(int *cols, int *lines)
{
	struct winsize ws;

	*cols = 80;
	*lines = 24;
	if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col && ws.ws_row) {
		*cols = ws.ws_col;
		*lines = ws.ws_row;
	}
}
