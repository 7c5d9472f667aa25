// libFuzzer target over paperclips::Handle(): a fresh table per input,
// then a sequence of calls with arbitrary method ordinals, sessions, result
// buffer sizes and params bytes, with clock steps in between. Every answer
// must be a typed error or a View the official reader accepts and that
// respects the bounds.
//
// Input: repeated records of
//   [method u8][session u8][cap u8][len u16 little-endian][len bytes]
// method 0xff advances every game by `len` ticks instead of calling; bit 7
// otherwise wraps the bytes in a well-formed params message (the cents of
// setPrice, the id of project) so short runs reach deep states; session
// % 6 picks no session or one of five; cap scales the result buffer (0 =
// none, small values below kMinResultBytes).
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <vector>

#include "schema/paperclips.capnp.h"
#include "services/paperclips-server/paperclips_codec.h"

namespace {

using capos::schema::Paperclips;

void Check(bool ok) {
  if (!ok) abort();
}

void CheckReply(const uint8_t* out, size_t len) {
  Check(len % sizeof(capnp::word) == 0 && len <= paperclips::kMinResultBytes);
  std::vector<capnp::word> words(len / sizeof(capnp::word));
  memcpy(words.data(), out, len);
  capnp::FlatArrayMessageReader reader(kj::arrayPtr(words.data(), words.size()));
  auto v = reader.getRoot<Paperclips::StatusResults>().getView();
  Check(static_cast<uint16_t>(v.getOutcome()) <=
        static_cast<uint16_t>(Paperclips::Outcome::INVALID_TEXT));
  Check(v.getMessage().size() < 96);
  Check(v.getCommands().size() == 0 || v.getCommands().size() == 5);
  Check(v.getProjects().size() <= paperclips::kProjectCount);
  Check(v.getPriceCents() == 0 || (v.getPriceCents() >= paperclips::kMinPriceCents &&
                                   v.getPriceCents() <= paperclips::kMaxPriceCents));
  Check(v.getDemandPercent() <= 100);
  for (auto p : v.getProjects()) Check(!(p.getAvailable() && p.getDone()));
}

std::vector<uint8_t> Wrap(uint16_t method, const uint8_t* data, size_t len) {
  capnp::MallocMessageBuilder b;
  if (method == static_cast<uint16_t>(paperclips::Method::kSetPrice)) {
    uint32_t cents = 0;
    memcpy(&cents, data, len < 4 ? len : 4);
    b.initRoot<Paperclips::SetPriceParams>().setCents(cents % 1200);
  } else {
    b.initRoot<Paperclips::ProjectParams>().setId(
        capnp::Text::Reader(reinterpret_cast<const char*>(data), len));
  }
  auto words = capnp::messageToFlatArray(b);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  paperclips::Table table;
  static uint8_t out[paperclips::kMinResultBytes * 2];
  size_t at = 0;
  while (at + 5 <= size) {
    uint8_t method = data[at];
    uint64_t session = data[at + 1] % 6;
    size_t cap = static_cast<size_t>(data[at + 2]) * 64;
    size_t len = data[at + 3] | (static_cast<size_t>(data[at + 4]) << 8);
    at += 5;
    if (method == 0xff) {
      table.Advance(len % 256);
      continue;
    }
    if (len > size - at) len = size - at;
    const uint8_t* params = data + at;
    at += len;
    std::vector<uint8_t> wrapped;
    uint16_t m = method & 0x7f;
    if ((method & 0x80) != 0) {
      wrapped = Wrap(m, params, len);
      params = wrapped.data();
      len = wrapped.size();
    }
    paperclips::HandleResult r =
        paperclips::Handle(table, m, params, len, session, cap == 0 ? nullptr : out, cap);
    if (r.error == abi::Error::kOk) {
      Check(cap >= paperclips::kMinResultBytes);
      CheckReply(out, r.length);
    }
    Check(table.count() <= paperclips::kMaxGames);
  }
  return 0;
}
