/* The enrolment's outcome in words, and enrolment in a child process (vitrina-net
 * enrol-job), so that the kiosk's screen needs no network library. */
#define _GNU_SOURCE
#include "enrol.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "i18n.h"
#include "program.h"
#include "util.h"

char *enrol_message(const struct enrol_result *r)
{
	long min = (r->retry_after_s + 59) / 60;

	switch (r->outcome) {
	case ENROL_DONE:
		return xasprintf(_("This kiosk is now enrolled as %s."), r->kiosk_id);
	case ENROL_BAD_URL:
		return xasprintf(_("The hub address cannot be used: %s."), r->detail);
	case ENROL_BAD_CODE:
		return xstrdup(_("The code was not accepted: it is not a code. A code has 10 "
				 "letters and digits, like K7M2-QX9P-4T."));
	case ENROL_WRONG:
		return xstrdup(_("The code was not accepted: it is wrong. Check it and type it "
				 "again."));
	case ENROL_EXPIRED:
		return xstrdup(_("The code was not accepted: it has expired. Ask for a new "
				 "one."));
	case ENROL_USED:
		return xstrdup(_("The code was not accepted: it has already been used. Ask for "
				 "a new one."));
	case ENROL_OTHER_KIOSK:
		return xstrdup(_("The code was not accepted: it was made for another kiosk."));
	case ENROL_TOO_MANY:
		return xasprintf(i18n_nget("Too many wrong codes: try again in %ld minute.",
					   "Too many wrong codes: try again in %ld minutes.",
					   (unsigned long)min), min);
	case ENROL_NOT_WRITABLE:
		return xasprintf(_("Nothing was sent to the hub (the code was not used): %s"),
				 r->detail);
	case ENROL_NOT_SAVED:
		return xasprintf(_("The code was used, but the token could not be saved (%s). "
				   "Ask for a new code."), r->detail);
	case ENROL_FAILED:
	default:
		return xasprintf(_("The enrolment did not succeed: %s"), r->detail);
	}
}

/* ---- in a child process: vitrina-net enrol-job ---- */

/* The child: the request down its stdin, the result from its stdout, no terminal. */
static _Noreturn void child_main(int in, int out, const struct enrol_req *q)
{
	char *argv[8];
	int argc = 0, null = open("/dev/null", O_WRONLY), i;
	char *program = program_path(NET_PROGRAM);
	sigset_t none;

	dup2(in, 0);
	dup2(out, 1);
	dup2(null, 2);
	for (i = 1; i < NSIG; i++)
		signal(i, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	argv[argc++] = (char *)"vitrina";
	if (q->config_path != NULL && access(q->config_path, F_OK) == 0) {
		argv[argc++] = (char *)"--config";
		argv[argc++] = (char *)q->config_path;
	}
	argv[argc++] = (char *)"enrol-job";
	argv[argc] = NULL;
	if (program != NULL)
		execv(program, argv);
	_exit(127);
}

/* What the child reads: the config file to write, the hub's URL and the code, a line
 * each. */
static void send_request(int fd, const struct enrol_req *q)
{
	struct buf b = {0};
	size_t off = 0;
	ssize_t w;

	buf_addf(&b, "%s\n%s\n%s\n", q->config_path != NULL ? q->config_path : "",
		 q->hub_url != NULL ? q->hub_url : "", q->code != NULL ? q->code : "");
	while (off < b.len && ((w = write(fd, b.s + off, b.len - off)) > 0 ||
			       (w < 0 && errno == EINTR)))
		off += w > 0 ? (size_t)w : 0;
	wipe(b.s, b.len);
	buf_free(&b);
}

int enrol_job_start(struct enrol_job *j, const struct enrol_req *q, char **err)
{
	int in[2], out[2];
	pid_t pid;

	memset(j, 0, sizeof *j);
	j->fd = -1;
	if (pipe2(in, O_CLOEXEC) < 0)
		return set_error(err, "cannot start: %s", strerror(errno));
	if (pipe2(out, O_CLOEXEC) < 0) {
		close(in[0]);
		close(in[1]);
		return set_error(err, "cannot start: %s", strerror(errno));
	}
	pid = fork();
	if (pid == 0)
		child_main(in[0], out[1], q);
	close(in[0]);
	close(out[1]);
	if (pid < 0) {
		close(in[1]);
		close(out[0]);
		return set_error(err, "cannot start: %s", strerror(errno));
	}
	/* A few hundred bytes: the pipe takes them at once (the kiosk ignores SIGPIPE,
	 * should the child be gone already). */
	send_request(in[1], q);
	close(in[1]);
	fcntl(out[0], F_SETFL, fcntl(out[0], F_GETFL) | O_NONBLOCK);
	j->pid = pid;
	j->fd = out[0];
	j->running = true;
	return 0;
}

/* Read what the child has written so far, without waiting. */
static void job_read(struct enrol_job *j)
{
	ssize_t n;

	while (j->fd >= 0 && j->got < sizeof j->res) {
		n = read(j->fd, (char *)&j->res + j->got, sizeof j->res - j->got);
		if (n > 0)
			j->got += (size_t)n;
		else if (n < 0 && errno == EINTR)
			continue;
		else
			break;
	}
}

int enrol_job_poll(struct enrol_job *j)
{
	int status;
	pid_t w;

	if (j->pid <= 0)
		return -1;
	if (!j->running)
		return 0;
	job_read(j);
	w = waitpid(j->pid, &status, WNOHANG);
	/* -1 (but for EINTR): it is gone all the same, reaped by someone else */
	if (w == 0 || (w < 0 && errno == EINTR))
		return 1;
	j->running = false;
	job_read(j);            /* what it wrote just before it ended */
	if (j->got < sizeof j->res) {
		memset(&j->res, 0, sizeof j->res);
		j->res.outcome = ENROL_FAILED;
		snprintf(j->res.detail, sizeof j->res.detail, "%s",
			 "the enrolment stopped before it ended");
	}
	return 0;
}

void enrol_job_release(struct enrol_job *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	if (!j->running)
		j->pid = 0;
}
