/* ui_field: the form field editor used by the request forms. It works on struct
 * ui_field of ui.h (made with ui_field_init, freed with ui_field_free there) and adds
 * what a form with visitors' personal data needs: multi-row editing with line breaks,
 * moving up and down by row, pasted text bounded by the limits, characters that may
 * not be typed dropped, every freed byte zeroed, and drawing straight from the field's
 * one buffer without sanitised copies on the heap. */
#ifndef VITRINA_UI_FIELD_H
#define VITRINA_UI_FIELD_H

#include <stdbool.h>
#include <stdint.h>

#include "ui.h"

/* Insert UTF-8 text at the cursor (typed or pasted), keeping '\n' only when multiline.
 * Characters that may not be typed (controls, bidi and invisible format characters,
 * invalid UTF-8) are dropped; what does not fit the limits is left out, never cut in
 * the middle of a character. Returns the number of characters inserted. */
int ui_field_insert(struct ui_field *f, const char *s, bool multiline);
/* Characters, Backspace, Delete (by character), Left/Right, Home/End (of the row),
 * Ctrl-U, clicks inside the field; with multiline also Enter (a line break) and
 * Up/Down between rows. Returns 1 if the text changed, 2 if the key was used without
 * changing it, 0 if the key is not for the field (Up on the first row, Tab...). */
int ui_field_edit(struct ui_field *f, const struct ui_event *ev, bool multiline);
/* Draw on one row (h == 1, scrolled to keep the cursor in view) or wrapped at spaces
 * over h rows (scrolled by rows); focused places the terminal cursor. No click area is
 * registered: the caller does that with its own tag. */
void ui_field_render(struct ui *ui, struct ui_field *f, int y, int x, int h, int w,
		     bool focused);
/* Rows the text takes when wrapped at w columns as ui_field_render wraps it. */
int ui_field_rows(const struct ui_field *f, int w);
/* Draw rows [first, first + h) of the text wrapped at w, in style st, without a cursor
 * or a background (for showing a value, as on a review screen). f may point at any
 * valid UTF-8 text: only text and len are read. */
void ui_field_render_part(struct ui *ui, const struct ui_field *f, int y, int x, int first,
			  int h, int w, enum ui_style st);
/* Overwrite the whole buffer with zeros (in a way the compiler keeps) and empty it. */
void ui_field_scrub(struct ui_field *f);
/* Number of characters (code points) in the field. */
int ui_field_chars(const struct ui_field *f);
/* 1 if the field holds only spaces and line breaks. */
bool ui_field_blank(const struct ui_field *f);
/* 1 if code point cp may be typed into a field. */
bool ui_field_allowed(uint32_t cp);
/* Draw "n/max" (characters) right-aligned ending at column x + w; dim, or in the error
 * style when the limit is reached. */
void ui_field_draw_counter(struct ui *ui, const struct ui_field *f, int y, int x, int w);

#endif
