/* `vitrina pin`: make the admin_pin_hash line for the config from a PIN typed twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "admin.h"
#include "cli.h"
#include "outbox.h"

static const char pin_usage[] =
	"usage: vitrina pin\n"
	"\n"
	"Asks for the librarian PIN twice (it is not shown) and prints the line to put\n"
	"in the kiosk config:  admin_pin_hash = $y$...\n"
	"The PIN takes 4 to 64 characters; digits are easiest on a kiosk keyboard.\n"
	"With stdin not a terminal, reads two lines from it.\n";

/* Read one line into out[n] without echo when stdin is a terminal. Returns the length,
 * -1 at end of input, -2 if the line is too long. */
static int read_pin(const char *prompt, char *out, size_t n)
{
	struct termios old, quiet;
	int tty = isatty(0), c, too_long = 0;
	size_t len = 0;

	if (tty) {
		fputs(prompt, stderr);
		fflush(stderr);
		if (tcgetattr(0, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= (tcflag_t)~ECHO;
			quiet.c_lflag |= ECHONL;
			tcsetattr(0, TCSAFLUSH, &quiet);
		} else {
			tty = 0;
		}
	}
	for (;;) {
		c = getchar();
		if (c == EOF || c == '\n')
			break;
		if (len + 1 < n)
			out[len++] = (char)c;
		else
			too_long = 1;
	}
	out[len] = '\0';
	if (len > 0 && out[len - 1] == '\r')
		out[--len] = '\0';
	if (tty)
		tcsetattr(0, TCSAFLUSH, &old);
	if (c == EOF && len == 0)
		return -1;
	return too_long ? -2 : (int)len;
}

/* Characters (not bytes) of a UTF-8 string. */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

int cmd_pin(const struct options *o, int argc, char **argv)
{
	char a[ADMIN_PIN_MAX + 2], b[ADMIN_PIN_MAX + 2], *hash, *err = NULL;
	int la, lb, rc = 1;
	size_t i;

	(void)o;
	if (cli_wants_help(argc, argv, pin_usage))
		return 0;
	if (argc > 1) {
		if (strcmp(argv[1], "--version") == 0) {
			printf("vitrina %s\n", VERSION);
			return 0;
		}
		fprintf(stderr, "vitrina pin: unknown argument %s (try --help)\n", argv[1]);
		return 2;
	}
	la = read_pin("New PIN: ", a, sizeof a);
	lb = la >= 0 ? read_pin("The same PIN again: ", b, sizeof b) : -1;
	if (la == -2 || lb == -2) {
		fprintf(stderr, "vitrina pin: the PIN is too long (at most %d bytes)\n",
			ADMIN_PIN_MAX);
	} else if (la < 0 || lb < 0) {
		fputs("vitrina pin: no PIN given\n", stderr);
	} else if (strcmp(a, b) != 0) {
		fputs("vitrina pin: the two PINs differ; nothing changed\n", stderr);
	} else if (chars(a) < ADMIN_PIN_MIN) {
		fprintf(stderr, "vitrina pin: the PIN is too short (at least %d characters)\n",
			ADMIN_PIN_MIN);
	} else {
		for (i = 0; a[i] != '\0' && (unsigned char)a[i] >= 32 && a[i] != 127; i++)
			;
		if (a[i] != '\0') {
			fputs("vitrina pin: the PIN may not hold control characters\n", stderr);
		} else {
			hash = admin_pin_hash(a, &err);
			if (hash == NULL) {
				fprintf(stderr, "vitrina pin: %s\n", err);
			} else {
				printf("admin_pin_hash = %s\n", hash);
				rc = 0;
			}
			free(hash);
			free(err);
		}
	}
	wipe(a, sizeof a);
	wipe(b, sizeof b);
	return rc;
}
