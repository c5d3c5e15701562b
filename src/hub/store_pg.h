/* store_pg: what the files of the PostgreSQL store share (store_pg.c has the
 * connections, the schema and the transactions; store_pg_requests.c, _catalogue.c and
 * _kiosks.c the queries). Every query is SQL text with $1.. parameters passed as text
 * (NULL is SQL NULL): no value is ever put into SQL. */
#ifndef VITRINA_HUB_STORE_PG_H
#define VITRINA_HUB_STORE_PG_H

#include <libpq-fe.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "store_impl.h"

#define PG_MAX_IDLE 16
#define PG_MAX_OPEN 32                  /* reader connections to one server, per hub */
#define PG_MAX_PREPARED 64

/* A connection and the statements prepared on it: sql[i] is "s<i>". A statement is
 * prepared the first time it runs there, so the server plans it once. */
struct pg_conn {
	PGconn *c;
	char *sql[PG_MAX_PREPARED];
	int nprepared;
};

/* Reader connections to one server: the idle ones, and how many are open in all. */
struct pg_pool {
	char *conninfo;
	struct pg_conn *idle[PG_MAX_IDLE];
	int nidle, nopen;
};

struct pg_store {
	struct store base;
	struct pg_conn *writer;         /* used only inside store_begin .. store_commit */
	pthread_mutex_t wlock;
	pthread_mutex_t plock;          /* both pools */
	pthread_cond_t freed;           /* a reader was given back */
	struct pg_pool primary;         /* every read but staff lists... */
	struct pg_pool replica;         /* ...which come from here when --read-db names one */
	PGconn *builder;                /* holds the snapshot build lock while it builds */
	int busy_ms;
};

/* The PostgreSQL store behind a struct store. */
#define PG(s) ((struct pg_store *)(s))

/* Run sql with n parameters on the writer, inside a write transaction. Returns the
 * result (PQclear it) if it succeeded, else NULL with *err set. */
PGresult *pg_write(struct pg_store *s, const char *sql, int n, const char *const *params,
		   char **err);
/* The same on a reader connection to the primary (outside any transaction). */
PGresult *pg_read(struct pg_store *s, const char *sql, int n, const char *const *params,
		  char **err);
/* The same on the replica for staff reads (lists, exports, figures) if there is one,
 * else the primary. It may lag behind by a moment: never for what kiosks are given. */
PGresult *pg_read_staff(struct pg_store *s, const char *sql, int n, const char *const *params,
			char **err);
/* The same on a given connection. */
PGresult *pg_exec(PGconn *c, const char *sql, int n, const char *const *params, char **err);

/* Columns of row of r: the text ("" for NULL), a new string (NULL for NULL), a number
 * (0 for NULL), and the text copied into dst of size bytes. */
const char *pg_text(const PGresult *r, int row, int col);
char *pg_strdup(const PGresult *r, int row, int col);
int64_t pg_int(const PGresult *r, int row, int col);
void pg_copy(char *dst, size_t size, const PGresult *r, int row, int col);
/* Fills item from row of r. */
typedef void pg_row_fn(const PGresult *r, int row, void *item);
/* The first max rows of r (max < 0: all) as a new array of items of size bytes, each
 * filled by row; *n their count. NULL if there are none. r is kept. */
void *pg_rows(const PGresult *r, int max, size_t size, pg_row_fn *row, int *n);
/* item filled by row from r's first row: 1, or 0 if r has none, or -1 if r is NULL (the
 * query failed). r is cleared. */
int pg_first(PGresult *r, void *item, pg_row_fn *row);
/* v as decimal text in buf (returned). */
const char *pg_i64(char buf[24], int64_t v);
/* A SHA-256 as bytea input text ("\x" and 64 hex digits) in buf (returned). */
const char *pg_hash(char buf[67], const unsigned char hash[32]);

/* Inside a write transaction: the next catalogue sequence number. It takes the
 * catalogue's transaction lock first, so that across several hubs changes commit in
 * the order of their numbers and a kiosk reading "after N" never misses one. */
int pg_next_seq(struct pg_store *s, int64_t *seq, char **err);

/* The queries (the store_ops of store_impl.h). */
/* store_pg_requests.c */
int pgs_request_put(struct store *s, const struct request_in *r, const char *now,
		    enum put_result *res, char **err);
int pgs_requests_list(struct store *s, const struct request_filter *f, struct stored_request **out,
		      int *n, char **err);
int pgs_request_get(struct store *s, const char *id, struct stored_request *out, char **err);
int pgs_request_notes(struct store *s, const char *id, struct request_note **out, int *n,
		      char **err);
int pgs_request_history(struct store *s, const char *id, struct request_change **out, int *n,
			char **err);
int pgs_request_update(struct store *s, const char *id, int64_t if_version, const char *status,
		       const char *note, const char *by, const char *token_id, const char *now,
		       int64_t *new_version, enum update_result *res, char **err);
int pgs_purge(struct store *s, const char *before, const char *now, int64_t *n, char **err);
int pgs_requests_page(struct store *s, const struct request_filter *f, int64_t before,
		      struct stored_request **out, int *n, int64_t *last, char **err);
/* store_pg_catalogue.c */
int pgs_catalogue_put(struct store *s, char kind, const char *id, const char *municipality,
		      const char *body, const char *now, int *changed, char **err);
int pgs_catalogue_delete(struct store *s, char kind, const char *id, const char *now, char **err);
int pgs_catalogue_changes(struct store *s, int64_t since, int limit, struct catalogue_change **out,
			  int *n, int *more, char **err);
int pgs_catalogue_last_seq(struct store *s, int64_t *seq, char **err);
int pgs_case_live(struct store *s, const char *id, char municipality[6], char **err);
int pgs_request_target(struct store *s, const char *id, char kind[12], char case_id[37],
		       char **err);
int pgs_qa_publish(struct store *s, const struct qa_item *q, const char *now, struct qa_item *out,
		   enum qa_result *res, char **err);
int pgs_qa_delete(struct store *s, const char *case_id, const char *qa_id, const char *now,
		  char **err);
int pgs_qa_of_request(struct store *s, const char *request_id, struct qa_item *out, char **err);
/* store_pg_kiosks.c */
int pgs_token_add(struct store *s, const struct token_info *t, const unsigned char hash[32],
		  char **err);
int pgs_token_revoke(struct store *s, const char *id, const char *now, char **err);
int pgs_token_lookup(struct store *s, const unsigned char hash[32], struct token_info *out,
		     char **err);
int pgs_token_list(struct store *s, struct token_info **out, int *n, char **err);
int pgs_heartbeat(struct store *s, const struct kiosk_info *k, char **err);
int pgs_kiosks(struct store *s, struct kiosk_info **out, int *n, char **err);
int pgs_usage_put(struct store *s, const char *kiosk, const struct usage_day *days, int n,
		  const char *now, int *unknown, char **err);
int pgs_stats(struct store *s, const char *from, const char *to, enum stats_by by,
	      const char *county, struct stats_row **out, int *n, char **err);
int pgs_enrol_add(struct store *s, const unsigned char hash[32], const char *kiosk_id,
		  const char *now, const char *expires_at, char **err);
int pgs_enrol_take(struct store *s, const unsigned char hash[32], const char *now,
		   const char *token_id, char kiosk_id[64], enum enrol_take *res, char **err);

#endif
