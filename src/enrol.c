/* Enrolment of a kiosk: one POST /v1/enrol through the hub client's policy, then the
 * token file and the config file, each replaced atomically. */
#include "enrol.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_write.h"
#include "enrol_code.h"
#include "hub_url.h"
#include "hubclient.h"
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
	if (hub_url_check(q->hub_url, &err) < 0) {
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
