/* `vitrina outbox`: the requests still waiting for the hub, never their personal data. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "i18n.h"
#include "outbox.h"
#include "request.h"
#include "util.h"

static const char usage[] =
	"usage: vitrina [--config FILE] [--db FILE] outbox [--retry]\n"
	"\n"
	"Lists the requests made on this kiosk that the hub does not have yet, oldest\n"
	"first, one a line: id, kind, created_at, attempts, last_error, code\n"
	"(TAB-separated; code is the reference code the visitor was given). On a\n"
	"terminal a header line comes first; in a pipe or a file there is none.\n"
	"Requests the hub refused stay listed with \"rejected: \" and the reason.\n"
	"Names, contacts and messages are never shown.\n"
	"\n"
	"  --retry  put the refused requests back in the queue (once the cause, such as\n"
	"           a token made for another kiosk, is fixed); sync sends them next\n";

/* One field on one line: tabs and line breaks would split the columns. */
static void put_field(const char *s)
{
	for (; s != NULL && *s; s++)
		putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

/* The contract's five fields first (DESIGN §5), then the reference code. */
static void print_item(const struct outbox_item *it)
{
	char code[10];

	printf("%s\t%s\t%s\t%d\t", it->id, it->kind, it->created_at, it->attempts);
	if (strcmp(it->state, "rejected") == 0)
		fputs("rejected: ", stdout);
	put_field(it->last_error);
	request_ref_code(it->id, code);
	printf("\t%s\n", code);
}

int cmd_outbox(const struct options *o, int argc, char **argv)
{
	struct outbox_item *items;
	char *err = NULL, *msg;
	sqlite3 *db;
	int n, i;
	bool retry = false;

	if (cli_wants_help(argc, argv, usage))
		return 0;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			printf("vitrina %s\n", VERSION);
			return 0;
		}
	}
	if (argc > 1 && strcmp(argv[1], "--retry") == 0)
		retry = true;
	if (argc > (retry ? 2 : 1)) {
		fprintf(stderr, "vitrina outbox: unexpected argument %s (try --help)\n",
			argv[retry ? 2 : 1]);
		return 2;
	}
	db = kiosk_db_open(o, &err);
	if (db == NULL) {
		fprintf(stderr, "vitrina outbox: %s\n", err ? err : "cannot open the database");
		free(err);
		return 1;
	}
	if (retry) {
		n = outbox_retry_rejected(db, &err);
		if (n < 0) {
			fprintf(stderr, "vitrina outbox: %s\n", err);
			free(err);
			sqlite3_close(db);
			return 1;
		}
		msg = xasprintf(i18n_nget("%d refused request is back in the queue: it is "
					  "sent at the next sync.", "%d refused requests are "
					  "back in the queue: they are sent at the next sync.",
					  (unsigned long)n), n);
		fprintf(stderr, "vitrina outbox: %s\n", msg);
		free(msg);
	}
	if (outbox_list(db, &items, &n, &err) < 0) {
		fprintf(stderr, "vitrina outbox: %s\n", err);
		free(err);
		sqlite3_close(db);
		return 1;
	}
	if (isatty(STDOUT_FILENO))
		puts("id\tkind\tcreated_at\tattempts\tlast_error\tcode");
	for (i = 0; i < n; i++)
		print_item(&items[i]);
	outbox_items_free(items, n);
	sqlite3_close(db);
	if (fflush(stdout) != 0) {
		fputs("vitrina outbox: cannot write the list\n", stderr);
		return 1;
	}
	return 0;
}
