/* store: one interface (store.h), two implementations chosen by the name given to
 * store_open: store_sqlite.c for a file, store_pg.c for a PostgreSQL connection
 * string. What is the same for both (freeing what they return) is here. */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

const char *const scope_names[3] = {"kiosk", "staff", "admin"};

/* A URL, or libpq's "key=value ..." form ("service=vitrina", "host=db1 dbname=v"). */
int store_is_pg(const char *name)
{
	return strncmp(name, "postgresql://", 13) == 0 || strncmp(name, "postgres://", 11) == 0 ||
	       strchr(name, '=') != NULL;
}

struct store *store_open(const char *name, char **err)
{
	return store_is_pg(name) ? store_pg_open(name, err) : store_sqlite_open(name, err);
}

void store_close(struct store *s)
{
	if (s != NULL)
		s->ops->close(s);
}

void store_set_busy_timeout(struct store *s, int ms)
{
	s->ops->set_busy_timeout(s, ms);
}

int store_begin(struct store *s, char **err)
{
	return s->ops->begin(s, err);
}

int store_commit(struct store *s, char **err)
{
	return s->ops->commit(s, err);
}

void store_rollback(struct store *s)
{
	s->ops->rollback(s);
}

int store_token_add(struct store *s, const struct token_info *t, const unsigned char hash[32],
		    char **err)
{
	return s->ops->token_add(s, t, hash, err);
}

int store_token_revoke(struct store *s, const char *id, const char *now, char **err)
{
	return s->ops->token_revoke(s, id, now, err);
}

int store_token_lookup(struct store *s, const unsigned char hash[32], struct token_info *out,
		       char **err)
{
	return s->ops->token_lookup(s, hash, out, err);
}

int store_token_list(struct store *s, struct token_info **out, int *n, char **err)
{
	return s->ops->token_list(s, out, n, err);
}

int store_request_put(struct store *s, const struct request_in *r, const char *now,
		      enum put_result *res, char **err)
{
	return s->ops->request_put(s, r, now, res, err);
}

int store_requests_list(struct store *s, const struct request_filter *f,
			struct stored_request **out, int *n, char **err)
{
	return s->ops->requests_list(s, f, out, n, err);
}

int store_request_get(struct store *s, const char *id, struct stored_request *out, char **err)
{
	return s->ops->request_get(s, id, out, err);
}

int store_request_notes(struct store *s, const char *id, struct request_note **out, int *n,
			char **err)
{
	return s->ops->request_notes(s, id, out, n, err);
}

int store_request_history(struct store *s, const char *id, struct request_change **out, int *n,
			  char **err)
{
	return s->ops->request_history(s, id, out, n, err);
}

int store_request_update(struct store *s, const char *id, int64_t if_version, const char *status,
			 const char *note, const char *by, const char *token_id, const char *now,
			 int64_t *new_version, enum update_result *res, char **err)
{
	return s->ops->request_update(s, id, if_version, status, note, by, token_id, now,
				      new_version, res, err);
}

int store_purge(struct store *s, const char *before, const char *now, int64_t *n, char **err)
{
	return s->ops->purge(s, before, now, n, err);
}

void store_checkpoint(struct store *s)
{
	s->ops->checkpoint(s);
}

int store_catalogue_put(struct store *s, char kind, const char *id, const char *municipality,
			const char *body, const char *now, int *changed, char **err)
{
	return s->ops->catalogue_put(s, kind, id, municipality, body, now, changed, err);
}

int store_catalogue_delete(struct store *s, char kind, const char *id, const char *now, char **err)
{
	return s->ops->catalogue_delete(s, kind, id, now, err);
}

int store_catalogue_changes(struct store *s, int64_t since, int limit,
			    struct catalogue_change **out, int *n, int *more, char **err)
{
	return s->ops->catalogue_changes(s, since, limit, out, n, more, err);
}

int store_catalogue_last_seq(struct store *s, int64_t *seq, char **err)
{
	return s->ops->catalogue_last_seq(s, seq, err);
}

int store_heartbeat(struct store *s, const struct kiosk_info *k, char **err)
{
	return s->ops->heartbeat(s, k, err);
}

int store_kiosks(struct store *s, struct kiosk_info **out, int *n, char **err)
{
	return s->ops->kiosks(s, out, n, err);
}

int store_case_live(struct store *s, const char *id, char municipality[6], char **err)
{
	return s->ops->case_live(s, id, municipality, err);
}

int store_request_target(struct store *s, const char *id, char kind[12], char case_id[37],
			 char **err)
{
	return s->ops->request_target(s, id, kind, case_id, err);
}

int store_qa_publish(struct store *s, const struct qa_item *q, const char *now, struct qa_item *out,
		     enum qa_result *res, char **err)
{
	return s->ops->qa_publish(s, q, now, out, res, err);
}

int store_qa_delete(struct store *s, const char *case_id, const char *qa_id, const char *now,
		    char **err)
{
	return s->ops->qa_delete(s, case_id, qa_id, now, err);
}

int store_qa_of_request(struct store *s, const char *request_id, struct qa_item *out, char **err)
{
	return s->ops->qa_of_request(s, request_id, out, err);
}

int store_usage_put(struct store *s, const char *kiosk, const struct usage_day *days, int n,
		    const char *now, int *unknown, char **err)
{
	return s->ops->usage_put(s, kiosk, days, n, now, unknown, err);
}

int store_stats(struct store *s, const char *from, const char *to, enum stats_by by,
		const char *county, struct stats_row **out, int *n, char **err)
{
	return s->ops->stats(s, from, to, by, county, out, n, err);
}

int store_requests_page(struct store *s, const struct request_filter *f, int64_t before,
			struct stored_request **out, int *n, int64_t *last, char **err)
{
	return s->ops->requests_page(s, f, before, out, n, last, err);
}

int store_check(struct store *s, char **err)
{
	return s->ops->check(s, err);
}

int store_enrol_add(struct store *s, const unsigned char hash[32], const char *kiosk_id,
		    const char *now, const char *expires_at, char **err)
{
	return s->ops->enrol_add(s, hash, kiosk_id, now, expires_at, err);
}

int store_enrol_take(struct store *s, const unsigned char hash[32], const char *now,
		     const char *token_id, char kiosk_id[64], enum enrol_take *res, char **err)
{
	return s->ops->enrol_take(s, hash, now, token_id, kiosk_id, res, err);
}

int store_backup(struct store *s, const char *dest, int overwrite, store_progress_fn progress,
		 void *arg, char **err)
{
	return s->ops->backup(s, dest, overwrite, progress, arg, err);
}

int store_build_lock(struct store *s, char **err)
{
	return s->ops->build_lock != NULL ? s->ops->build_lock(s, err) : 1;
}

void store_build_unlock(struct store *s)
{
	if (s->ops->build_unlock != NULL)
		s->ops->build_unlock(s);
}

void stored_request_clear(struct stored_request *r)
{
	free(r->body);
	free(r->item);
	r->body = NULL;
	r->item = NULL;
}

void stored_requests_free(struct stored_request *r, int n)
{
	int i;

	for (i = 0; i < n; i++)
		stored_request_clear(&r[i]);
	free(r);
}

void store_notes_free(struct request_note *a, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(a[i].by);
		free(a[i].text);
	}
	free(a);
}

void store_changes_free(struct request_change *a, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(a[i].by);
	free(a);
}

void store_changes_list_free(struct catalogue_change *c, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(c[i].body);
		free(c[i].qa);
	}
	free(c);
}

void qa_item_clear(struct qa_item *q)
{
	free(q->question);
	free(q->answer);
	free(q->answered_by);
	q->question = q->answer = q->answered_by = NULL;
}

void store_stats_free(struct stats_row *rows, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(rows[i].item);
	free(rows);
}
