/* speech: the test log, real voices rendered to WAV files, and a sound device that does
 * not exist (nothing may reach the kiosk's screen). */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include "speech.h"
#include "t.h"
#include "util.h"

TEST(speech_log)
{
	const char *log = t_path(0, "speech.log");
	char *err = NULL, *got;
	struct speech *sp;

	setenv("VITRINA_SPEECH_LOG", log, 1);
	sp = speech_open("plughw:99,0", &err);
	if (!CHECK(sp != NULL))
		return;
	speech_say(sp, "lt", "Labas,\tčia\nvitrina", false);
	got = t_read_file(log);
	CHECK_STR(got, "lt\tLabas, čia vitrina\n");
	free(got);
	speech_say(sp, "de", "Hello", true);
	speech_say(sp, "ru", "Привет", false);
	speech_stop(sp);
	speech_close(sp);
	got = t_read_file(log);
	CHECK_STR(got, "lt\tLabas, čia vitrina\n-\nen\tHello\nru\tПривет\n-\n");
	free(got);
}

/* 1 if espeak-ng's data has the phoneme tables and the dictionary of each language. */
static int voices_installed(void)
{
	static const char *const files[] = {"phontab", "lt_dict", "en_dict", "ru_dict",
					    "pl_dict"};
	const char *path = NULL;
	size_t i;
	int ok = 1;

	espeak_ng_InitializePath(NULL);
	espeak_Info(&path);
	for (i = 0; ok && path != NULL && i < sizeof files / sizeof files[0]; i++) {
		char *f = xasprintf("%s/%s", path, files[i]);

		ok = access(f, R_OK) == 0;
		free(f);
	}
	return ok && path != NULL;
}

static uint32_t le(const unsigned char *p, int bytes)
{
	uint32_t v = 0;

	while (bytes-- > 0)
		v = v << 8 | p[bytes];
	return v;
}

/* Seconds of sound in a 16-bit mono PCM WAV, and its loudest sample; -1 if it is not
 * one. */
static double wav_seconds(const unsigned char *w, size_t len, int *peak)
{
	size_t off = 12, size, i;
	uint32_t rate = 0;

	if (len < 12 || memcmp(w, "RIFF", 4) != 0 || memcmp(w + 8, "WAVE", 4) != 0)
		return -1;
	for (; off + 8 <= len; off += 8 + size + (size & 1)) {
		size = le(w + off + 4, 4);
		if (size > len - off - 8)
			return -1;
		if (memcmp(w + off, "fmt ", 4) == 0 && size >= 16 && le(w + off + 8, 2) == 1 &&
		    le(w + off + 10, 2) == 1 && le(w + off + 22, 2) == 16)
			rate = le(w + off + 12, 4);
		if (memcmp(w + off, "data", 4) != 0 || rate == 0)
			continue;
		for (*peak = 0, i = 0; i + 1 < size; i += 2) {
			int s = (int16_t)le(w + off + 8 + i, 2);

			*peak = abs(s) > *peak ? abs(s) : *peak;
		}
		return (double)size / 2 / rate;
	}
	return -1;
}

/* Wait up to timeout_ms for path to exist. */
static int exists_wait(const char *path, int timeout_ms)
{
	int64_t end = now_ms_monotonic() + timeout_ms;
	struct stat st;

	while (stat(path, &st) != 0) {
		if (now_ms_monotonic() >= end)
			return 0;
		t_sleep_ms(10);
	}
	return 1;
}

static void check_voice(const char *lang, const char *text)
{
	const char *wav = t_path(1, lang);
	char *err = NULL, *data = NULL;
	size_t len = 0;
	int peak = 0;
	double secs;
	struct speech *sp;

	setenv("VITRINA_SPEECH_WAV", wav, 1);
	sp = speech_open(NULL, &err);
	if (!CHECK(sp != NULL))
		t_fail("speech_open: %s", err ? err : "?");
	speech_say(sp, "en", "Wait", true);
	CHECK(exists_wait(wav, 20000));
	/* Now the child waits for more: this one is spoken by the same child. */
	unlink(wav);
	speech_say(sp, lang, text, true);
	CHECK(exists_wait(wav, 20000));
	speech_close(sp);
	if (read_file(wav, 16 << 20, &data, &len, &err) < 0)
		t_fail("%s: %s", lang, err);
	secs = wav_seconds((const unsigned char *)data, len, &peak);
	if (!CHECK(secs >= 0.2) || !CHECK(peak > 1000))
		t_fail("%s: %.2f s, peak %d", lang, secs, peak);
	free(data);
}

TEST(speech_voices)
{
	unsetenv("VITRINA_SPEECH_LOG");
	if (!voices_installed())
		t_skip("espeak-ng's voices are not installed (apt-get install espeak-ng-data)");
	check_voice("lt", "Labas");
	check_voice("en", "Hello");
	check_voice("ru", "Привет");
	check_voice("pl", "Dzień dobry");
}

static off_t file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Everything the kiosk calls, on a device that does not exist, with our stderr in a file
 * (and a while for the child to try the device): nothing may be written there. */
static void bad_device(const char *errfile)
{
	char *err = NULL;
	int64_t t0 = now_ms_monotonic(), t1, end;
	struct speech *sp = speech_open("plughw:99,0", &err);

	CHECK(now_ms_monotonic() - t0 < 1000);
	CHECK(sp != NULL || (err != NULL && *err != '\0'));
	t1 = now_ms_monotonic();
	speech_say(sp, "lt", "Labas, čia vitrina.", false);
	speech_say(sp, "en", "Hello, this is vitrina.", true);
	CHECK(now_ms_monotonic() - t1 < 100);
	for (end = now_ms_monotonic() + 500; now_ms_monotonic() < end && file_size(errfile) == 0;)
		t_sleep_ms(10);
	t1 = now_ms_monotonic();
	speech_stop(sp);
	speech_close(sp);
	CHECK(now_ms_monotonic() - t1 < 1000);
	free(err);
}

TEST(speech_bad_device_is_quiet)
{
	const char *errfile = t_path(2, "stderr");
	int saved = dup(2), fd = open(errfile, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	char *got;

	unsetenv("VITRINA_SPEECH_LOG");
	unsetenv("VITRINA_SPEECH_WAV");
	if (saved < 0 || fd < 0)
		t_fail("cannot redirect stderr");
	dup2(fd, 2);
	close(fd);
	bad_device(errfile);
	dup2(saved, 2);
	close(saved);
	got = t_read_file(errfile);
	CHECK_STR(got, "");
	free(got);
}

/* The one child of this test process (from /proc), or 0. */
static pid_t only_child(void)
{
	char *path = xasprintf("/proc/self/task/%ld/children", (long)getpid());
	char *list = t_read_file(path);
	long pid = strtol(list, NULL, 10);

	free(path);
	free(list);
	return (pid_t)pid;
}

TEST(speech_child_crash_restarts)
{
	const char *wav = t_path(1, "out.wav");
	char *err = NULL;
	struct speech *sp;
	pid_t child;
	int64_t t0;

	unsetenv("VITRINA_SPEECH_LOG");
	if (!voices_installed())
		t_skip("espeak-ng's voices are not installed (apt-get install espeak-ng-data)");
	setenv("VITRINA_SPEECH_WAV", wav, 1);
	setenv("VITRINA_SPEECH_RESTART_MS", "0", 1);
	sp = speech_open(NULL, &err);
	if (!CHECK(sp != NULL))
		t_fail("speech_open: %s", err ? err : "?");
	child = only_child();
	if (child <= 0)
		t_skip("this kernel does not list a process's children in /proc");
	kill(child, SIGKILL);
	CHECK_INT(t_wait(child, 5000), -1);
	t0 = now_ms_monotonic();
	speech_say(sp, "lt", "Labas", true);
	CHECK(now_ms_monotonic() - t0 < 500);
	CHECK(exists_wait(wav, 20000));
	CHECK(only_child() > 0 && only_child() != child);
	speech_close(sp);
	CHECK_INT(only_child(), 0);
}
