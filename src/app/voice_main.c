/* vitrina-voice: speaks what the kiosk sends on fd 3 (src/voice.h). Started by the
 * kiosk (src/speech.c), not by people. `vitrina-voice --check` says whether the voices
 * are installed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "voice.h"

int main(int argc, char **argv)
{
	const char *wav = getenv("VITRINA_SPEECH_WAV");
	char *err = NULL;

	if (argc > 1 && strcmp(argv[1], "--check") == 0) {
		if (voice_check(&err) == 0)
			return 0;
		fprintf(stderr, "%s\n", err);
		free(err);
		return 1;
	}
	if (wav != NULL && wav[0] == '\0')
		wav = NULL;
	return voice_run(3, argc > 1 && argv[1][0] != '\0' ? argv[1] : NULL, wav) < 0 ? 2 : 0;
}
