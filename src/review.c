/* The staff client of the hub (DESIGN §4): calls over libcurl's multi interface, so the
 * review screens stay responsive while the network is slow. */
#include "review.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hub_url.h"
#include "hubclient.h"
#include "i18n.h"
#include "request.h"
#include "util.h"

#define JSON_MAX        (32L << 20)     /* bytes of one JSON answer at most */
#define ERROR_MAX       (64L << 10)     /* bytes of an error answer kept */
#define CSV_MAX         (1LL << 30)     /* bytes of one CSV download at most */

const char *const review_statuses[REVIEW_NSTATUS] = {
	"new", "in_progress", "forwarded", "closed", "spam"
};
const char *const review_kinds[REVIEW_NKIND] = {"contact", "nomination", "question"};

/* Labels, in the order of the codes above. */
static const char *const status_labels[REVIEW_NSTATUS] = {
	/* TRANSLATORS: statuses of a request in the staff review */
	N_("new"), N_("in progress"), N_("forwarded"), N_("closed"), N_("spam")
};
static const char *const kind_labels[REVIEW_NKIND] = {
	/* TRANSLATORS: kinds of request in the staff review */
	N_("contact"), N_("nomination"), N_("question")
};

enum op { OP_LIST, OP_GET, OP_PATCH, OP_CSV, OP_QA, OP_TEXT };

struct review_client {
	CURLM *multi;
	struct hubclient_opts hub;      /* pointing at the copies below */
	char *url, *token, *ca_file, *pinned_pubkey, *proxy;
	int calls;                      /* calls not yet freed */
};

struct review_call {
	struct review_client *c;
	enum op op;
	CURL *easy;
	struct curl_slist *headers;
	char *body;                     /* what is sent (PATCH) */
	struct hubclient_answer answer; /* JSON or an error; a CSV goes to answer.sink */
	char *path, *part;              /* CSV: written to part, renamed to path */
	bool running;
	enum review_outcome outcome;
	long status;
	char *error;
	char *code;                     /* the hub's error code ("not_found"), or NULL */
	CURLcode rc;                    /* libcurl's result */
	bool too_big, bad_answer, sink_failed;
	struct review_item *items;
	int nitems;
	struct review_item item;
	bool have_item;
	char *text;                     /* OP_TEXT: the answer as it came */
};

/* ---- labels and times ---- */

const char *review_status_label(const char *status)
{
	int i;

	for (i = 0; status != NULL && i < REVIEW_NSTATUS; i++) {
		if (strcmp(status, review_statuses[i]) == 0)
			return status_labels[i];
	}
	return status != NULL ? status : "";
}

const char *review_kind_label(const char *kind)
{
	int i;

	for (i = 0; kind != NULL && i < REVIEW_NKIND; i++) {
		if (strcmp(kind, review_kinds[i]) == 0)
			return kind_labels[i];
	}
	return kind != NULL ? kind : "";
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void review_local_time(const char *s, char *out, size_t n)
{
	int y, mo, d, h, mi, sec, used = 0;
	struct tm tm;
	time_t t;

	if (n == 0)
		return;
	if (s == NULL || strlen(s) < 19 ||
	    sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &used) != 6 ||
	    used != 19 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) {
		snprintf(out, n, "%s", s != NULL ? s : "");
		return;
	}
	t = (time_t)(days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec);
	if (localtime_r(&t, &tm) == NULL || strftime(out, n, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, n, "%.10s %.5s", s, s + 11);
}

/* ---- items ---- */

void review_item_free(struct review_item *it)
{
	int i;

	if (it == NULL)
		return;
	free(it->id);
	free(it->ref);
	free(it->kind);
	free(it->status);
	free(it->county);
	free(it->kiosk_id);
	free(it->created_at);
	free(it->received_at);
	free(it->updated_at);
	free(it->case_id);
	free(it->partner_id);
	wipe_string(&it->name);         /* personal data: wiped, not only freed */
	free(it->age_group);
	wipe_string(&it->contact);
	wipe_string(&it->message);
	free(it->lang);
	free(it->consent_version);
	wipe_string(&it->nominee);
	free(it->nominee_municipality);
	wipe_string(&it->why);
	free(it->case_title);
	free(it->case_person);
	free(it->case_municipality);
	free(it->partner_name);
	free(it->case_summary);
	free(it->case_story);
	free(it->case_lang);
	free(it->qa_id);
	free(it->qa_question);
	free(it->qa_answer);
	free(it->qa_answered_by);
	free(it->qa_lang);
	free(it->qa_published_at);
	for (i = 0; i < it->nnotes; i++) {
		free(it->notes[i].at);
		free(it->notes[i].by);
		wipe_string(&it->notes[i].text);
	}
	free(it->notes);
	for (i = 0; i < it->nhistory; i++) {
		free(it->history[i].at);
		free(it->history[i].by);
		free(it->history[i].from);
		free(it->history[i].to);
	}
	free(it->history);
	memset(it, 0, sizeof *it);
}

void review_items_free(struct review_item *items, int n)
{
	int i;

	for (i = 0; i < n; i++)
		review_item_free(&items[i]);
	free(items);
}

/* A string member of j (a copy; "" when missing or not a string). */
static char *str(json_t *j, const char *key)
{
	json_t *v = json_object_get(j, key);

	return xstrdup(json_is_string(v) ? json_string_value(v) : "");
}

static int item_from_json(json_t *j, struct review_item *it, char **err)
{
	json_t *v, *e;
	size_t i;

	memset(it, 0, sizeof *it);
	if (!json_is_object(j))
		return set_error(err, "the hub sent a request that is not an object");
	v = json_object_get(j, "id");
	if (!json_is_string(v) || !uuid_valid(json_string_value(v)))
		return set_error(err, "the hub sent a request without a valid id");
	it->id = str(j, "id");
	it->ref = str(j, "ref");
	it->kind = str(j, "kind");
	it->status = str(j, "status");
	it->county = str(j, "county");
	it->kiosk_id = str(j, "kiosk_id");
	it->created_at = str(j, "created_at");
	it->received_at = str(j, "received_at");
	it->updated_at = str(j, "updated_at");
	v = json_object_get(j, "version");
	it->version = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
	it->case_id = str(j, "case_id");
	it->partner_id = str(j, "partner_id");
	it->name = str(j, "name");
	it->age_group = str(j, "age_group");
	it->contact = str(j, "contact");
	it->message = str(j, "message");
	it->lang = str(j, "lang");
	it->consent_version = str(j, "consent_version");
	it->nominee = str(j, "nominee");
	it->nominee_municipality = str(j, "nominee_municipality");
	it->why = str(j, "why");
	it->case_title = str(j, "case_title");
	it->case_person = str(j, "case_person");
	it->case_municipality = str(j, "case_municipality");
	it->partner_name = str(j, "partner_name");
	it->item_deleted = json_is_true(json_object_get(j, "item_deleted"));
	v = json_object_get(j, "case");
	it->case_summary = str(v, "summary");
	it->case_story = str(v, "story");
	it->case_lang = str(v, "lang");
	it->qa_id = str(j, "qa_id");
	v = json_object_get(j, "qa");
	it->qa_question = str(v, "question");
	it->qa_answer = str(v, "answer");
	it->qa_answered_by = str(v, "answered_by");
	it->qa_lang = str(v, "lang");
	it->qa_published_at = str(v, "published_at");
	v = json_object_get(j, "notes");
	if (json_is_array(v) && json_array_size(v) > 0) {
		it->notes = xcalloc(json_array_size(v), sizeof *it->notes);
		json_array_foreach(v, i, e) {
			struct review_note *nt = &it->notes[it->nnotes++];

			nt->at = str(e, "at");
			nt->by = str(e, "by");
			nt->text = str(e, "text");
		}
	}
	v = json_object_get(j, "history");
	if (json_is_array(v) && json_array_size(v) > 0) {
		it->history = xcalloc(json_array_size(v), sizeof *it->history);
		json_array_foreach(v, i, e) {
			struct review_change *ch = &it->history[it->nhistory++];
			json_t *ver = json_object_get(e, "version");

			ch->at = str(e, "at");
			ch->by = str(e, "by");
			ch->from = str(e, "from");
			ch->to = str(e, "to");
			ch->version = json_is_integer(ver) ? (int64_t)json_integer_value(ver) : 0;
		}
	}
	return 0;
}

int review_parse_item(const char *json, struct review_item *out, char **err)
{
	json_error_t je;
	json_t *j = json_loads(json, JSON_REJECT_DUPLICATES, &je);
	int rc;

	memset(out, 0, sizeof *out);
	if (j == NULL)
		return set_error(err, "the hub's answer is not JSON (%s)", je.text);
	rc = item_from_json(j, out, err);
	json_decref(j);
	if (rc < 0)
		review_item_free(out);
	return rc;
}

int review_parse_list(const char *json, struct review_item **items, int *n, char **err)
{
	json_error_t je;
	json_t *j = json_loads(json, JSON_REJECT_DUPLICATES, &je), *arr, *e;
	size_t i;
	int k = 0;

	*items = NULL;
	*n = 0;
	if (j == NULL)
		return set_error(err, "the hub's answer is not JSON (%s)", je.text);
	arr = json_object_get(j, "requests");
	if (!json_is_array(arr)) {
		json_decref(j);
		return set_error(err, "the hub's answer has no list of requests");
	}
	if (json_array_size(arr) > 0)
		*items = xcalloc(json_array_size(arr), sizeof **items);
	json_array_foreach(arr, i, e) {
		if (item_from_json(e, &(*items)[k], err) < 0) {
			review_item_free(&(*items)[k]);
			review_items_free(*items, k);
			*items = NULL;
			json_decref(j);
			return -1;
		}
		k++;
	}
	json_decref(j);
	*n = k;
	return 0;
}

/* ---- a draft case from a nomination ---- */

/* Characters of s (valid UTF-8 from the hub). */
static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* The draft's JSON. Placeholders are lists holding one "FILL IN: ..." string (or, for
 * codes, such a string): `vitrina-hub import` refuses them until a person writes the
 * value in their place. */
static json_t *draft_json(const struct review_item *it, char ref_out[10])
{
	json_t *c = json_object(), *root;
	char id[37], ref[10];

	uuid_make(id);
	request_ref_code(it->id, ref);
	memcpy(ref_out, ref, sizeof ref);
	json_object_set_new(c, "id", json_string(id));
	json_object_set_new(c, "person", json_string(it->nominee));
	json_object_set_new(c, "municipality", json_string(it->nominee_municipality));
	json_object_set_new(c, "title", json_pack("[s]", "FILL IN: a short title for the "
						   "story, as a string in place of this list"));
	json_object_set_new(c, "area", json_string("FILL IN: humanities, social_sciences "
						    "or regional_development"));
	json_object_set_new(c, "themes", json_pack("[s]", "FILL IN: one or more of community, "
						    "development_education, personal_growth, "
						    "environment, fair_trade, innovation"));
	if (chars(it->why) <= 280)
		json_object_set_new(c, "summary", json_string(it->why));
	else
		json_object_set_new(c, "summary", json_pack("[s]", "FILL IN: a summary of at "
							      "most 280 characters"));
	json_object_set_new(c, "story", json_string(it->why));
	json_object_set_new(c, "lang", json_string(it->lang[0] ? it->lang : "lt"));
	json_object_set_new(c, "contact_allowed", json_false());
	json_object_set_new(c, "featured", json_false());
	root = json_object();
	json_object_set_new(root, "_draft", json_sprintf(
		"A draft case from nomination %s. Replace every FILL IN placeholder, check "
		"the summary and the story with the person (ask their consent), then: "
		"vitrina-hub import THIS_FILE", ref));
	json_object_set_new(root, "cases", json_pack("[o]", c));
	return root;
}

char *review_draft_case(const struct review_item *it, const char *dir, char **err)
{
	json_t *j;
	char ref[10], *text, *path = NULL;
	size_t len;
	int fd = -1, i;

	if (it == NULL || strcmp(it->kind, "nomination") != 0 || it->nominee[0] == '\0') {
		set_error(err, "only a nomination becomes a draft case");
		return NULL;
	}
	if (dir == NULL || dir[0] == '\0')
		dir = ".";
	j = draft_json(it, ref);
	text = json_dump_string(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(j);
	/* never overwrite: a second draft of the same nomination gets the next number */
	for (i = 1; i < 100 && fd < 0; i++) {
		free(path);
		path = i == 1 ? xasprintf("%s/case-draft-%s.json", dir, ref) :
			xasprintf("%s/case-draft-%s-%d.json", dir, ref, i);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	len = strlen(text);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || write(fd, "\n", 1) != 1) {
		set_error(err, "cannot write %s: %s", path, strerror(errno));
		if (fd >= 0) {
			close(fd);
			unlink(path);
		}
		free(path);
		free(text);
		return NULL;
	}
	free(text);
	if (close(fd) < 0) {
		set_error(err, "cannot write %s: %s", path, strerror(errno));
		unlink(path);
		free(path);
		return NULL;
	}
	/* the full path, so that the import command shown works from any folder */
	text = realpath(path, NULL);
	if (text == NULL)
		return path;
	free(path);
	return text;
}

/* ---- the token ---- */

char *review_token_load(const char *token_file, char **err)
{
	const char *env = getenv("VITRINA_TOKEN"), *home;
	char *path, *s;

	if (token_file != NULL)
		return hubclient_token_read(token_file, NULL, err);
	if (env != NULL && env[0] != '\0')
		return hubclient_token_parse(env, strlen(env), "VITRINA_TOKEN", err);
	home = getenv("HOME");
	if (home == NULL || home[0] == '\0') {
		set_error(err, "no token: give --token-file FILE or set VITRINA_TOKEN");
		return NULL;
	}
	path = xasprintf("%s/.config/vitrina/token", home);
	s = hubclient_token_read(path, NULL, err);
	free(path);
	return s;
}

/* ---- the client ---- */

struct review_client *review_client_new(const struct hubclient_opts *o, char **err)
{
	struct review_client *c;
	char *token, *why = NULL;
	size_t n;

	if (hub_url_check(o->url, &why) < 0) {
		set_error(err, "the hub URL %s", why);
		free(why);
		return NULL;
	}
	token = hubclient_token_parse(o->token != NULL ? o->token : "",
				      o->token != NULL ? strlen(o->token) : 0, "the token", err);
	if (token == NULL)
		return NULL;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		wipe_string(&token);
		set_error(err, "network: libcurl cannot start");
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->multi = curl_multi_init();
	if (c->multi == NULL) {
		wipe_string(&token);
		free(c);
		curl_global_cleanup();
		set_error(err, "network: libcurl cannot start");
		return NULL;
	}
	n = strlen(o->url);
	while (n > 0 && o->url[n - 1] == '/')
		n--;
	c->hub.url = c->url = xstrndup(o->url, n);
	c->hub.token = c->token = token;
	c->hub.ca_file = c->ca_file = xstrdup(o->ca_file);
	c->hub.pinned_pubkey = c->pinned_pubkey = xstrdup(o->pinned_pubkey);
	c->hub.proxy = c->proxy = xstrdup(o->proxy);
	c->hub.agent = "vitrina-review/" VERSION;
	c->hub.connect_ms = env_long("VITRINA_REVIEW_CONNECT_TIMEOUT_MS", 5000, 1, 600000);
	c->hub.total_ms = env_long("VITRINA_REVIEW_TIMEOUT_MS", 20000, 1, 3600000);
	c->hub.low_speed_s = 15;
	return c;
}

void review_client_free(struct review_client *c)
{
	if (c == NULL)
		return;
	curl_multi_cleanup(c->multi);
	wipe_string(&c->token);
	free(c->url);
	free(c->ca_file);
	free(c->pinned_pubkey);
	free(c->proxy);
	free(c);
	curl_global_cleanup();
}

const char *review_client_url(const struct review_client *c)
{
	return c->url;
}

/* ---- calls ---- */

static struct review_call *call_new(struct review_client *c, enum op op)
{
	struct review_call *k = xcalloc(1, sizeof *k);

	k->c = c;
	k->op = op;
	k->outcome = REVIEW_RUNNING;
	c->calls++;
	return k;
}

/* A call that could not start: finished, with an error. */
static struct review_call *call_failed(struct review_call *k, enum review_outcome o,
				       const char *msg)
{
	k->outcome = o;
	k->error = xstrdup(msg);
	return k;
}

static struct review_call *call_start(struct review_call *k, const char *path,
				      const char *method)
{
	struct hubclient_opts o = k->c->hub;
	bool csv = k->op == OP_CSV;

	k->easy = curl_easy_init();
	if (k->easy == NULL)
		return call_failed(k, REVIEW_NETWORK, "network: libcurl cannot start");
	if (csv)
		o.total_ms *= 10;
	hubclient_setup(k->easy, &o, path, csv ? "text/csv" : NULL, method, k->body,
			k->body != NULL ? strlen(k->body) : 0, &k->headers, &k->answer,
			csv ? ERROR_MAX : JSON_MAX);
	curl_easy_setopt(k->easy, CURLOPT_PRIVATE, k);
	if (curl_multi_add_handle(k->c->multi, k->easy) != CURLM_OK)
		return call_failed(k, REVIEW_NETWORK, "network: libcurl cannot start");
	k->running = true;
	return k;
}

void review_query_add(struct buf *b, const char *key, const char *value)
{
	char *e;

	if (value == NULL || value[0] == '\0')
		return;
	e = curl_easy_escape(NULL, value, 0);
	buf_addf(b, "%c%s=%s", b->len == 0 ? '?' : '&', key, e != NULL ? e : "");
	curl_free(e);
}

static void query_filter(struct buf *b, const struct review_filter *f, bool paging)
{
	if (f == NULL)
		return;
	review_query_add(b, "status", f->status);
	review_query_add(b, "kind", f->kind);
	review_query_add(b, "county", f->county);
	review_query_add(b, "kiosk", f->kiosk);
	review_query_add(b, "since", f->since);
	if (paging && f->limit > 0)
		buf_addf(b, "%climit=%d", b->len == 0 ? '?' : '&', f->limit);
	if (paging && f->offset > 0)
		buf_addf(b, "%coffset=%d", b->len == 0 ? '?' : '&', f->offset);
}

struct review_call *review_list_start(struct review_client *c, const struct review_filter *f)
{
	struct review_call *k = call_new(c, OP_LIST);
	struct buf q = {0};
	char *path;

	if (f != NULL && (f->limit < 0 || f->limit > REVIEW_PAGE_MAX || f->offset < 0))
		return call_failed(k, REVIEW_FAILED, "limit or offset out of range");
	query_filter(&q, f, true);
	path = xasprintf("/v1/requests%s", q.s != NULL ? q.s : "");
	buf_free(&q);
	call_start(k, path, "GET");
	free(path);
	return k;
}

struct review_call *review_get_start(struct review_client *c, const char *id)
{
	struct review_call *k = call_new(c, OP_GET);
	char *path;

	if (id == NULL || !uuid_valid(id))
		return call_failed(k, REVIEW_NOT_FOUND, "not a request id");
	path = xasprintf("/v1/requests/%s", id);
	call_start(k, path, "GET");
	free(path);
	return k;
}

struct review_call *review_patch_start(struct review_client *c, const char *id,
				       int64_t version, const char *status, const char *note)
{
	struct review_call *k = call_new(c, OP_PATCH);
	json_t *body;
	char *path, *im;

	if (id == NULL || !uuid_valid(id))
		return call_failed(k, REVIEW_NOT_FOUND, "not a request id");
	if (note != NULL && note[0] == '\0')
		note = NULL;
	if (status == NULL && note == NULL)
		return call_failed(k, REVIEW_FAILED, "nothing to change");
	body = json_object();
	if (status != NULL)
		json_object_set_new(body, "status", json_string(status));
	if (note != NULL) {
		json_t *s = json_string(note);

		if (s == NULL) {
			json_decref(body);
			return call_failed(k, REVIEW_FAILED, "the note is not valid text");
		}
		json_object_set_new(body, "note", s);
	}
	k->body = json_dump_string(body, JSON_COMPACT);
	json_decref(body);
	path = xasprintf("/v1/requests/%s", id);
	im = xasprintf("If-Match: \"%" PRId64 "\"", version);
	k->headers = curl_slist_append(NULL, im);
	free(im);
	call_start(k, path, "PATCH");
	free(path);
	return k;
}

struct review_call *review_qa_publish_start(struct review_client *c, const char *case_id,
					    const char *request_id, const char *question,
					    const char *answer, const char *answered_by,
					    const char *lang)
{
	struct review_call *k = call_new(c, OP_QA);
	json_t *body;
	char *path;

	if (case_id == NULL || !uuid_valid(case_id) || request_id == NULL ||
	    !uuid_valid(request_id))
		return call_failed(k, REVIEW_NOT_FOUND, "not a case or request id");
	body = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?}", "request_id", request_id,
			 "question", question, "answer", answer, "answered_by", answered_by,
			 "lang", lang);
	if (body == NULL || json_object_size(body) != 5) {
		json_decref(body);
		return call_failed(k, REVIEW_FAILED, "the answer is not valid text");
	}
	k->body = json_dump_string(body, JSON_COMPACT);
	json_decref(body);
	path = xasprintf("/v1/cases/%s/qa", case_id);
	call_start(k, path, "POST");
	free(path);
	return k;
}

struct review_call *review_qa_delete_start(struct review_client *c, const char *case_id,
					   const char *qa_id)
{
	struct review_call *k = call_new(c, OP_QA);
	char *path;

	if (case_id == NULL || !uuid_valid(case_id) || qa_id == NULL || !uuid_valid(qa_id))
		return call_failed(k, REVIEW_NOT_FOUND, "not a case or answer id");
	path = xasprintf("/v1/cases/%s/qa/%s", case_id, qa_id);
	call_start(k, path, "DELETE");
	free(path);
	return k;
}

/* A GET of hub_path whose 2xx answer goes into the file path (through path.part). */
static struct review_call *download_start(struct review_call *k, const char *hub_path,
					  const char *path)
{
	int fd;

	if (path == NULL || path[0] == '\0')
		return call_failed(k, REVIEW_FAILED, "no file name");
	k->path = xstrdup(path);
	k->part = xasprintf("%s.part", path);
	fd = open(k->part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0)
		k->answer.sink = fdopen(fd, "wb");
	k->answer.sink_max = CSV_MAX;
	if (k->answer.sink == NULL) {
		char *msg = xasprintf("cannot write %s: %s", k->part, strerror(errno));

		if (fd >= 0)
			close(fd);
		k->sink_failed = true;
		call_failed(k, REVIEW_FAILED, msg);
		free(msg);
		return k;
	}
	return call_start(k, hub_path, "GET");
}

struct review_call *review_csv_start(struct review_client *c, const struct review_filter *f,
				     const char *charset, const char *path)
{
	struct review_call *k = call_new(c, OP_CSV);
	struct buf q = {0};
	char *p;

	if (charset == NULL || (strcmp(charset, "utf-8") != 0 &&
				strcmp(charset, "windows-1257") != 0))
		return call_failed(k, REVIEW_FAILED, "the charset must be utf-8 or windows-1257");
	query_filter(&q, f, false);
	review_query_add(&q, "charset", charset);
	p = xasprintf("/v1/requests.csv%s", q.s != NULL ? q.s : "");
	buf_free(&q);
	download_start(k, p, path);
	free(p);
	return k;
}

/* Only the hub's own API: a path of /v1/ with nothing that would leave it. */
static bool api_path(const char *p)
{
	return p != NULL && strncmp(p, "/v1/", 4) == 0 && strstr(p, "..") == NULL &&
	       strpbrk(p, " #\r\n") == NULL;
}

struct review_call *review_text_start(struct review_client *c, const char *hub_path)
{
	struct review_call *k = call_new(c, OP_TEXT);

	if (!api_path(hub_path))
		return call_failed(k, REVIEW_FAILED, "not a path of the hub's API");
	return call_start(k, hub_path, "GET");
}

struct review_call *review_download_start(struct review_client *c, const char *hub_path,
					  const char *path)
{
	struct review_call *k = call_new(c, OP_CSV);

	if (!api_path(hub_path))
		return call_failed(k, REVIEW_FAILED, "not a path of the hub's API");
	return download_start(k, hub_path, path);
}

static enum review_outcome outcome_of(const struct hubclient_answer *a)
{
	if (a->sink_failed)
		return REVIEW_FAILED;
	if (a->too_big || a->rc != CURLE_OK)
		return REVIEW_NETWORK;
	switch (a->status) {
	case 401:
		return REVIEW_UNAUTHORISED;
	case 403:
		return REVIEW_FORBIDDEN;
	case 404:
		return REVIEW_NOT_FOUND;
	case 412:
		return REVIEW_CONFLICT;
	default:
		return REVIEW_FAILED;
	}
}

/* Read the answer of a list, get or patch call; the CSV's file is complete. */
static void call_answer(struct review_call *k)
{
	const char *json = k->answer.body.s != NULL ? k->answer.body.s : "";
	char *err = NULL;
	int rc = 0;

	if (k->op == OP_LIST) {
		rc = review_parse_list(json, &k->items, &k->nitems, &err);
	} else if (k->op == OP_GET || k->op == OP_PATCH) {
		rc = review_parse_item(json, &k->item, &err);
		k->have_item = rc == 0;
	} else if (k->op == OP_QA) {
		rc = 0;                 /* staff load the request again to see the item */
	} else if (k->op == OP_TEXT) {
		k->text = xstrdup(json);        /* its module reads it (review_stats.c) */
	} else if (rename(k->part, k->path) < 0) {
		err = xasprintf("cannot write %s: %s", k->path, strerror(errno));
		rc = -1;
	}
	k->outcome = rc < 0 ? REVIEW_FAILED : REVIEW_OK;
	k->bad_answer = rc < 0 && k->op != OP_CSV;
	k->error = err;
}

/* The "error" code of the hub's error body, or NULL (a new string). */
static char *error_code(const char *body)
{
	json_t *j = json_loads(body, 0, NULL);
	json_t *v = json_object_get(j, "error");
	char *code = json_is_string(v) && json_string_length(v) < 40 ?
		xstrdup(json_string_value(v)) : NULL;

	json_decref(j);
	return code;
}

static void call_done(struct review_call *k, CURLcode rc)
{
	struct hubclient_answer *a = &k->answer;

	k->running = false;
	curl_multi_remove_handle(k->c->multi, k->easy);
	hubclient_done(a, rc);
	k->status = a->status;
	k->rc = a->rc;
	k->too_big = a->too_big;
	if (a->status >= 400 && a->body.s != NULL)
		k->code = error_code(a->body.s);
	if (a->sink != NULL && fclose(a->sink) != 0)
		a->sink_failed = true;
	a->sink = NULL;
	k->sink_failed = a->sink_failed;
	if (a->sink_failed)
		k->error = xasprintf("cannot write %s", k->part);
	else
		k->error = hubclient_problem(a);
	if (k->error != NULL)
		k->outcome = outcome_of(a);
	else
		call_answer(k);
	if (k->op == OP_CSV && k->outcome != REVIEW_OK && k->part != NULL)
		unlink(k->part);
	hubclient_answer_free(a);
}

int review_poll(struct review_client *c, int timeout_ms, int wake_fd)
{
	struct curl_waitfd extra = {wake_fd, CURL_WAIT_POLLIN, 0};
	int running = 0, left;
	CURLMsg *msg;

	curl_multi_perform(c->multi, &running);
	if (running > 0 && timeout_ms > 0) {
		curl_multi_poll(c->multi, wake_fd >= 0 ? &extra : NULL, wake_fd >= 0 ? 1 : 0,
				timeout_ms, NULL);
		curl_multi_perform(c->multi, &running);
	}
	while ((msg = curl_multi_info_read(c->multi, &left)) != NULL) {
		struct review_call *k = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&k);
		if (k != NULL && k->running)
			call_done(k, msg->data.result);
	}
	return running;
}

void review_call_wait(struct review_call *k)
{
	while (k->running)
		review_poll(k->c, 1000, -1);
}

void review_call_free(struct review_call *k)
{
	if (k == NULL)
		return;
	if (k->easy != NULL) {
		if (k->running)
			curl_multi_remove_handle(k->c->multi, k->easy);
		curl_easy_cleanup(k->easy);
	}
	if (k->answer.sink != NULL) {
		fclose(k->answer.sink);
		unlink(k->part);
	}
	curl_slist_free_all(k->headers);
	free(k->body);
	hubclient_answer_free(&k->answer);
	free(k->path);
	free(k->part);
	free(k->error);
	free(k->code);
	review_items_free(k->items, k->nitems);
	review_item_free(&k->item);
	free(k->text);
	k->c->calls--;
	free(k);
}

enum review_outcome review_call_outcome(const struct review_call *k)
{
	return k->outcome;
}

long review_call_status(const struct review_call *k)
{
	return k->status;
}

const char *review_call_error(const struct review_call *k)
{
	return k->error != NULL ? k->error : "";
}

/* libcurl's results as plain sentences. */
static const char *network_summary(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		return N_("Could not connect to the hub: it may be down, or the address or "
			  "port is wrong.");
	case CURLE_OPERATION_TIMEDOUT:
		return N_("The hub did not answer in time. Try again later.");
	case CURLE_COULDNT_RESOLVE_HOST:
		return N_("The hub's name was not found: check the address and the network.");
	case CURLE_COULDNT_RESOLVE_PROXY:
		return N_("The proxy's name was not found: check the proxy setting.");
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
		return N_("The hub's TLS certificate is not trusted.");
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return N_("The hub's key does not match the pinned key.");
	case CURLE_SSL_CONNECT_ERROR:
		return N_("A secure (TLS) connection to the hub could not be made.");
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		return N_("The connection to the hub broke off. Try again.");
	default:
		return N_("Could not talk to the hub (network error).");
	}
}

/* The hub's error codes (DESIGN §4), then its statuses, as plain sentences. */
static const char *hub_summary(const char *code, long status)
{
	static const struct {
		const char *code;
		long status;
		const char *text;
	} map[] = {
		{"bad_request", 400, N_("The hub refused this as not valid.")},
		{"unauthorised", 401, N_("The hub does not accept this token: it is wrong, "
					 "expired or revoked.")},
		{"unauthorized", 401, NULL},
		{"forbidden", 403, N_("This token may not do that (another county or scope).")},
		{"not_found", 404, N_("The hub does not have this request (any more).")},
		{"conflict", 409, N_("The hub already holds something else under this id.")},
		{"version_mismatch", 412, N_("Someone else changed this request first.")},
		{"precondition_required", 428, N_("The hub wants the version of the request "
						   "with the change.")},
		{"too_large", 413, N_("What was sent is too large for the hub.")},
		{"too_many", 413, NULL},
		{"unsupported_media_type", 415, N_("The hub did not understand what was "
						   "sent.")},
		{"rate_limited", 429, N_("Too many requests to the hub: wait a moment and try "
					 "again.")},
		{"unavailable", 503, N_("The hub's storage is unavailable: try again later.")},
	};
	size_t i;

	for (i = 0; code != NULL && i < sizeof map / sizeof map[0]; i++) {
		if (strcmp(code, map[i].code) == 0)
			return hub_summary(NULL, map[i].status);
	}
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].status == status && map[i].text != NULL)
			return map[i].text;
	}
	if (status >= 500)
		return N_("The hub or the proxy in front of it failed. Try again later.");
	return N_("The hub refused this.");
}

const char *review_call_summary(const struct review_call *k)
{
	if (k->outcome == REVIEW_RUNNING || k->outcome == REVIEW_OK)
		return "";
	if (k->sink_failed || (k->op == OP_CSV && k->outcome == REVIEW_FAILED &&
			       k->status < 400 && k->rc == CURLE_OK && !k->too_big))
		return N_("The file could not be written.");
	if (k->too_big)
		return N_("The hub's answer was too large.");
	if (k->easy == NULL || (k->status == 0 && k->rc == CURLE_OK && !k->bad_answer))
		return N_("This could not be sent to the hub.");
	if (k->rc != CURLE_OK)
		return network_summary(k->rc);
	if (k->bad_answer)
		return N_("The hub's answer could not be read.");
	if (k->op == OP_QA && k->status == 409)
		return N_("The hub did not publish this: the request is not a question about "
			  "this case.");
	if (k->op == OP_QA && k->status == 404)
		return N_("The hub does not have this case or answer (any more).");
	return hub_summary(k->code, k->status);
}

char *review_call_explain(const struct review_call *k)
{
	const char *detail = review_call_error(k);

	if (detail[0] == '\0')
		return xstrdup(_(review_call_summary(k)));
	return xasprintf("%s (%s)", _(review_call_summary(k)), detail);
}

int review_call_items(struct review_call *k, struct review_item **items, bool take)
{
	int n = k->nitems;

	*items = k->items;
	if (take) {
		k->items = NULL;
		k->nitems = 0;
	}
	return n;
}

int review_call_take_item(struct review_call *k, struct review_item *out)
{
	if (!k->have_item)
		return -1;
	*out = k->item;
	memset(&k->item, 0, sizeof k->item);
	k->have_item = false;
	return 0;
}

const char *review_call_text(const struct review_call *k)
{
	return k->text != NULL ? k->text : "";
}

int64_t review_call_bytes(const struct review_call *k)
{
	return k->answer.sink_bytes;
}
