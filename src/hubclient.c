/* The hub client policy shared by the kiosk's sync and the staff client. */
#include "hubclient.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "text.h"

#define TOKEN_FILE_MAX  4096            /* bytes of a token file */
#define RETRY_AFTER_MAX 360000          /* seconds: a longer hint is not one */
#define PROBLEM_COLS    200             /* how much of a hub message is kept */

/* ---- the token file ---- */

static void sha256_hex(const void *p, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0, i;

	if (EVP_Digest(p, n, md, &len, EVP_sha256(), NULL) != 1)
		len = 0;
	for (i = 0; i < len && i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[2 * i] = '\0';
}

/* Read the whole file into *data (wiped and freed by the caller); -1 with *err set. */
static int read_token_file(const char *path, char **data, size_t *len, char **err)
{
	struct stat sb;
	char *d;
	ssize_t r = 0;
	size_t n = 0;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);

	if (fd < 0)
		return set_error(err, "cannot read the token file %s: %s", path, strerror(errno));
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return set_error(err, "the token file %s is not a regular file", path);
	}
	if (sb.st_mode & (S_IROTH | S_IWOTH)) {
		close(fd);
		return set_error(err, "the token file %s can be read by others; run: chmod 600 %s",
				 path, path);
	}
	d = xmalloc(TOKEN_FILE_MAX + 1);
	while (n <= TOKEN_FILE_MAX &&
	       ((r = read(fd, d + n, TOKEN_FILE_MAX + 1 - n)) > 0 || (r < 0 && errno == EINTR)))
		n += r > 0 ? (size_t)r : 0;
	close(fd);
	if (r < 0 || n > TOKEN_FILE_MAX) {
		wipe_free(d, TOKEN_FILE_MAX + 1);
		return set_error(err, "cannot read the token file %s (at most %d bytes)", path,
				 TOKEN_FILE_MAX);
	}
	d[n] = '\0';
	*data = d;
	*len = n;
	return 0;
}

char *hubclient_token_parse(const char *data, size_t len, const char *where, char **err)
{
	const char *p = data, *e = data + len, *c;

	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		e--;
	if (e == p) {
		set_error(err, "%s holds no token", where);
		return NULL;
	}
	if (e - p > HUBCLIENT_TOKEN_MAX) {
		set_error(err, "%s: the token is too long", where);
		return NULL;
	}
	for (c = p; c < e; c++) {
		/* Only visible ASCII may go into a header line. */
		if ((unsigned char)*c < 0x21 || (unsigned char)*c > 0x7e) {
			set_error(err, "%s: the token must be one line of letters and digits", where);
			return NULL;
		}
	}
	return xstrndup(p, (size_t)(e - p));
}

char *hubclient_token_read(const char *path, char hash[65], char **err)
{
	char *data = NULL, *token, *where;
	size_t len = 0;

	if (hash != NULL)
		hash[0] = '\0';
	if (path == NULL || path[0] == '\0') {
		set_error(err, "no token file");
		return NULL;
	}
	if (read_token_file(path, &data, &len, err) < 0)
		return NULL;
	if (hash != NULL)
		sha256_hex(data, len, hash);
	where = xasprintf("the token file %s", path);
	token = hubclient_token_parse(data, len, where, err);
	free(where);
	wipe_free(data, TOKEN_FILE_MAX + 1);
	return token;
}

void hubclient_token_hash(const char *path, char hash[65])
{
	char *data = NULL;
	size_t len = 0;

	hash[0] = '\0';
	if (path == NULL || read_file(path, TOKEN_FILE_MAX, &data, &len, NULL) < 0)
		return;
	sha256_hex(data, len, hash);
	wipe_free(data, len);
}

/* ---- an exchange ---- */

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
	struct hubclient_answer *a = arg;
	size_t len = size * n;
	long code = 0;

	curl_easy_getinfo(a->easy, CURLINFO_RESPONSE_CODE, &code);
	if (a->sink != NULL && code >= 200 && code < 300) {
		if (a->sink_bytes + (int64_t)len > a->sink_max) {
			a->too_big = true;
			return 0;       /* curl stops with CURLE_WRITE_ERROR */
		}
		if (a->sink_md != NULL)
			EVP_DigestUpdate(a->sink_md, p, len);
		if (fwrite(p, 1, len, a->sink) != len) {
			a->sink_failed = true;
			return 0;
		}
		a->sink_bytes += (int64_t)len;
		return len;
	}
	if (a->body.len + len > a->cap) {
		a->too_big = true;
		return 0;
	}
	buf_add(&a->body, p, len);
	return len;
}

/* The value of header line p (len bytes) if it is header name, trimmed, into v. */
static int header_value(const char *p, size_t len, const char *name, char *v, size_t size)
{
	size_t k = strlen(name);

	if (len <= k || strncasecmp(p, name, k) != 0 || p[k] != ':')
		return 0;
	k++;
	while (k < len && (p[k] == ' ' || p[k] == '\t'))
		k++;
	if (len - k >= size)
		return 0;       /* longer than any value we use: not one */
	snprintf(v, size, "%.*s", (int)(len - k), p + k);
	k = strlen(v);
	while (k > 0 && (v[k - 1] == '\r' || v[k - 1] == '\n' || v[k - 1] == ' '))
		v[--k] = '\0';
	return 1;
}

/* Digest: sha-256=BASE64 (RFC 3230; other algorithms, comma-separated, are skipped). */
static void take_digest(struct hubclient_answer *a, const char *v)
{
	const char *p = v;
	size_t n;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ',')
			p++;
		n = strcspn(p, ",");
		if (n > 8 && strncasecmp(p, "sha-256=", 8) == 0 && n - 8 < sizeof a->digest) {
			snprintf(a->digest, sizeof a->digest, "%.*s", (int)(n - 8), p + 8);
			return;
		}
		p += n;
	}
}

/* Retry-After as seconds or as an HTTP date; the snapshot's headers. */
static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
	struct hubclient_answer *a = arg;
	size_t len = size * n;
	char v[128];
	long secs;
	long long seq;
	char *end;
	time_t when;

	if (header_value(p, len, "vitrina-seq", v, sizeof v)) {
		errno = 0;
		seq = strtoll(v, &end, 10);
		a->seq = errno == 0 && end != v && *end == '\0' && seq >= 0 ? (int64_t)seq : -1;
		return len;
	}
	if (header_value(p, len, "digest", v, sizeof v)) {
		take_digest(a, v);
		return len;
	}
	if (header_value(p, len, "etag", v, sizeof a->etag)) {
		memcpy(a->etag, v, strlen(v) + 1);
		return len;
	}
	if (!header_value(p, len, "retry-after", v, 64))
		return len;
	if (parse_long(v, 0, RETRY_AFTER_MAX, &secs) == 0) {
		a->retry_after_s = secs;
	} else {
		when = curl_getdate(v, NULL);
		if (when > 0)
			a->retry_after_s = when > time(NULL) ? (int64_t)(when - time(NULL)) : 0;
	}
	return len;
}

static void set_policy(CURL *easy, const struct hubclient_opts *o)
{
	curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, o->connect_ms);
	curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, o->total_ms);
	curl_easy_setopt(easy, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(easy, CURLOPT_LOW_SPEED_TIME, o->low_speed_s);
	curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(easy, CURLOPT_USERAGENT, o->agent != NULL ? o->agent : "vitrina");
	curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
	if (o->ca_file != NULL)
		curl_easy_setopt(easy, CURLOPT_CAINFO, o->ca_file);
	if (o->pinned_pubkey != NULL)
		curl_easy_setopt(easy, CURLOPT_PINNEDPUBLICKEY, o->pinned_pubkey);
	/* Only the configured proxy: "" keeps libcurl off the environment's. */
	curl_easy_setopt(easy, CURLOPT_PROXY, o->proxy != NULL ? o->proxy : "");
}

static struct curl_slist *add_headers(struct curl_slist *h, const struct hubclient_opts *o,
				      const char *accept, const char *body)
{
	char *auth = xasprintf("Authorization: Bearer %s", o->token != NULL ? o->token : "");
	char *acc = xasprintf("Accept: %s", accept != NULL ? accept : "application/json");

	h = curl_slist_append(h, auth);
	wipe_string(&auth);
	h = curl_slist_append(h, acc);
	free(acc);
	if (body != NULL) {
		h = curl_slist_append(h, "Content-Type: application/json");
		/* No "Expect: 100-continue" round trip before each body. */
		h = curl_slist_append(h, "Expect:");
	}
	return h;
}

void hubclient_setup(CURL *easy, const struct hubclient_opts *o, const char *path,
		     const char *accept, const char *method, const char *body, size_t body_len,
		     struct curl_slist **headers, struct hubclient_answer *a, size_t cap)
{
	size_t blen = strlen(o->url);
	char *url;

	while (blen > 0 && o->url[blen - 1] == '/')
		blen--;
	url = xasprintf("%.*s%s", (int)blen, o->url, path);
	buf_free(&a->body);
	a->rc = CURLE_OK;
	a->status = 0;
	a->cap = cap;
	a->too_big = a->sink_failed = false;
	a->sink_bytes = 0;
	a->retry_after_s = -1;
	a->seq = -1;
	a->digest[0] = a->etag[0] = '\0';
	if (a->sink != NULL) {
		if (a->sink_md == NULL)
			a->sink_md = EVP_MD_CTX_new();
		if (a->sink_md != NULL)
			EVP_DigestInit_ex(a->sink_md, EVP_sha256(), NULL);
	}
	a->easy = easy;
	a->proxy = o->proxy != NULL && o->proxy[0] != '\0' ? o->proxy : NULL;
	a->errbuf[0] = '\0';
	set_policy(easy, o);
	*headers = add_headers(*headers, o, accept, body);
	curl_easy_setopt(easy, CURLOPT_URL, url);
	free(url);
	curl_easy_setopt(easy, CURLOPT_HTTPHEADER, *headers);
	curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, a->errbuf);
	curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(easy, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(easy, CURLOPT_HEADERDATA, a);
	if (body == NULL) {
		curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
		/* a call without a body is a GET, but for a DELETE */
		if (method != NULL && strcmp(method, "DELETE") == 0)
			curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
		return;
	}
	curl_easy_setopt(easy, CURLOPT_POST, 1L);
	if (method != NULL && strcmp(method, "POST") != 0)
		curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_len);
	curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body);
}

void hubclient_done(struct hubclient_answer *a, CURLcode rc)
{
	a->rc = rc;
	a->status = 0;
	if (rc == CURLE_OK)
		curl_easy_getinfo(a->easy, CURLINFO_RESPONSE_CODE, &a->status);
}

void hubclient_answer_free(struct hubclient_answer *a)
{
	if (a->body.s != NULL)
		wipe(a->body.s, a->body.cap);
	buf_free(&a->body);
	EVP_MD_CTX_free(a->sink_md);
	a->sink_md = NULL;
}

int hubclient_sink_digest(struct hubclient_answer *a, char *out, size_t size)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (a->sink_md == NULL || size < 45 ||
	    EVP_DigestFinal_ex(a->sink_md, md, &len) != 1 || len != 32)
		return -1;
	EVP_EncodeBlock((unsigned char *)out, md, 32);
	return 0;
}

/* ---- what went wrong ---- */

/* Text from the hub or from curl, made safe to store and show: sanitised, cut short. */
static char *safe_text(const char *t)
{
	char *clean = text_sanitize(t, strlen(t), 0);
	char *cut = xstrndup(clean, text_fit(clean, PROBLEM_COLS));

	free(clean);
	return cut;
}

/* The hub's {"error","message"} as "code: message", or NULL. */
static char *hub_message(const struct hubclient_answer *a)
{
	json_t *j = json_loadb(a->body.s != NULL ? a->body.s : "", a->body.len, 0, NULL);
	const char *code, *msg;
	char *joined, *out = NULL;

	if (j == NULL)
		return NULL;
	code = json_string_value(json_object_get(j, "error"));
	msg = json_string_value(json_object_get(j, "message"));
	if (code != NULL || msg != NULL) {
		joined = xasprintf("%s%s%s", code ? code : "", code && msg ? ": " : "",
				   msg ? msg : "");
		out = safe_text(joined);
		free(joined);
	}
	json_decref(j);
	return out;
}

/* curl's own words on the failure: its error buffer, else its text for the code. */
static char *curl_words(const struct hubclient_answer *a)
{
	return safe_text(a->errbuf[0] != '\0' ? a->errbuf : curl_easy_strerror(a->rc));
}

static const char *http_reason(long status);

/* With a forward proxy, whether it or the way past it failed: the proxy named, never
 * taken for the hub. NULL when the proxy is not to blame. */
static char *proxy_problem(const struct hubclient_answer *a)
{
	long code = 0;
	char *m, *r;

	if (a->proxy == NULL)
		return NULL;
	if (a->easy != NULL)
		curl_easy_getinfo(a->easy, CURLINFO_HTTP_CONNECTCODE, &code);
	if (code >= 300)
		return xasprintf("the proxy %s answered %ld (%s) instead of connecting to the hub",
				 a->proxy, code, http_reason(code));
	if (a->rc != CURLE_COULDNT_RESOLVE_PROXY && a->rc != CURLE_COULDNT_CONNECT)
		return NULL;
	/* CURLE_COULDNT_CONNECT with a proxy is the proxy: curl only ever connects to
	 * it, which connects onwards to the hub. */
	m = curl_words(a);
	r = xasprintf("cannot reach the proxy %s (%s)", a->proxy, m);
	free(m);
	return r;
}

static char *network_problem(const struct hubclient_answer *a)
{
	char *m, *r;

	r = proxy_problem(a);
	if (r != NULL)
		return r;
	switch (a->rc) {
	case CURLE_OPERATION_TIMEDOUT:
		return xstrdup("the hub did not answer in time");
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		return xstrdup("the hub's key does not match pinned_pubkey");
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		m = curl_words(a);
		r = xasprintf("the hub's certificate cannot be trusted (%s)", m);
		break;
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		m = curl_words(a);
		r = xasprintf("cannot reach the hub (%s)", m);
		break;
	default:
		m = curl_words(a);
		r = xasprintf("cannot reach the hub: network: %s", m);
		break;
	}
	free(m);
	return r;
}

/* The standard words for the statuses a hub or a proxy in front of it gives. */
static const char *http_reason(long status)
{
	static const struct {
		long status;
		const char *words;
	} reasons[] = {
		{400, "Bad Request"}, {401, "Unauthorized"}, {403, "Forbidden"},
		{404, "Not Found"}, {405, "Method Not Allowed"}, {407, "Proxy Authentication "
		"Required"}, {408, "Request Timeout"}, {411, "Length Required"},
		{413, "Content Too Large"}, {414, "URI Too Long"}, {429, "Too Many Requests"},
		{500, "Internal Server Error"}, {502, "Bad Gateway"},
		{503, "Service Unavailable"}, {504, "Gateway Timeout"},
	};
	size_t i;

	for (i = 0; i < sizeof reasons / sizeof reasons[0]; i++) {
		if (reasons[i].status == status)
			return reasons[i].words;
	}
	return status >= 500 ? "server error" : "error";
}

/* What an answer that is not the hub's own JSON usually means: a reverse proxy (nginx)
 * in front of the hub spoke instead of it. */
static const char *proxy_meaning(long status)
{
	switch (status) {
	case 413:
		return ": the proxy in front of the hub refuses a body this large "
		       "(nginx: client_max_body_size)";
	case 502:
		return ": the proxy in front of the hub cannot reach it (is vitrina-hub running?)";
	case 503:
		return ": the hub or the proxy in front of it is not available now";
	case 504:
		return ": the hub did not answer the proxy in front of it in time";
	default:
		return "";
	}
}

char *hubclient_problem(const struct hubclient_answer *a)
{
	char *m, *r;

	if (a->sink_failed)
		return xstrdup("cannot write the downloaded file");
	if (a->too_big)
		return xasprintf("the hub's answer was larger than %zu KiB",
				 (a->sink != NULL ? (size_t)a->sink_max : a->cap) / 1024);
	if (a->rc != CURLE_OK)
		return network_problem(a);
	if (a->status >= 200 && a->status < 300)
		return NULL;
	m = hub_message(a);
	if (m == NULL)
		return xasprintf("the proxy/hub answered %ld (%s)%s", a->status,
				 http_reason(a->status), proxy_meaning(a->status));
	r = xasprintf("the hub answered %ld %s", a->status, m);
	free(m);
	return r;
}
