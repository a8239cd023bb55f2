/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The terminal for the top screen: keys without echo or line buffering
 * while xiptop runs, restored however it ends.
 */
#ifndef XT_SCREEN_H
#define XT_SCREEN_H

enum xt_key { XT_KEY_NONE, XT_KEY_QUIT, XT_KEY_SORT, XT_KEY_UP, XT_KEY_DOWN, XT_KEY_ENTER,
	      XT_KEY_BACK };

/* Take the terminal on stdin (0: done; -1: stdin is no terminal). */
int xt_screen_start(void);
/* Give it back as it was (safe to call twice, and from a signal handler). */
void xt_screen_stop(void);
/* Read what is pending on stdin as one key. */
enum xt_key xt_screen_key(void);
/* The terminal's size; 80x24 when it cannot tell. */
void xt_screen_size(int *cols, int *lines);

#endif
