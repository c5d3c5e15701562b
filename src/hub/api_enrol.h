/* api_enrol: POST /v1/enrol, where a kiosk exchanges a one-time code (made by
 * `vitrina-hub enrol create`) for a kiosk token. Open to anyone: the code is the
 * credential, so wrong codes are counted per client address and answered 429 for a
 * while once there are too many. The code is never logged. */
#ifndef VITRINA_HUB_API_ENROL_H
#define VITRINA_HUB_API_ENROL_H

#include "hub.h"

#define ENROL_MAX_WRONG   5             /* refused codes from one address ... */
#define ENROL_WINDOW_S    600           /* ... within this many seconds ... */
#define ENROL_BLOCK_S     600           /* ... block it for this long */

/* {"code": "K7M2-QX9P-4T", "kiosk_id"?: ID} -> 201 {"kiosk_id", "token", "token_id"};
 * 403 {"error": "forbidden", "reason": "unknown"|"expired"|"used"|"other_kiosk"|
 * "malformed", "message"} for a code refused; 429 with Retry-After when the client
 * address sent too many refused codes. */
void api_enrol(const struct hub_call *c, struct reply *r);

#endif
