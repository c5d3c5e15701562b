/* voice: espeak-ng speaking what the kiosk sends (voice.h).
 *
 * The voice is picked inside the text, as SSML <speak xml:lang="lt">, and not with
 * espeak_ng_SetVoiceByName: in async mode that call changes the voice at once, from this
 * thread, while espeak's own thread may still be speaking the last utterance. */
#include "voice.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include "util.h"

/* ---- WAV files (VITRINA_SPEECH_WAV) ---- */

static struct buf wav_pcm;

static int wav_collect(short *wav, int n, espeak_EVENT *ev)
{
	int i;

	(void)ev;
	for (i = 0; wav != NULL && i < n; i++) {
		buf_addc(&wav_pcm, (char)(wav[i] & 0xff));
		buf_addc(&wav_pcm, (char)((wav[i] >> 8) & 0xff));
	}
	return 0;
}

static void put_le(struct buf *b, uint32_t v, int bytes)
{
	int i;

	for (i = 0; i < bytes; i++)
		buf_addc(b, (char)((v >> (8 * i)) & 0xff));
}

static void wav_header(struct buf *b, uint32_t rate, uint32_t data_len)
{
	buf_adds(b, "RIFF");
	put_le(b, 36 + data_len, 4);
	buf_adds(b, "WAVEfmt ");
	put_le(b, 16, 4);
	put_le(b, 1, 2);        /* PCM */
	put_le(b, 1, 2);        /* mono */
	put_le(b, rate, 4);
	put_le(b, rate * 2, 4); /* bytes a second */
	put_le(b, 2, 2);        /* bytes a frame */
	put_le(b, 16, 2);       /* bits a sample */
	buf_adds(b, "data");
	put_le(b, data_len, 4);
}

/* Written beside path and renamed, so that a reader sees a whole file or none. */
static void wav_write(const char *path)
{
	struct buf b = {0};
	char *tmp = xasprintf("%s.tmp", path);

	wav_header(&b, (uint32_t)espeak_ng_GetSampleRate(), (uint32_t)wav_pcm.len);
	buf_add(&b, wav_pcm.s, wav_pcm.len);
	unlink(tmp);
	write_file(tmp, O_TRUNC, b.s, b.len);
	rename(tmp, path);
	free(tmp);
	buf_free(&b);
}


static char *ssml_make(const char *lang, const char *text)
{
	struct buf b = {0};
	const char *p;

	buf_addf(&b, "<speak xml:lang=\"%s\">", lang);
	for (p = text; *p != '\0'; p++) {
		if (*p == '<')
			buf_adds(&b, "&lt;");
		else if (*p == '>')
			buf_adds(&b, "&gt;");
		else if (*p == '&')
			buf_adds(&b, "&amp;");
		else
			buf_addc(&b, *p);
	}
	buf_adds(&b, "</speak>");
	return buf_take(&b);
}

static void child_speak(char *msg, size_t n, const char *wav)
{
	char lang[3] = {msg[1], msg[2], '\0'};
	char *ssml;

	if (msg[0] == '!')
		espeak_ng_Cancel();
	if (n == VOICE_MSG_HEAD)
		return;
	ssml = ssml_make(lang, msg + VOICE_MSG_HEAD);
	wav_pcm.len = 0;
	espeak_ng_Synthesize(ssml, strlen(ssml) + 1, 0, POS_CHARACTER, 0,
			     espeakCHARS_UTF8 | espeakSSML, NULL, NULL);
	if (wav != NULL)
		wav_write(wav);
	free(ssml);
}

/* 1 if the next message is already here and cancels this one, or the kiosk has closed
 * the socket: a visitor moving quickly through a list is not read every line. */
static int superseded(int fd)
{
	char flag;
	ssize_t n = recv(fd, &flag, 1, MSG_PEEK | MSG_DONTWAIT);

	return n == 0 || (n == 1 && flag == '!');
}

static void child_loop(int fd, const char *wav)
{
	char *msg = xmalloc(VOICE_MSG_MAX + 1);
	ssize_t n;

	for (;;) {
		n = recv(fd, msg, VOICE_MSG_MAX, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < VOICE_MSG_HEAD)
			break;
		msg[n] = '\0';
		if (!superseded(fd))
			child_speak(msg, (size_t)n, wav);
	}
	free(msg);
}

static int voice_init(const char *device, const char *wav)
{
	espeak_ng_OUTPUT_MODE mode = ENOUTPUT_MODE_SPEAK_AUDIO;

	espeak_ng_InitializePath(NULL);
	if (espeak_ng_Initialize(NULL) != ENS_OK)
		return -1;
	if (wav != NULL) {
		espeak_SetSynthCallback(wav_collect);
		mode = ENOUTPUT_MODE_SYNCHRONOUS;
		device = NULL;
	}
	if (espeak_ng_InitializeOutput(mode, 0, device) != ENS_OK)
		return -1;
	return espeak_ng_SetVoiceByName("en") == ENS_OK ? 0 : -1;
}

int voice_run(int fd, const char *device, const char *wav)
{
	if (voice_init(device, wav) < 0)
		return -1;
	child_loop(fd, wav);
	return 0;
}

int voice_check(char **err)
{
	const char *path = NULL;
	char *phontab;
	int ok;

	espeak_ng_InitializePath(NULL);
	espeak_Info(&path);
	phontab = xasprintf("%s/phontab", path != NULL ? path : "");
	ok = access(phontab, R_OK) == 0;
	free(phontab);
	if (ok)
		return 0;
	return set_error(err, "the voices are not installed (the Debian package "
			 "espeak-ng-data)");
}
