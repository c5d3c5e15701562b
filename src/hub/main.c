#include <stdio.h>

int main(void)
{
	puts("vitrina-hub: not built yet");
	return 0;
}
