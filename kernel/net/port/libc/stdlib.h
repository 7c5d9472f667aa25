/* The part of <stdlib.h> lwIP's core may reference (atoi in a few parsers),
 * for the -nostdinc kernel build. Implemented in kernel/net/libc_extra.cc. */
#ifndef CAPOS_NET_STDLIB_H
#define CAPOS_NET_STDLIB_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif
int atoi(const char* s);
#ifdef __cplusplus
}
#endif
#endif
