/* voice: the speaking side of speech (speech.h), run as its own program, vitrina-voice,
 * so that espeak-ng and the sound libraries it brings are never mapped into the kiosk's
 * process. No curses.
 *
 * The kiosk sends one message per utterance down a SOCK_SEQPACKET socket (fd 3 of the
 * voice program), never waiting: a flag byte ('!' interrupt, '.' queue), two letters of
 * language, then the text. */
#ifndef VITRINA_VOICE_H
#define VITRINA_VOICE_H

#define VOICE_MSG_HEAD 3
#define VOICE_MSG_MAX  16384    /* longer text goes as several messages */
#define VOICE_PROGRAM  "vitrina-voice"

/* Speak the messages read from fd until it closes, on device (NULL: the system's
 * default), or render each into the WAV file wav (not NULL: nothing is played).
 * Returns 0 when fd closed, -1 if espeak-ng cannot start. */
int voice_run(int fd, const char *device, const char *wav);
/* 0 if espeak-ng's voices are installed, else -1 with *err set. */
int voice_check(char **err);

#endif
