/* lwIP port for the capOS kernel: compiler and platform glue.
 * lwIP is C; these hooks are implemented in kernel/net/lwip_port.cc. */
#ifndef CAPOS_LWIP_ARCH_CC_H
#define CAPOS_LWIP_ARCH_CC_H

#ifdef __cplusplus
extern "C" {
#endif
void capos_lwip_diag(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
void capos_lwip_assert(const char* msg, const char* file, int line) __attribute__((noreturn));
unsigned int capos_lwip_rand(void);
#ifdef __cplusplus
}
#endif

/* x86_64 only. */
#define BYTE_ORDER LITTLE_ENDIAN

/* No <inttypes.h> or <ctype.h> in the freestanding kernel; lwIP has its own
 * ctype fallbacks and we give it printf formats our klog understands. */
#define LWIP_NO_INTTYPES_H 1
#define LWIP_NO_CTYPE_H 1
#define X8_F "02x"
#define U16_F "u"
#define S16_F "d"
#define X16_F "x"
#define U32_F "u"
#define S32_F "d"
#define X32_F "x"
#define SZT_F "lu"

#define PACK_STRUCT_STRUCT __attribute__((packed))

/* A failed lwIP assertion is a kernel bug: panic with the location. */
#define LWIP_PLATFORM_DIAG(x) \
  do {                        \
    capos_lwip_diag x;        \
  } while (0)
#define LWIP_PLATFORM_ASSERT(x) capos_lwip_assert((x), __FILE__, __LINE__)

/* DHCP transaction ids, TCP initial sequence numbers, ephemeral ports. */
#define LWIP_RAND() ((u32_t)capos_lwip_rand())

#endif
