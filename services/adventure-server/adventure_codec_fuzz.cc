// libFuzzer target over adventure::Handle() and HandleNpc(): a fresh world
// per input, then a sequence of calls with arbitrary method ordinals,
// callers, result buffer sizes and params bytes. Every answer must be a
// typed error that changed nothing, or a result message that the official
// reader accepts, that respects the bounds and that fits minResultBytes.
//
// Input: repeated records of
//   [method u8][caller u8][cap u8][len u16 little-endian][len params bytes]
// method % 12: 0..9 Adventure verbs, 10 AdventureNpc.act, 11 a bad ordinal.
// method bit 7 wraps the params bytes in a well-formed params message (an
// item name from the world when the first byte is small) so short runs reach
// deep states; caller % 5 picks session 0 (unbound) or one of four sessions,
// and its top bit makes the params buffer unaligned; cap scales the result
// buffer (0 = none).
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <memory>
#include <string>
#include <vector>

#include "schema/adventure.capnp.h"
#include "services/adventure-server/adventure_codec.h"

namespace {

using adventure::kMinResultBytes;
using capos::schema::Adventure;
using capos::schema::AdventureNpc;

constexpr uint16_t kAct = 10;
constexpr size_t kOutBytes = 16 * 1024;  // caprt::Server's buffer

void Check(bool ok) {
  if (!ok) abort();
}

void CheckView(Adventure::View::Reader v) {
  Check(static_cast<uint16_t>(v.getOutcome()) <= uint16_t(adventure::Outcome::kNoPlayer));
  Check(v.getMaxScore() == adventure::kMaxScore && v.getScore() <= v.getMaxScore());
  Check(v.getYou().size() <= adventure::kMaxNameBytes);
  Check(v.getInventory().size() <= adventure::kMaxCarried);
  Check(v.getHeard().size() <= adventure::kMaxHeard);
  Check(v.getOthers().size() < adventure::kMaxPlayers + adventure::kNpcCount);
  Check(v.getPlayers().size() <= adventure::kMaxPlayers + adventure::kNpcCount);
  for (auto h : v.getHeard()) {
    Check(h.getText().size() > 0 && h.getText().size() <= adventure::kMaxSayBytes);
  }
}

void CheckReply(uint16_t method, const uint8_t* out, size_t len) {
  // Every caller's buffer is at least minResultBytes: a longer reply would
  // be a state change the caller never learns of.
  Check(len % sizeof(capnp::word) == 0 && len <= kMinResultBytes);
  std::vector<capnp::word> words(len / sizeof(capnp::word));
  memcpy(words.data(), out, len);
  capnp::FlatArrayMessageReader reader(kj::arrayPtr(words.data(), words.size()));
  if (method == kAct) {
    auto a = reader.getRoot<AdventureNpc::ActResults>();
    Check(a.getName().size() > 0 && a.getRoom().size() > 0);
  } else {
    CheckView(reader.getRoot<Adventure::LookResults>().getView());
  }
}

std::vector<uint8_t> Bytes(capnp::MessageBuilder& builder) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(builder);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

// A well-formed params message for `method` built from raw fuzz bytes.
std::vector<uint8_t> Wrap(uint16_t method, const uint8_t* p, size_t len) {
  capnp::MallocMessageBuilder builder;
  std::string text(reinterpret_cast<const char*>(p), len);
  if (len > 0 && p[0] < adventure::kItemCount) text = adventure::ItemAt(p[0]).name;
  capnp::Text::Reader t(text.c_str(), text.size());
  switch (method) {
    case uint16_t(adventure::Verb::kGo):
      builder.initRoot<Adventure::GoParams>().setDirection(
          static_cast<Adventure::Direction>(len > 0 ? p[0] % 8 : 0));
      break;
    case uint16_t(adventure::Verb::kTake):
    case uint16_t(adventure::Verb::kDrop):
    case uint16_t(adventure::Verb::kUse):
      builder.initRoot<Adventure::TakeParams>().setItem(t);
      break;
    case uint16_t(adventure::Verb::kSay):
      builder.initRoot<Adventure::SayParams>().setText(t);
      break;
    case kAct: {
      static const char* const kNpcs[] = {"", "Grimble", "Mossy", "Pip", "Nobody"};
      auto a = builder.initRoot<AdventureNpc::ActParams>();
      a.setNpc(kNpcs[len > 0 ? p[0] % 5 : 0]);
      std::string line = len > 1 ? std::string(reinterpret_cast<const char*>(p + 1), len - 1) : "";
      a.setLine(capnp::Text::Reader(line.c_str(), line.size()));
      break;
    }
    default:
      builder.initRoot<Adventure::LookParams>();
  }
  return Bytes(builder);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<adventure::World> world;
  static std::unique_ptr<uint8_t[]> before(new uint8_t[sizeof(adventure::World)]);
  world = std::make_unique<adventure::World>();
  static uint8_t out[kOutBytes];
  size_t pos = 0;
  while (size - pos >= 5) {
    const uint8_t* rec = data + pos;
    uint16_t method = rec[0] % 12;
    bool wrap = rec[0] & 0x80;
    uint8_t who = rec[1] % 5;
    bool unaligned = rec[1] & 0x80;
    size_t cap = rec[2] == 0 ? 0 : size_t(rec[2]) * 64;
    if (cap > sizeof(out)) cap = sizeof(out);
    size_t len = rec[3] | size_t(rec[4]) << 8;
    pos += 5;
    if (len > size - pos) len = size - pos;
    const uint8_t* raw = data + pos;
    pos += len;
    static const char* const kClasses[] = {"player", "anonymous", "guest", "user", "operator"};
    adventure::Caller caller;
    caller.session_ref = who == 0 ? adventure::kNoSession : 0x1000 + who;
    caller.principal = kClasses[who];
    std::vector<uint8_t> wrapped;
    if (wrap) {
      wrapped = Wrap(method, raw, len);
      raw = wrapped.data();
      len = wrapped.size();
    }
    // A heap copy that ends exactly after the params, so ASan sees any
    // over-read.
    std::unique_ptr<uint8_t[]> copy(new uint8_t[len + unaligned]);
    uint8_t* params = copy.get() + unaligned;
    memcpy(params, raw, len);
    memcpy(before.get(), world.get(), sizeof(adventure::World));
    uint8_t* result = cap ? out : nullptr;
    adventure::HandleResult r =
        method == kAct ? adventure::HandleNpc(*world, 0, params, len, result, cap)
        : method == 11 ? adventure::Handle(*world, 10 + rec[3], params, len, caller, result, cap)
                       : adventure::Handle(*world, method, params, len, caller, result, cap);
    if (r.error == abi::Error::kOk) {
      CheckReply(method, out, r.length);
    } else {
      // A refused call changes nothing at all.
      Check(memcmp(before.get(), world.get(), sizeof(adventure::World)) == 0);
      Check(r.error == abi::Error::kBadMethod || r.error == abi::Error::kMalformedMessage ||
            r.error == abi::Error::kResultTooSmall);
      Check(r.log[0] == '\0');
    }
    Check(world->player_count() <= adventure::kMaxPlayers);
  }
  return 0;
}
