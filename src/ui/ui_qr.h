/* ui_qr: "read on your phone": the address of a page as a QR code to scan, drawn in
 * half-block characters (two modules a cell, one above the other) in black on white with
 * its quiet zone, whatever the theme (reverse video where there are no colours); on a
 * terminal without block characters (not UTF-8: a vt100, plain ASCII), the address in
 * large letters instead. The code comes from libqrencode. */
#ifndef VITRINA_UI_QR_H
#define VITRINA_UI_QR_H

#include "ui.h"

#define UI_QR_QUIET 4           /* modules of light border around the code */

/* Fill the screen but its bottom row (the caller's key bar) with url (printable ASCII)
 * to take away: the QR code at the left, and beside it (or under it) title and text
 * (both already translated) and the address as plain text. The largest error correction
 * that fits the screen is used. Returns 1 with the code drawn, 0 with the address in
 * large letters (a terminal without block characters), or -1 if the code did not fit
 * or could not be made (the address is then shown plainly, with a note that says so). */
int ui_qr_draw(struct ui *ui, const char *title, const char *text, const char *url);

#endif
