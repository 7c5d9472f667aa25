// Host-only helpers for the tests and the fuzz target: the client side of
// framing, which the library itself never needs (a server only reads masked
// frames and only writes unmasked ones).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string>
#include <vector>

#include "services/lib/websocket/frame_reader.h"
#include "services/lib/websocket/test_mask.h"

namespace websocket::test {

// A client frame, with knobs for every way to get one wrong.
struct ClientFrame {
  uint8_t opcode = 0x1;
  std::string payload;
  bool fin = true;
  uint8_t rsv = 0;  // RSV1-3 as bits 0x4, 0x2, 0x1
  bool masked = true;
  uint8_t key[4] = {0x37, 0xFA, 0x21, 0x3D};
  // 0 = shortest form; 126 or 127 forces the 16- or 64-bit form.
  int length_form = 0;
  // If set, announced instead of payload.size() (the payload is still sent).
  bool override_length = false;
  uint64_t announced_length = 0;
};

std::vector<uint8_t> Encode(const ClientFrame& f);
std::vector<uint8_t> Cat(std::initializer_list<std::vector<uint8_t>> parts);

// One event copied out of the reader (its pointers die on the next Feed).
struct Got {
  EventType type = EventType::kNone;
  std::string data;
  uint16_t code = 0;
  Failure failure = Failure::kNone;
  bool operator==(const Got& o) const {
    return type == o.type && data == o.data && code == o.code && failure == o.failure;
  }
};
void PrintTo(const Got& g, std::ostream* os);

Got Text(const std::string& s);
Got Binary(const std::string& s);
Got Ping(const std::string& s);
Got Pong(const std::string& s);
Got Close(uint16_t code, const std::string& reason = "");
Got Failed(Failure f, uint16_t code);

// Feeds in to a fresh reader in chunks of at most `chunk` bytes, draining
// each chunk with repeated Feed calls, until the input ends or the reader is
// done. Checks progress and that a done reader takes nothing more.
std::vector<Got> FeedInChunks(const std::vector<uint8_t>& in, size_t chunk,
                              size_t max_message = 1024);

// The events of FeedInChunks for the whole input at once, after checking
// (gtest EXPECT) that feeding 1, 2, 3, 5 and 13 bytes at a time gives the
// same events: every test is also a byte-by-byte test.
std::vector<Got> Read(const std::vector<uint8_t>& in, size_t max_message = 1024);

}  // namespace websocket::test
