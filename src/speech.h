/* speech: spoken screens for blind and low-vision visitors, with espeak-ng. No curses.
 *
 * The voice runs in a child process of its own, so the kiosk never waits for sound and
 * never sees a sound library's messages: a speech side that crashes or hangs only goes
 * quiet (a child that died is started again, at most once every few seconds, when there
 * is something to say). speech_open and speech_say may fork, so the program calling
 * them should have no other threads.
 *
 * Test hooks, in the environment (LOG and WAV are read by speech_open):
 *   VITRINA_SPEECH_LOG=FILE  nothing is played and no child is started; each utterance
 *                            is appended to FILE at once as one line "LANG<TAB>TEXT\n"
 *                            (tabs and line ends in the text become spaces), after a
 *                            line "-\n" when it interrupts; speech_stop writes "-\n".
 *   VITRINA_SPEECH_WAV=FILE  nothing is played; the child renders each utterance into
 *                            FILE as a 16-bit mono PCM WAV, replacing the file whole
 *                            (written beside it, then renamed) once the utterance is
 *                            rendered.
 *   VITRINA_SPEECH_RESTART_MS=N  the least time between starting a child and starting
 *                            the next one after it died (5000 ms).
 * VITRINA_SPEECH_LOG wins when both are set. */
#ifndef VITRINA_SPEECH_H
#define VITRINA_SPEECH_H

#include <stdbool.h>

struct speech;

/* Start speech on device (an ALSA device name, NULL or "": the system's default).
 * Returns NULL with *err set (plain words) when it cannot start. Never blocks for long,
 * never writes to the terminal. */
struct speech *speech_open(const char *device, char **err);
/* Speak text (UTF-8) in lang ("lt", "en", "ru", "pl"; any other: "en"). interrupt: first
 * stop what is being spoken and drop what is queued (new speech cancels the old).
 * Returns at once: never waits for the sound (text the speech side cannot take now is
 * dropped). sp NULL: nothing. */
void speech_say(struct speech *sp, const char *lang, const char *text, bool interrupt);
/* Stop speaking and drop the queue. sp NULL: nothing. */
void speech_stop(struct speech *sp);
/* Stop and free; NULL is fine. */
void speech_close(struct speech *sp);

#endif
