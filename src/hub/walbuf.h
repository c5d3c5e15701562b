/* walbuf: a SQLite VFS that writes a WAL file's frames in one call at each sync. */
#ifndef VITRINA_HUB_WALBUF_H
#define VITRINA_HUB_WALBUF_H

#include <sqlite3.h>

#define WALBUF_VFS "vitrina-walbuf"

/* Register the VFS (once) and return its name, or NULL if the default VFS cannot be
 * wrapped. Open with it only connections that keep synchronous=FULL. */
const char *walbuf_vfs(void);

#endif
