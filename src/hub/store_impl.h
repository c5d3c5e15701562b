/* store_impl: what a storage implementation gives store.c (store.h). Each one's handle
 * starts with a struct store, whose ops say where its functions are; store.c calls
 * through them and holds nothing else. Only store.c and the store_*.c files include
 * this. */
#ifndef VITRINA_HUB_STORE_IMPL_H
#define VITRINA_HUB_STORE_IMPL_H

#include "store.h"

struct store_ops {
	void (*close)(struct store *s);
	void (*set_busy_timeout)(struct store *s, int ms);
	int (*begin)(struct store *s, char **err);
	int (*commit)(struct store *s, char **err);
	void (*rollback)(struct store *s);
	int (*token_add)(struct store *s, const struct token_info *t,
			 const unsigned char hash[32], char **err);
	int (*token_revoke)(struct store *s, const char *id, const char *now, char **err);
	int (*token_lookup)(struct store *s, const unsigned char hash[32],
			    struct token_info *out, char **err);
	int (*token_list)(struct store *s, struct token_info **out, int *n, char **err);
	int (*request_put)(struct store *s, const struct request_in *r, const char *now,
			   enum put_result *res, char **err);
	int (*requests_list)(struct store *s, const struct request_filter *f,
			     struct stored_request **out, int *n, char **err);
	int (*request_get)(struct store *s, const char *id, struct stored_request *out,
			   char **err);
	int (*request_notes)(struct store *s, const char *id, struct request_note **out,
			     int *n, char **err);
	int (*request_history)(struct store *s, const char *id, struct request_change **out,
			       int *n, char **err);
	int (*request_update)(struct store *s, const char *id, int64_t if_version,
			      const char *status, const char *note, const char *by,
			      const char *token_id, const char *now, int64_t *new_version,
			      enum update_result *res, char **err);
	int (*purge)(struct store *s, const char *before, const char *now, int64_t *n,
		     char **err);
	void (*checkpoint)(struct store *s);
	int (*catalogue_put)(struct store *s, char kind, const char *id,
			     const char *municipality, const char *body, const char *now,
			     int *changed, char **err);
	int (*catalogue_delete)(struct store *s, char kind, const char *id, const char *now,
				char **err);
	int (*catalogue_changes)(struct store *s, int64_t since, int limit,
				 struct catalogue_change **out, int *n, int *more, char **err);
	int (*catalogue_last_seq)(struct store *s, int64_t *seq, char **err);
	int (*heartbeat)(struct store *s, const struct kiosk_info *k, char **err);
	int (*kiosks)(struct store *s, struct kiosk_info **out, int *n, char **err);
	int (*case_live)(struct store *s, const char *id, char municipality[6], char **err);
	int (*request_target)(struct store *s, const char *id, char kind[12],
			      char case_id[37], char **err);
	int (*qa_publish)(struct store *s, const struct qa_item *q, const char *now,
			  struct qa_item *out, enum qa_result *res, char **err);
	int (*qa_delete)(struct store *s, const char *case_id, const char *qa_id,
			 const char *now, char **err);
	int (*qa_of_request)(struct store *s, const char *request_id, struct qa_item *out,
			     char **err);
	int (*usage_put)(struct store *s, const char *kiosk, const struct usage_day *days,
			 int n, const char *now, int *unknown, char **err);
	int (*stats)(struct store *s, const char *from, const char *to, enum stats_by by,
		     const char *county, struct stats_row **out, int *n, char **err);
	int (*requests_page)(struct store *s, const struct request_filter *f, int64_t before,
			     struct stored_request **out, int *n, int64_t *last, char **err);
	int (*check)(struct store *s, char **err);
	int (*build_lock)(struct store *s, char **err);   /* NULL: always given */
	void (*build_unlock)(struct store *s);
	int (*enrol_add)(struct store *s, const unsigned char hash[32], const char *kiosk_id,
			 const char *now, const char *expires_at, char **err);
	int (*enrol_take)(struct store *s, const unsigned char hash[32], const char *now,
			  const char *token_id, char kiosk_id[64], enum enrol_take *res,
			  char **err);
	int (*backup)(struct store *s, const char *dest, int overwrite,
		      store_progress_fn progress, void *arg, char **err);
};

struct store {
	const struct store_ops *ops;
};

/* The two implementations' openers (store_open chooses by the name). */
struct store *store_sqlite_open(const char *path, char **err);
struct store *store_pg_open(const char *conninfo, char **err);

#endif
