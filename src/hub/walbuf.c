/* walbuf: a SQLite VFS over the default one that gathers the writes of a WAL file
 * into one buffer and writes them in one call when the log is synced. SQLite writes each
 * frame of a commit as two writes (its header, then its page); with a group of requests
 * that is some thirty system calls before the one fdatasync, all on the commit's path.
 *
 * What is gathered is written before anything could see it: before the log is synced
 * (so with synchronous=FULL, before a commit is published in the wal-index), read,
 * truncated or closed, and before a lock of the wal-index is let go (xShmLock on the
 * database file, found from the log's name). The last is for a transaction rolled back:
 * the frames it spilled are written while it still holds the write lock, as without the
 * buffer, never later over frames another writer has committed since. For connections
 * with synchronous=FULL. */
#include "walbuf.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* At most this much in one write: the default VFS writes at most 128 KiB - 1 at once
 * (and takes a shorter write for a full disk). */
#define WALBUF_CAP (120 * 1024)

struct wb_file {
	sqlite3_file base;
	sqlite3_file *real;             /* the default VFS's file, just after this struct */
	int is_wal;
	unsigned char *buf;             /* the writes not yet made, from offset off */
	size_t len;
	sqlite3_int64 off;
	/* A database file: its name as SQLite passed it (the pointer its log's name leads
	 * back to), its open log, the next open database file. A log: its database file. */
	const char *name;
	struct wb_file *wal, *next, *db;
};

static sqlite3_vfs *real_vfs;
static pthread_mutex_t files_lock = PTHREAD_MUTEX_INITIALIZER;
static struct wb_file *db_files;        /* the open database files */

#define REAL(f) (((struct wb_file *)(f))->real)

/* Write what is gathered. */
static int wb_flush(struct wb_file *f)
{
	int rc;

	if (f->len == 0)
		return SQLITE_OK;
	rc = f->real->pMethods->xWrite(f->real, f->buf, (int)f->len, f->off);
	f->len = 0;
	return rc;
}

/* Take f out of the links between database files and their logs. */
static void unlink_file(struct wb_file *f)
{
	struct wb_file **p;

	pthread_mutex_lock(&files_lock);
	if (f->db != NULL)
		f->db->wal = NULL;
	if (f->wal != NULL)
		f->wal->db = NULL;
	for (p = &db_files; *p != NULL; p = &(*p)->next) {
		if (*p == f) {
			*p = f->next;
			break;
		}
	}
	pthread_mutex_unlock(&files_lock);
}

static int wb_close(sqlite3_file *file)
{
	struct wb_file *f = (struct wb_file *)file;
	int rc = wb_flush(f), rc2;

	unlink_file(f);
	rc2 = f->real->pMethods->xClose(f->real);

	free(f->buf);
	f->buf = NULL;
	return rc != SQLITE_OK ? rc : rc2;
}

static int wb_read(sqlite3_file *file, void *out, int amt, sqlite3_int64 off)
{
	int rc = wb_flush((struct wb_file *)file);

	return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xRead(REAL(file), out, amt, off);
}

static int wb_write(sqlite3_file *file, const void *data, int amt, sqlite3_int64 off)
{
	struct wb_file *f = (struct wb_file *)file;
	int rc;

	if (!f->is_wal)
		return f->real->pMethods->xWrite(f->real, data, amt, off);
	if (f->len > 0 && off == f->off + (sqlite3_int64)f->len && f->len + (size_t)amt <= WALBUF_CAP) {
		memcpy(f->buf + f->len, data, (size_t)amt);
		f->len += (size_t)amt;
		return SQLITE_OK;
	}
	rc = wb_flush(f);
	if (rc != SQLITE_OK)
		return rc;
	if ((size_t)amt > WALBUF_CAP / 2)
		return f->real->pMethods->xWrite(f->real, data, amt, off);
	if (f->buf == NULL && (f->buf = malloc(WALBUF_CAP)) == NULL)
		return SQLITE_IOERR_NOMEM;
	memcpy(f->buf, data, (size_t)amt);
	f->len = (size_t)amt;
	f->off = off;
	return SQLITE_OK;
}

static int wb_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	int rc = wb_flush((struct wb_file *)file);

	return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xTruncate(REAL(file), size);
}

static int wb_sync(sqlite3_file *file, int flags)
{
	int rc = wb_flush((struct wb_file *)file);

	return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xSync(REAL(file), flags);
}

static int wb_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	int rc = wb_flush((struct wb_file *)file);

	return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xFileSize(REAL(file), size);
}

static int wb_lock(sqlite3_file *file, int level)
{
	return REAL(file)->pMethods->xLock(REAL(file), level);
}

static int wb_unlock(sqlite3_file *file, int level)
{
	return REAL(file)->pMethods->xUnlock(REAL(file), level);
}

static int wb_check_reserved(sqlite3_file *file, int *out)
{
	return REAL(file)->pMethods->xCheckReservedLock(REAL(file), out);
}

static int wb_file_control(sqlite3_file *file, int op, void *arg)
{
	int rc = wb_flush((struct wb_file *)file);

	return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xFileControl(REAL(file), op, arg);
}

static int wb_sector_size(sqlite3_file *file)
{
	return REAL(file)->pMethods->xSectorSize(REAL(file));
}

static int wb_device(sqlite3_file *file)
{
	return REAL(file)->pMethods->xDeviceCharacteristics(REAL(file));
}

static int wb_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
	return REAL(file)->pMethods->xShmMap(REAL(file), page, size, extend, out);
}

static int wb_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct wb_file *f = (struct wb_file *)file;
	int rc = SQLITE_OK, rc2;

	/* the log's writes first, while this connection still holds what it lets go (a
	 * failed write is dropped all the same: never made later) */
	if ((flags & SQLITE_SHM_UNLOCK) && f->wal != NULL)
		rc = wb_flush(f->wal);
	rc2 = f->real->pMethods->xShmLock(f->real, offset, n, flags);
	return rc2 != SQLITE_OK ? rc2 : rc;
}

static void wb_shm_barrier(sqlite3_file *file)
{
	REAL(file)->pMethods->xShmBarrier(REAL(file));
}

static int wb_shm_unmap(sqlite3_file *file, int delete_flag)
{
	return REAL(file)->pMethods->xShmUnmap(REAL(file), delete_flag);
}

static int wb_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **out)
{
	int rc = wb_flush((struct wb_file *)file);

	return rc != SQLITE_OK ? rc : REAL(file)->pMethods->xFetch(REAL(file), off, amt, out);
}

static int wb_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	return REAL(file)->pMethods->xUnfetch(REAL(file), off, p);
}

static const sqlite3_io_methods wb_io = {
	3, wb_close, wb_read, wb_write, wb_truncate, wb_sync, wb_file_size, wb_lock,
	wb_unlock, wb_check_reserved, wb_file_control, wb_sector_size, wb_device,
	wb_shm_map, wb_shm_lock, wb_shm_barrier, wb_shm_unmap, wb_fetch, wb_unfetch,
};

static int wb_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
		   int *out_flags)
{
	struct wb_file *f = (struct wb_file *)file;
	int rc;

	(void)vfs;
	memset(f, 0, sizeof *f);
	f->real = (sqlite3_file *)(f + 1);
	rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
	if (rc != SQLITE_OK || f->real->pMethods == NULL)
		return rc;
	/* the default VFS's files have version 3 methods; another could not be wrapped */
	if (f->real->pMethods->iVersion < 3) {
		f->real->pMethods->xClose(f->real);
		return SQLITE_CANTOPEN;
	}
	f->base.pMethods = &wb_io;
	pthread_mutex_lock(&files_lock);
	if (flags & SQLITE_OPEN_MAIN_DB) {
		f->name = name;
		f->next = db_files;
		db_files = f;
	} else if (flags & SQLITE_OPEN_WAL) {
		const char *db = sqlite3_filename_database(name);
		struct wb_file *d;

		for (d = db_files; d != NULL && d->name != db; d = d->next)
			;
		/* a log whose database file is not known here is written as it comes */
		if (d != NULL && d->wal == NULL) {
			d->wal = f;
			f->db = d;
			f->is_wal = 1;
		}
	}
	pthread_mutex_unlock(&files_lock);
	return SQLITE_OK;
}

static sqlite3_vfs wb_vfs;

static int wb_delete(sqlite3_vfs *v, const char *name, int sync_dir)
{
	(void)v;
	return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int wb_access(sqlite3_vfs *v, const char *name, int flags, int *out)
{
	(void)v;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int wb_full_path(sqlite3_vfs *v, const char *name, int n, char *out)
{
	(void)v;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *wb_dl_open(sqlite3_vfs *v, const char *name)
{
	(void)v;
	return real_vfs->xDlOpen(real_vfs, name);
}

static void wb_dl_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	real_vfs->xDlError(real_vfs, n, out);
}

static void (*wb_dl_sym(sqlite3_vfs *v, void *lib, const char *sym))(void)
{
	(void)v;
	return real_vfs->xDlSym(real_vfs, lib, sym);
}

static void wb_dl_close(sqlite3_vfs *v, void *lib)
{
	(void)v;
	real_vfs->xDlClose(real_vfs, lib);
}

static int wb_randomness(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int wb_sleep(sqlite3_vfs *v, int us)
{
	(void)v;
	return real_vfs->xSleep(real_vfs, us);
}

static int wb_current_time(sqlite3_vfs *v, double *out)
{
	(void)v;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int wb_last_error(sqlite3_vfs *v, int n, char *out)
{
	(void)v;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static int wb_current_time64(sqlite3_vfs *v, sqlite3_int64 *out)
{
	(void)v;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static int registered;

static void wb_register(void)
{
	real_vfs = sqlite3_vfs_find(NULL);
	if (real_vfs == NULL || real_vfs->iVersion < 2)
		return;
	wb_vfs = (sqlite3_vfs){
		.iVersion = 2,
		.szOsFile = (int)sizeof(struct wb_file) + real_vfs->szOsFile,
		.mxPathname = real_vfs->mxPathname,
		.zName = WALBUF_VFS,
		.xOpen = wb_open,
		.xDelete = wb_delete,
		.xAccess = wb_access,
		.xFullPathname = wb_full_path,
		.xDlOpen = wb_dl_open,
		.xDlError = wb_dl_error,
		.xDlSym = wb_dl_sym,
		.xDlClose = wb_dl_close,
		.xRandomness = wb_randomness,
		.xSleep = wb_sleep,
		.xCurrentTime = wb_current_time,
		.xGetLastError = wb_last_error,
		.xCurrentTimeInt64 = wb_current_time64,
	};
	registered = sqlite3_vfs_register(&wb_vfs, 0) == SQLITE_OK;
}

const char *walbuf_vfs(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, wb_register);
	return registered ? WALBUF_VFS : NULL;
}
