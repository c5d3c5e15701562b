/* enrol_code: the one-time codes that enrol a kiosk (DESIGN §4 POST /v1/enrol, §5
 * `vitrina-hub enrol create`, `vitrina enrol`). A code is 10 characters from an
 * alphabet without look-alikes (no 0/O, 1/I/l), shown in groups ("K7M2-QX9P-4T") to
 * read aloud; it is typed in any letter case, with or without dashes and spaces.
 * Shared by the hub (which makes and checks codes) and the kiosk (which checks what
 * the librarian typed before sending it). No curses, no network. */
#ifndef VITRINA_ENROL_CODE_H
#define VITRINA_ENROL_CODE_H

#define ENROL_CODE_LEN 10               /* characters of a code, without dashes */
#define ENROL_CODE_SHOWN 12             /* characters of a code as shown, with dashes */
#define ENROL_CODE_ALPHABET "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

/* A new random code (ENROL_CODE_LEN characters of the alphabet) plus NUL. */
void enrol_code_make(char out[ENROL_CODE_LEN + 1]);
/* The code in what was typed: letters in upper case, dashes and white space dropped.
 * Returns 0 with out filled, or -1 if in is not a code (a character outside the
 * alphabet, too short or too long); out is then "". */
int enrol_code_normalise(const char *in, char out[ENROL_CODE_LEN + 1]);
/* The normalised code as shown and read aloud: "K7M2-QX9P-4T". */
void enrol_code_format(const char code[ENROL_CODE_LEN + 1], char out[ENROL_CODE_SHOWN + 1]);

#endif
