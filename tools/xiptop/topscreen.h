/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interactive top screen: which row is selected (kept on the same file
 * when rows move), the sort key, the histogram view of the selected file,
 * and drawing a view in place on the terminal (screen.h).
 */
#ifndef XT_TOPSCREEN_H
#define XT_TOPSCREEN_H

#include <stdbool.h>
#include <linux/types.h>
#include "rows.h"
#include "screen.h"
#include "view.h"

struct xt_top {
	bool clear;		/* redraw in place (a terminal, not -C) */
	bool keys;		/* read keys from the terminal */
	bool hist_view;		/* showing the selected row's histograms */
	int rows;		/* -r; 0: what the terminal fits */
	enum xt_sort sort;
	int selected;
	struct xip_file_key selected_key;
};

/* The rows the screen shows (-r, or what the terminal fits), and its columns. */
size_t xt_top_rows(const struct xt_top *t, int *cols);
/* Draw v (the last interval's view) onto standard output. */
void xt_top_draw(struct xt_top *t, const struct xt_view *v);
/* Act on a key and redraw v; true if the key asks to quit. */
bool xt_top_key(struct xt_top *t, struct xt_view *v, enum xt_key key);

#endif
