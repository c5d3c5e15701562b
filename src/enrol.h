/* enrol: a kiosk exchanges a one-time code from central staff (`vitrina-hub enrol
 * create`) for its token over POST /v1/enrol, then writes the token to token_file
 * (mode 0600) and hub_url and kiosk_id into its config file, keeping every other line.
 * Used by `vitrina enrol` and the admin screen's Enrol entry (in a child process,
 * vitrina-net enrol-job, so the screen never waits on the network and never maps the
 * network library: src/enrol_job.c). No curses.
 *
 * Before the code is sent, the token file and the config file are checked to be
 * writable (their temporary twins are made), so a code is not used up for nothing. */
#ifndef VITRINA_ENROL_H
#define VITRINA_ENROL_H

#include <stdbool.h>
#include <sys/types.h>

#include "config.h"

#define ENROL_TOKEN_FILE "/etc/vitrina/token"   /* token_file when the config has none */

enum enrol_outcome {
	ENROL_DONE,             /* enrolled: kiosk_id and token_file set */
	ENROL_BAD_URL,          /* the hub URL breaks the hub client's rule (detail) */
	ENROL_BAD_CODE,         /* what was typed is not a code */
	ENROL_WRONG,            /* the hub knows no such code */
	ENROL_EXPIRED,
	ENROL_USED,
	ENROL_OTHER_KIOSK,
	ENROL_TOO_MANY,         /* too many wrong codes: retry_after_s */
	ENROL_FAILED,           /* the network or another answer of the hub (detail) */
	ENROL_NOT_WRITABLE,     /* the files cannot be written; the code was not sent */
	ENROL_NOT_SAVED         /* the code was used but the files could not be written */
};

/* What to enrol with. Strings are borrowed. */
struct enrol_req {
	const struct config *cfg;       /* token_file, ca_file, pinned_pubkey, proxy */
	const char *config_path;        /* the config file to write (made if missing) */
	const char *hub_url;
	const char *code;               /* as typed: any case, dashes and spaces allowed */
};

/* What came of it: plain data (it crosses a pipe from the screen's child). */
struct enrol_result {
	enum enrol_outcome outcome;
	char kiosk_id[64];
	char token_file[512];
	long retry_after_s;
	char detail[400];               /* English words on what failed, or "" */
};

/* Enrol as q says. Returns 0 when enrolled, else -1; *out says what happened. */
int enrol_run(const struct enrol_req *q, struct enrol_result *out);
/* The outcome in plain words in the current UI language (translated now: call at
 * draw time). A new string the caller frees. */
char *enrol_message(const struct enrol_result *r);

/* enrol_run in a child process (vitrina-net enrol-job: the request down its stdin as
 * three lines, config path, hub URL and code; struct enrol_result from its stdout)
 * whose result is read without blocking. The caller ignores SIGPIPE. */
struct enrol_job {
	pid_t pid;                      /* 0: none started */
	int fd;                         /* read end of the result pipe; -1 when closed */
	bool running;
	struct enrol_result res;        /* once it ended */
	size_t got;                     /* bytes of res read so far */
};

/* Start one (j zero-initialised or released). -1 with *err set if it cannot start. */
int enrol_job_start(struct enrol_job *j, const struct enrol_req *q, char **err);
/* Read the result and reap the child if it ended, without waiting. 1 while it runs,
 * 0 once it ended (j->res filled: a child that died says so there), -1 if none. */
int enrol_job_poll(struct enrol_job *j);
/* Forget a finished job (close the pipe). A running one is left to finish its files. */
void enrol_job_release(struct enrol_job *j);

#endif
