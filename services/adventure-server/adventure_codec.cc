#include "services/adventure-server/adventure_codec.h"

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "schema/adventure.capnp.h"
#include "services/adventure-server/adventure_view.h"

namespace adventure {
namespace {

using capos::schema::Adventure;
using capos::schema::AdventureNpc;

// The largest View is below minResultBytes, so one first segment of that
// size holds any answer: no second segment, no far pointers.
constexpr unsigned kFirstWords = kMinResultBytes / sizeof(capnp::word);

// The core's bounds and enums are the schema's; a drift is a build error.
static_assert(Adventure::MAX_PLAYERS == kMaxPlayers);
static_assert(Adventure::MAX_ITEM_BYTES == kMaxItemBytes);
static_assert(Adventure::MAX_SAY_BYTES == kMaxSayBytes);
static_assert(Adventure::MAX_CARRIED == kMaxCarried);
static_assert(Adventure::MAX_HEARD == kMaxHeard);
static_assert(Adventure::MIN_RESULT_BYTES == kMinResultBytes);
static_assert(AdventureNpc::MAX_LINE_BYTES == kMaxLineBytes);
static_assert(uint16_t(Adventure::Outcome::NO_PLAYER) == uint16_t(Outcome::kNoPlayer));
static_assert(uint16_t(Adventure::Outcome::WORLD_FULL) == uint16_t(Outcome::kWorldFull));
static_assert(uint16_t(Adventure::Outcome::INVALID_TEXT) == uint16_t(Outcome::kInvalidText));
static_assert(uint16_t(Adventure::Outcome::NO_EXIT) == uint16_t(Outcome::kNoExit));
static_assert(uint16_t(Adventure::Direction::DOWN) == uint16_t(Direction::kDown));
static_assert(uint16_t(Adventure::Direction::EAST) == uint16_t(Direction::kEast));

// Text copied out during the decode (the reader may sit in a temporary
// aligned copy). A longer text is only measured: the world refuses it by its
// length alone.
template <size_t N>
struct TextArg {
  char bytes[N] = {};
  size_t len = 0;
  void Read(capnp::Text::Reader t) {
    len = t.size();
    if (len <= N) {
      for (size_t i = 0; i < len; ++i) bytes[i] = t.begin()[i];
    }
  }
};

// Parameterless methods: an empty buffer, or any well-formed message.
template <typename T>
bool CheckEmptyParams(const void* params, size_t len) {
  return len == 0 || caprt::Decode<T>(params, len, [](typename T::Reader) {}).ok();
}

template <typename T>
bool ReadItem(const void* params, size_t len, TextArg<kMaxItemBytes>& item) {
  return caprt::Decode<T>(params, len, [&](typename T::Reader p) { item.Read(p.getItem()); }).ok();
}

// Decodes the params of `verb` into `c` (pointing into `text`).
bool DecodeCommand(Verb verb, const void* params, size_t len, TextArg<kMaxSayBytes>& text,
                   Command& c) {
  c.verb = verb;
  TextArg<kMaxItemBytes> item;
  bool ok = false;
  switch (verb) {
    case Verb::kStatus:
      return CheckEmptyParams<Adventure::StatusParams>(params, len);
    case Verb::kLook:
      return CheckEmptyParams<Adventure::LookParams>(params, len);
    case Verb::kInventory:
      return CheckEmptyParams<Adventure::InventoryParams>(params, len);
    case Verb::kWho:
      return CheckEmptyParams<Adventure::WhoParams>(params, len);
    case Verb::kLeave:
      return CheckEmptyParams<Adventure::LeaveParams>(params, len);
    case Verb::kGo:
      return caprt::Decode<Adventure::GoParams>(params, len,
                                                [&](Adventure::GoParams::Reader p) {
                                                  c.direction =
                                                      static_cast<uint16_t>(p.getDirection());
                                                })
          .ok();
    case Verb::kSay:
      ok = caprt::Decode<Adventure::SayParams>(params, len, [&](Adventure::SayParams::Reader p) {
             text.Read(p.getText());
           }).ok();
      c.text = text.bytes;
      c.text_len = text.len;
      return ok;
    case Verb::kTake:
      ok = ReadItem<Adventure::TakeParams>(params, len, item);
      break;
    case Verb::kDrop:
      ok = ReadItem<Adventure::DropParams>(params, len, item);
      break;
    case Verb::kUse:
      ok = ReadItem<Adventure::UseParams>(params, len, item);
      break;
  }
  for (size_t i = 0; i < item.len && i < kMaxItemBytes; ++i) text.bytes[i] = item.bytes[i];
  c.text = text.bytes;
  c.text_len = item.len;
  return ok;
}

// Every verb's results struct is one pointer: the View.
Adventure::View::Builder InitResults(capnp::MessageBuilder& b, Verb verb) {
  switch (verb) {
    case Verb::kStatus:
      return b.initRoot<Adventure::StatusResults>().initView();
    case Verb::kLook:
      return b.initRoot<Adventure::LookResults>().initView();
    case Verb::kInventory:
      return b.initRoot<Adventure::InventoryResults>().initView();
    case Verb::kGo:
      return b.initRoot<Adventure::GoResults>().initView();
    case Verb::kTake:
      return b.initRoot<Adventure::TakeResults>().initView();
    case Verb::kDrop:
      return b.initRoot<Adventure::DropResults>().initView();
    case Verb::kUse:
      return b.initRoot<Adventure::UseResults>().initView();
    case Verb::kSay:
      return b.initRoot<Adventure::SayResults>().initView();
    case Verb::kWho:
      return b.initRoot<Adventure::WhoResults>().initView();
    case Verb::kLeave:
      break;
  }
  return b.initRoot<Adventure::LeaveResults>().initView();
}

void Encode(capnp::MessageBuilder& builder, void* out, size_t cap, HandleResult& r) {
  caprt::EncodeResult e = caprt::EncodeMessage(builder, out, cap);
  r.error = e.error;
  r.length = e.length;
}

void CopyLog(const char* from, HandleResult& r) {
  size_t i = 0;
  for (; from[i] != '\0' && i + 1 < sizeof(r.log); ++i) r.log[i] = from[i];
  r.log[i] = '\0';
}

}  // namespace

Caller CallerFromRecv(const abi::RecvHeader& h) {
  // schema/authority.capnp PrincipalClass numbering.
  static const char* const kClasses[] = {"anonymous", "guest", "user", "operator", "service"};
  Caller c;
  c.session_ref = h.session_ref;
  if ((h.disclosed & abi::kDisclosedClasses) != 0 && h.principal_class < 5) {
    c.principal = kClasses[h.principal_class];
  }
  return c;
}

HandleResult Handle(World& world, uint16_t method, const void* params, size_t params_len,
                    const Caller& caller, void* result, size_t result_cap) {
  HandleResult r;
  if (method > static_cast<uint16_t>(Verb::kLeave)) {
    r.error = abi::Error::kBadMethod;
    return r;
  }
  if (result == nullptr || result_cap < kMinResultBytes) {
    r.error = abi::Error::kResultTooSmall;
    r.length = kMinResultBytes;
    return r;
  }
  Verb verb = static_cast<Verb>(method);
  TextArg<kMaxSayBytes> text;
  Command command;
  if (!DecodeCommand(verb, params, params_len, text, command)) {
    r.error = abi::Error::kMalformedMessage;
    return r;
  }
  Reply reply = world.Apply(caller, command);
  capnp::MallocMessageBuilder builder(kFirstWords);
  BuildView(world, reply, InitResults(builder, verb));
  Encode(builder, result, result_cap, r);
  CopyLog(reply.log, r);
  return r;
}

HandleResult HandleRecv(World& world, const abi::RecvHeader& h, const void* params, void* result,
                        size_t result_cap) {
  if (h.interface_id != kAdventureInterfaceId) {
    HandleResult r;
    r.error = abi::Error::kWrongInterface;
    return r;
  }
  return Handle(world, h.method, params, h.params_len, CallerFromRecv(h), result, result_cap);
}

}  // namespace adventure
