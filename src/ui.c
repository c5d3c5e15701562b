#include <stdio.h>

#include "cli.h"

int kiosk_main(const struct options *o)
{
	(void)o;
	puts("vitrina: the kiosk screen is not built yet");
	return 0;
}
