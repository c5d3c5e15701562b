/* Regression tests for the bugs the fuzz targets (tests/fuzz/) found, one test each;
 * the input that found each one stays in tests/fuzz/corpus/. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "kiosk_util.h"
#include "t.h"
#include "vt.h"

static const char one_case[] =
	"{\"cases\": [{\"id\": \"00000000-0000-4000-8000-000000000001\", \"person\": \"Ieva\","
	" \"municipality\": \"LT-43\", \"area\": \"humanities\", \"themes\": [\"community\"],"
	" \"title\": \"Repair cafe\", \"featured\": true, \"lang\": \"en\"}]}\n";

/* fuzz_keys: a mouse report whose column overflows curses' number (ncurses passes it on,
 * negative or past the screen) became a click, and a click anywhere leaves the attract
 * screen. A click off the screen now means nothing; F2 right after it still switches
 * the language on the attract screen. */
TEST(fuzz_regress_click_off_screen_is_ignored)
{
	sqlite3_close(kiosk_make_db(one_case));
	kiosk_start("default_language = en\nlanguages = en lt\n", 24, 80);
	if (!kiosk_expect("Press any key or touch the screen to start", 50))
		return;
	vt_send("\033[<0;311111111111111111111;1M\033[<0;311111111111111111111;1m"
		"\033[<0;5;99999M\033[<0;5;99999m" VT_F2);
	kiosk_expect("Paspausk bet kurį klavišą arba paliesk ekraną ir pradėk", 50);
	CHECK(!vt_contains("Ką norėtum atrasti?"));
	kiosk_finish();
}
