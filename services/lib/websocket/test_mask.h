// Host-only test helper, kept apart from test_frames (which needs gtest) so
// the fuzz target can use it: the client side of masking, which the library
// never needs (a server only reads masked frames and writes unmasked ones).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace websocket::test {

// Turns a frame from the server writer into the client's masked form: sets
// the mask bit, inserts key after the length and masks the payload. Returns
// the new size (frame size + 4), or 0 if the frame is malformed or out is
// too small. Plain C types so the fuzz target can use it without allocating.
size_t MaskServerFrame(const uint8_t* frame, size_t len, const uint8_t key[4], uint8_t* out,
                       size_t cap);

}  // namespace websocket::test
