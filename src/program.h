/* program: the programs that come with vitrina and run beside it. The kiosk's screen
 * keeps to a few small libraries; the network (vitrina-net, with libcurl) and the voice
 * (vitrina-voice, with espeak-ng) are programs of their own that it starts. No curses. */
#ifndef VITRINA_PROGRAM_H
#define VITRINA_PROGRAM_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

#define NET_PROGRAM "vitrina-net"

/* The path of the program name that came with the running one: beside it (a build
 * folder), else in PREFIX/libexec/vitrina of the prefix it runs from (BIN/..). NULL if
 * neither is there. The caller frees it. */
char *program_path(const char *name);
/* Start path with argv: stdin /dev/null, stdout and stderr into a pipe whose reading
 * end (close-on-exec) goes to *out, every signal handler back to its default and none
 * blocked. The child's pid, or -1 with *err set to why. */
pid_t spawn_program(const char *path, char *const argv[], int *out, char **err);
/* Run path with argv (stdin /dev/null, default signals), keep up to max bytes of what
 * it writes to stdout and stderr in *out, and wait for it. Its exit status, or -1 if it
 * could not start or was killed. */
int run_program(const char *path, char *const argv[], struct buf *out, size_t max);

#endif
