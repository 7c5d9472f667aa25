// The CPU entropy source behind mbedTLS's MBEDTLS_ENTROPY_HARDWARE_ALT hook
// (mbedtls_hardware_poll). RDSEED is preferred (it is the conditioned
// entropy source itself); RDRAND (a DRBG reseeded by that source) is the
// fallback. With neither, polling fails cleanly: mbedTLS then reports
// MBEDTLS_ERR_ENTROPY_SOURCE_FAILED / CTR_DRBG seed failure instead of
// running on zero entropy. The kernel's EntropySource cap (virtio-rng) is the
// later fallback for CPUs without either instruction.
#ifndef CAPRT_MBEDTLS_HARDWARE_ENTROPY_H_
#define CAPRT_MBEDTLS_HARDWARE_ENTROPY_H_

#include <stddef.h>
#include <stdint.h>

namespace caprt::entropy {

enum class Source : uint8_t { kNone, kRdrand, kRdseed };

// Which instruction polling uses on this CPU (CPUID, read once per call).
Source detect();

// Fills out[0, len) from `source`. Returns the bytes written: len, or fewer
// if the instruction kept failing (retries are bounded, never a hang).
// kNone writes nothing.
size_t fill(Source source, uint8_t* out, size_t len);

}  // namespace caprt::entropy

// mbedTLS's MBEDTLS_ENTROPY_HARDWARE_ALT hook, defined in hardware_entropy.cc
// (declared here too because the host config does not enable the hook).
extern "C" int mbedtls_hardware_poll(void* data, unsigned char* output, size_t len, size_t* olen);

#endif  // CAPRT_MBEDTLS_HARDWARE_ENTROPY_H_
