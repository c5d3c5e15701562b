/* A bare ncursesw program: the raw limit of the kiosk's cold start in `make bench`
 * (tests/bench_start.c). It paints one screen the way the kiosk starts (locale, the
 * terminal in raw mode, keypad, one line of text) and waits for a key or a signal. */
#define _XOPEN_SOURCE 600
#include <curses.h>
#include <locale.h>

int main(void)
{
	setlocale(LC_ALL, "");
	initscr();
	raw();
	noecho();
	keypad(stdscr, TRUE);
	mvaddstr(0, 0, "English");
	refresh();
	getch();
	endwin();
	return 0;
}
