// Validation of what a virtio-rng device hands back through its used ring.
// The device is untrusted: the driver posts exactly one buffer at a time,
// and every used index, descriptor id and length is checked here before a
// byte is copied out. Pure and freestanding, so it builds for the host too
// (unit tests, libFuzzer).
#pragma once

#include <stdint.h>

#include "kernel/drivers/virtio_legacy.h"

namespace virtio_rng {

using virtio_legacy::UsedElem;

// How far the device's used->idx moved since the last index we consumed.
// With one buffer in flight the only honest answers are "not yet" and
// "exactly one"; anything else means the ring is corrupt.
enum class Progress : uint8_t { kNone, kOne, kCorrupt };
Progress progress(uint16_t last_seen, uint16_t device_idx);

enum class Verdict : uint8_t {
  kOk,
  kEmpty,    // zero bytes written: legal but useless; the caller may retry
  kBadId,    // not the descriptor we posted
  kTooLong,  // claims more bytes than the buffer holds
};
const char* verdict_name(Verdict v);

// Checks the single completion for the buffer we posted as descriptor
// `posted_id` with room for `posted_len` bytes. On kOk, *got is the number
// of random bytes, always in [1, posted_len].
Verdict check_used(UsedElem e, uint16_t posted_id, uint32_t posted_len, uint32_t* got);

}  // namespace virtio_rng
