/* `vitrina outbox`: the requests still waiting for the hub, never their personal data. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "outbox.h"
#include "util.h"

static const char usage[] =
	"usage: vitrina [--config FILE] [--db FILE] outbox [--retry]\n"
	"\n"
	"Lists the requests made on this kiosk that the hub does not have yet, oldest\n"
	"first, one a line: id, kind, created_at, attempts, last_error (TAB-separated).\n"
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

int cmd_outbox(const struct options *o, int argc, char **argv)
{
	struct outbox_item *items;
	char *err = NULL;
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
		fprintf(stderr, "vitrina outbox: %d refused requests are back in the queue\n",
			n);
	}
	if (outbox_list(db, &items, &n, &err) < 0) {
		fprintf(stderr, "vitrina outbox: %s\n", err);
		free(err);
		sqlite3_close(db);
		return 1;
	}
	for (i = 0; i < n; i++) {
		printf("%s\t%s\t%s\t%d\t", items[i].id, items[i].kind, items[i].created_at,
		       items[i].attempts);
		if (strcmp(items[i].state, "rejected") == 0)
			fputs("rejected: ", stdout);
		put_field(items[i].last_error);
		putchar('\n');
	}
	outbox_items_free(items, n);
	sqlite3_close(db);
	if (fflush(stdout) != 0) {
		fputs("vitrina outbox: cannot write the list\n", stderr);
		return 1;
	}
	return 0;
}
