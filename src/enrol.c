/* Enrolment of a kiosk: one POST /v1/enrol through the hub client's policy, then the
 * token file and the config file, each replaced atomically. */
#include "enrol.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config_write.h"
#include "enrol_code.h"
#include "hubclient.h"
#include "i18n.h"
#include "request.h"

#define ANSWER_MAX (16 * 1024)          /* bytes of the hub's answer */
#define CONFIG_MAX (64 * 1024)          /* bytes of a config file (as config_load) */

static int outcome(struct enrol_result *r, enum enrol_outcome o, const char *detail)
{
	r->outcome = o;
	snprintf(r->detail, sizeof r->detail, "%s", detail != NULL ? detail : "");
	return o == ENROL_DONE ? 0 : -1;
}

/* The files to replace, made ready before the code is sent. */
struct files {
	struct config_file token, conf;
	char *text;                     /* the config as it is; NULL for a new one */
	size_t len;
};

/* A new token file made by root belongs to the kiosk's own user (`vitrina`, made by the
 * package), which runs the sync; an existing one keeps its owner. */
static void token_owner(struct config_file *f)
{
	struct passwd *pw;

	if (f->uid != (uid_t)-1 || geteuid() != 0)
		return;
	pw = getpwnam("vitrina");
	if (pw == NULL)
		return;
	f->uid = pw->pw_uid;
	f->gid = pw->pw_gid;
}

static int files_begin(struct files *f, const struct enrol_req *q, const char *token_file,
		       char **err)
{
	memset(f, 0, sizeof *f);
	f->token.fd = f->conf.fd = -1;
	/* a config file that is not there yet is made */
	if ((access(q->config_path, F_OK) == 0 || errno != ENOENT) &&
	    read_file(q->config_path, CONFIG_MAX, &f->text, &f->len, err) < 0)
		return -1;
	if (config_file_begin(&f->token, token_file, true, err) < 0)
		return -1;
	token_owner(&f->token);
	return config_file_begin(&f->conf, q->config_path, false, err);
}

static void files_end(struct files *f)
{
	config_file_abort(&f->token);
	config_file_abort(&f->conf);
	free(f->text);
	f->text = NULL;
}

/* Write the token, then the config keys. -1 with *err set. */
static int files_commit(struct files *f, const struct enrol_req *q, const char *kiosk_id,
			const char *token, char **err)
{
	const char *keys[3] = {"hub_url", "kiosk_id", "token_file"};
	const char *values[3] = {q->hub_url, kiosk_id, ENROL_TOKEN_FILE};
	char *line = xasprintf("%s\n", token), *text;
	int rc, n = q->cfg != NULL && q->cfg->token_file != NULL ? 2 : 3;

	rc = config_file_commit(&f->token, line, strlen(line), err);
	wipe_string(&line);
	if (rc < 0)
		return -1;
	text = config_set_keys(f->text, f->len, keys, values, n, err);
	if (text == NULL)
		return -1;
	rc = config_file_commit(&f->conf, text, strlen(text), err);
	free(text);
	return rc;
}

/* POST the code; the answer in *a (freed by the caller). -1 with *err set if libcurl
 * cannot start. */
static int post_code(const struct enrol_req *q, const char *code, struct hubclient_answer *a,
		     char **err)
{
	struct hubclient_opts o;
	struct curl_slist *headers = NULL;
	char *body;
	CURL *easy;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return set_error(err, "network: libcurl cannot start");
	easy = curl_easy_init();
	if (easy == NULL) {
		curl_global_cleanup();
		return set_error(err, "network: libcurl cannot start");
	}
	/* the code is 10 characters of the alphabet: nothing in it needs escaping */
	body = xasprintf("{\"code\":\"%s\"}", code);
	memset(&o, 0, sizeof o);
	o.url = q->hub_url;
	if (q->cfg != NULL) {
		o.ca_file = q->cfg->ca_file;
		o.pinned_pubkey = q->cfg->pinned_pubkey;
		o.proxy = q->cfg->proxy;
	}
	o.agent = "vitrina-enrol/" VERSION;
	o.connect_ms = env_long("VITRINA_ENROL_CONNECT_TIMEOUT_MS", 10000, 1, 600000);
	o.total_ms = env_long("VITRINA_ENROL_TIMEOUT_MS", 30000, 1, 600000);
	o.low_speed_s = 15;
	hubclient_setup(easy, &o, "/v1/enrol", NULL, "POST", body, strlen(body), &headers, a,
			ANSWER_MAX);
	a->rc = curl_easy_perform(easy);
	hubclient_done(a, a->rc);
	curl_slist_free_all(headers);
	curl_easy_cleanup(easy);
	curl_global_cleanup();
	wipe_string(&body);
	return 0;
}

/* What a refusal (403) says in its "reason". */
static enum enrol_outcome refusal(const struct hubclient_answer *a)
{
	json_t *j = json_loadb(a->body.s != NULL ? a->body.s : "", a->body.len, 0, NULL);
	const char *why = json_string_value(json_object_get(j, "reason"));
	enum enrol_outcome o = ENROL_FAILED;

	if (why != NULL && strcmp(why, "unknown") == 0)
		o = ENROL_WRONG;
	else if (why != NULL && strcmp(why, "expired") == 0)
		o = ENROL_EXPIRED;
	else if (why != NULL && strcmp(why, "used") == 0)
		o = ENROL_USED;
	else if (why != NULL && strcmp(why, "other_kiosk") == 0)
		o = ENROL_OTHER_KIOSK;
	else if (why != NULL && strcmp(why, "malformed") == 0)
		o = ENROL_BAD_CODE;
	json_decref(j);
	return o;
}

/* The kiosk id and the token of a 201 answer: 0, or -1 if they cannot be used. */
static int accepted(const struct hubclient_answer *a, char kiosk_id[64], char **token)
{
	json_t *j = json_loadb(a->body.s != NULL ? a->body.s : "", a->body.len, 0, NULL);
	const char *k = json_string_value(json_object_get(j, "kiosk_id"));
	const char *t = json_string_value(json_object_get(j, "token"));
	char *err = NULL;

	*token = NULL;
	if (k != NULL && request_check_field(RF_KIOSK, k) == NULL && t != NULL) {
		snprintf(kiosk_id, 64, "%s", k);
		*token = hubclient_token_parse(t, strlen(t), "the hub's answer", &err);
	}
	free(err);
	json_decref(j);
	return *token != NULL ? 0 : -1;
}

/* The exchange once the files are ready. */
static int exchange(const struct enrol_req *q, const char *code, struct files *f,
		    struct enrol_result *r)
{
	struct hubclient_answer a;
	char *err = NULL, *token = NULL, *problem;
	int rc;

	memset(&a, 0, sizeof a);
	if (post_code(q, code, &a, &err) < 0) {
		rc = outcome(r, ENROL_FAILED, err);
	} else if (a.rc == CURLE_OK && a.status == 201) {
		if (accepted(&a, r->kiosk_id, &token) < 0)
			rc = outcome(r, ENROL_NOT_SAVED, "the hub's answer holds no usable "
				     "kiosk id and token");
		else if (files_commit(f, q, r->kiosk_id, token, &err) < 0)
			rc = outcome(r, ENROL_NOT_SAVED, err);
		else
			rc = outcome(r, ENROL_DONE, NULL);
	} else if (a.rc == CURLE_OK && a.status == 403) {
		rc = outcome(r, refusal(&a), NULL);
		if (r->outcome == ENROL_FAILED) {
			problem = hubclient_problem(&a);
			rc = outcome(r, ENROL_FAILED, problem);
			free(problem);
		}
	} else if (a.rc == CURLE_OK && a.status == 429) {
		r->retry_after_s = a.retry_after_s > 0 ? a.retry_after_s : 600;
		rc = outcome(r, ENROL_TOO_MANY, NULL);
	} else {
		problem = hubclient_problem(&a);
		rc = outcome(r, ENROL_FAILED, problem != NULL ? problem : "no answer");
		free(problem);
	}
	if (token != NULL)
		wipe_string(&token);
	hubclient_answer_free(&a);
	free(err);
	return rc;
}

int enrol_run(const struct enrol_req *q, struct enrol_result *r)
{
	char code[ENROL_CODE_LEN + 1], *err = NULL;
	const char *token_file = q->cfg != NULL && q->cfg->token_file != NULL ?
		q->cfg->token_file : ENROL_TOKEN_FILE;
	struct files f;
	int rc;

	memset(r, 0, sizeof *r);
	snprintf(r->token_file, sizeof r->token_file, "%s", token_file);
	if (enrol_code_normalise(q->code, code) < 0)
		return outcome(r, ENROL_BAD_CODE, NULL);
	if (hubclient_check_url(q->hub_url, &err) < 0) {
		rc = outcome(r, ENROL_BAD_URL, err);
		free(err);
		return rc;
	}
	if (files_begin(&f, q, token_file, &err) < 0) {
		rc = outcome(r, ENROL_NOT_WRITABLE, err);
	} else {
		rc = exchange(q, code, &f, r);
	}
	files_end(&f);
	free(err);
	wipe(code, sizeof code);
	return rc;
}

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

/* ---- in a child process ---- */

int enrol_job_start(struct enrol_job *j, const struct enrol_req *q, char **err)
{
	int p[2];
	pid_t pid;

	memset(j, 0, sizeof *j);
	j->fd = -1;
	if (pipe(p) < 0)
		return set_error(err, "cannot start: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return set_error(err, "cannot start: %s", strerror(errno));
	}
	if (pid == 0) {
		/* The child: the exchange, its result down the pipe, and _exit (never the
		 * parent's atexit handlers, terminal or database). */
		struct enrol_result res;
		size_t off = 0;
		ssize_t w;

		close(p[0]);
		signal(SIGPIPE, SIG_IGN);
		enrol_run(q, &res);
		while (off < sizeof res && ((w = write(p[1], (char *)&res + off,
						       sizeof res - off)) > 0 ||
					    (w < 0 && errno == EINTR)))
			off += w > 0 ? (size_t)w : 0;
		_exit(res.outcome == ENROL_DONE ? 0 : 1);
	}
	close(p[1]);
	fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK);
	fcntl(p[0], F_SETFD, FD_CLOEXEC);
	j->pid = pid;
	j->fd = p[0];
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
		outcome(&j->res, ENROL_FAILED, "the enrolment stopped before it ended");
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
