/* speech: the kiosk's side of the voice (see speech.h), which runs as the program
 * vitrina-voice (voice.h) in a child process.
 *
 * One message per utterance goes down a SOCK_SEQPACKET socket, never waiting: message
 * boundaries come for free, a send is all or nothing, and a send to a dead child fails
 * with EPIPE instead of raising SIGPIPE. */
#define _GNU_SOURCE
#include "speech.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "program.h"
#include "util.h"
#include "voice.h"

#define MSG_HEAD VOICE_MSG_HEAD
/* Longer text goes as several messages, cut between words. */
#define MSG_MAX VOICE_MSG_MAX
/* A child that died or stopped reading is started again at most this often
 * (VITRINA_SPEECH_RESTART_MS for the tests). */
#define RESTART_MS 5000
#define CLOSE_WAIT_MS 200

struct speech {
	int fd;             /* our end of the socket to the child; -1: none */
	pid_t pid;          /* the child; 0: none */
	int64_t started;    /* when the child was started (monotonic ms) */
	char *device;       /* NULL: the system's default */
	char *wav;          /* VITRINA_SPEECH_WAV (the voice program reads it too) */
	char *program;      /* the voice program */
	char *log;          /* VITRINA_SPEECH_LOG: lines to this file, no child */
};

static const char *speech_lang(const char *lang)
{
	static const char *const known[] = {"lt", "en", "ru", "pl"};
	size_t i;

	for (i = 0; lang != NULL && i < sizeof known / sizeof known[0]; i++) {
		if (strcmp(lang, known[i]) == 0)
			return known[i];
	}
	return "en";
}

static void sleep_ms(int ms)
{
	struct timespec ts = {0, (long)ms * 1000000L};

	nanosleep(&ts, NULL);
}

/* ---- the test log (VITRINA_SPEECH_LOG) ---- */

/* One utterance (lang NULL: none, as for speech_stop) as the log's lines. */
static void log_line(const char *path, const char *lang, const char *text, bool interrupt)
{
	struct buf b = {0};
	const char *p;

	if (interrupt)
		buf_adds(&b, "-\n");
	if (lang != NULL) {
		buf_adds(&b, lang);
		buf_addc(&b, '\t');
		for (p = text; *p != '\0'; p++)
			buf_addc(&b, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
		buf_addc(&b, '\n');
	}
	write_file(path, O_APPEND, b.s, b.len);
	buf_free(&b);
}

/* Cut loose from the kiosk: its own session, no terminal (stdin, stdout and stderr on
 * /dev/null), the socket as fd 3 and no other descriptor, default signal handlers, and
 * killed with the kiosk. */
static void child_setup(int fd, pid_t parent)
{
	int s = fcntl(fd, F_DUPFD, 3), null = open("/dev/null", O_RDWR), i;
	sigset_t none;

	for (i = 0; i < 3; i++)
		dup2(null, i);
	dup2(s, 3);
	close_range(4, ~0U, 0);
	setsid();
	for (i = 1; i < NSIG; i++)
		signal(i, i == SIGPIPE ? SIG_IGN : SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
}

/* The voice program in the child; _exit, never exit, if it cannot start: the kiosk's
 * atexit handlers and LeakSanitizer stay out of it. */
static _Noreturn void child_main(int fd, pid_t parent, const struct speech *sp)
{
	char *argv[] = {(char *)VOICE_PROGRAM, sp->device, NULL};

	child_setup(fd, parent);
	execv(sp->program, argv);
	_exit(127);
}


/* ---- the kiosk's side ---- */

static int child_start(struct speech *sp, char **err)
{
	int sv[2];
	pid_t parent = getpid(), pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return set_error(err, "speech: cannot start: %s", strerror(errno));
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return set_error(err, "speech: cannot start: %s", strerror(errno));
	}
	if (pid == 0) {
		close(sv[0]);
		child_main(sv[1], parent, sp);
	}
	close(sv[1]);
	sp->fd = sv[0];
	sp->pid = pid;
	sp->started = now_ms_monotonic();
	return 0;
}

/* 1 once the child has ended and is reaped (or was reaped by someone else). */
static int child_reaped(pid_t pid, int wait_ms)
{
	int64_t end = now_ms_monotonic() + wait_ms;
	pid_t r;

	for (;;) {
		r = waitpid(pid, NULL, WNOHANG);
		if (r == pid || (r < 0 && errno == ECHILD))
			return 1;
		if (now_ms_monotonic() >= end)
			return 0;
		sleep_ms(2);
	}
}

/* Closing the socket ends the child; one that does not end in time is killed. One stuck
 * in the kernel even then is left behind rather than waited for. */
static void child_end(struct speech *sp)
{
	if (sp->fd >= 0)
		close(sp->fd);
	sp->fd = -1;
	if (sp->pid > 0 && !child_reaped(sp->pid, CLOSE_WAIT_MS)) {
		kill(sp->pid, SIGKILL);
		child_reaped(sp->pid, CLOSE_WAIT_MS);
	}
	sp->pid = 0;
}

static int child_restart(struct speech *sp)
{
	if (now_ms_monotonic() - sp->started <
	    env_long("VITRINA_SPEECH_RESTART_MS", RESTART_MS, 0, 600000))
		return -1;
	child_end(sp);
	return child_start(sp, NULL);
}

static int msg_send(struct speech *sp, const char *msg, size_t n)
{
	if (sp->fd < 0)
		return -1;
	return send(sp->fd, msg, n, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* A child that is gone, or that is not reading while new speech should cancel the old,
 * is started again; otherwise an utterance it cannot take now is dropped. */
static void msg_deliver(struct speech *sp, const char *msg, size_t n)
{
	if (msg_send(sp, msg, n) == 0)
		return;
	if (sp->fd >= 0 && errno != EPIPE && errno != ECONNRESET && errno != ENOTCONN &&
	    !(msg[0] == '!' && (errno == EAGAIN || errno == EWOULDBLOCK)))
		return;
	if (child_restart(sp) == 0)
		msg_send(sp, msg, n);
}

static void send_text(struct speech *sp, const char *lang, const char *text, size_t n,
		      bool interrupt)
{
	char *msg = xmalloc(MSG_HEAD + n);

	msg[0] = interrupt ? '!' : '.';
	memcpy(msg + 1, lang, 2);
	memcpy(msg + MSG_HEAD, text, n);
	msg_deliver(sp, msg, MSG_HEAD + n);
	free(msg);
}

/* How much of text goes in one message: all of it if it fits, else up to the last space
 * in the last quarter, else up to the start of a UTF-8 character. */
static size_t chunk_len(const char *text)
{
	size_t max = MSG_MAX - MSG_HEAD, n = strnlen(text, max + 1), cut;

	if (n <= max)
		return n;
	for (cut = max; cut > max * 3 / 4; cut--) {
		if (text[cut] == ' ')
			return cut + 1;
	}
	for (cut = max; cut > 0 && ((unsigned char)text[cut] & 0xc0) == 0x80; cut--)
		;
	return cut > 0 ? cut : max;
}

/* 0 if the voice program is there and finds espeak-ng's voices, else -1 with *err set
 * (its own words when it says what is missing). */
static int voice_ready(const char *program, char **err)
{
	char *argv[] = {(char *)VOICE_PROGRAM, (char *)"--check", NULL};
	struct buf out = {0};
	int rc;

	if (program == NULL)
		return set_error(err, "speech: the program %s is not installed", VOICE_PROGRAM);
	rc = run_program(program, argv, &out, 4096);
	if (rc != 0 && out.len > 0)
		set_error(err, "speech: %.*s", (int)strcspn(out.s, "\n"), out.s);
	else if (rc != 0)
		set_error(err, "speech: %s cannot start", VOICE_PROGRAM);
	buf_free(&out);
	return rc == 0 ? 0 : -1;
}

struct speech *speech_open(const char *device, char **err)
{
	struct speech *sp = xcalloc(1, sizeof *sp);
	const char *log = getenv("VITRINA_SPEECH_LOG"), *wav = getenv("VITRINA_SPEECH_WAV");

	sp->fd = -1;
	if (log != NULL && *log != '\0') {
		sp->log = xstrdup(log);
		return sp;
	}
	sp->device = device != NULL && *device != '\0' ? xstrdup(device) : NULL;
	sp->wav = wav != NULL && *wav != '\0' ? xstrdup(wav) : NULL;
	sp->program = program_path(VOICE_PROGRAM);
	if (voice_ready(sp->program, err) < 0 || child_start(sp, err) < 0) {
		speech_close(sp);
		return NULL;
	}
	return sp;
}

void speech_say(struct speech *sp, const char *lang, const char *text, bool interrupt)
{
	size_t n;

	if (sp == NULL)
		return;
	lang = speech_lang(lang);
	if (text == NULL)
		text = "";
	if (sp->log != NULL) {
		log_line(sp->log, lang, text, interrupt);
		return;
	}
	do {
		n = chunk_len(text);
		send_text(sp, lang, text, n, interrupt);
		text += n;
		interrupt = false;
	} while (*text != '\0');
}

void speech_stop(struct speech *sp)
{
	char msg[MSG_HEAD] = {'!', 'e', 'n'};

	if (sp == NULL)
		return;
	if (sp->log != NULL)
		log_line(sp->log, NULL, NULL, true);
	else
		msg_deliver(sp, msg, sizeof msg);
}

void speech_close(struct speech *sp)
{
	if (sp == NULL)
		return;
	child_end(sp);
	free(sp->device);
	free(sp->wav);
	free(sp->program);
	free(sp->log);
	free(sp);
}
