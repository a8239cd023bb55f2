/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names are hostile: any user can create a file whose name holds terminal
 * control sequences, line breaks or bytes that are not UTF-8, and set a
 * process name the same way. Every output writes names through these (or
 * through xl_json_str()), so that a terminal never gets them raw and every
 * text format stays valid. docs/xiptop.md says what each output makes of
 * such bytes.
 */
#ifndef XL_ESCAPE_H
#define XL_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/*
 * Bytes of the valid UTF-8 character s starts with (1 to 4), or 0 if it
 * starts none (RFC 3629: no overlong forms, no surrogates, at most U+10FFFF).
 */
int xl_utf8_char(const unsigned char *s);

/*
 * s made safe for a terminal, as `ls -b` writes names: backslash as \\,
 * \n \t \r, and every other C0 or C1 control, DEL, and byte that is not
 * UTF-8 as \ooo; valid printable UTF-8 as it is. Written into buf (len
 * bytes), cut at a character if it does not fit; returns buf.
 */
const char *xl_term_str(char *buf, size_t len, const char *s);

/*
 * s as a Prometheus label value (text format 0.0.4, quotes not included):
 * \\, \" and \n escaped; a byte that is not UTF-8 as the four characters
 * \xHH (its backslash escaped), so that the exposition stays valid UTF-8.
 */
void xl_prom_label_value(FILE *f, const char *s);

/*
 * A message made one safe line in place: messages quote what the user
 * typed or named (paths, addresses), which may hold a line break or a
 * terminal's control sequence.
 */
void xl_one_line(char *msg, size_t len);

#endif
