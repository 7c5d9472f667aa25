#include "services/lib/remote-session/descriptors.h"

#include <string.h>

#include <capnp/message.h>

#include "layout/adventure.capnp.layout.h"
#include "layout/paperclips.capnp.layout.h"
#include "libcaprt/capnp_glue.h"
#include "schema/adventure.capnp.h"
#include "schema/paperclips.capnp.h"

namespace remote_session {
namespace {

namespace L = capos::layout;
namespace S = capos::schema;

constexpr uint32_t kR = kRightRead;
constexpr uint32_t kW = kRightWrite;
constexpr uint32_t kC = kRightControl;

// Parameter lists shared by several methods.
const ParamDescriptor kChatText[] = {{"text", ParamType::kText, 1, kMaxChatTextBytes, nullptr, 0}};
const ParamDescriptor kSinceSeq[] = {{"sinceSeq", ParamType::kUint, 0, ~0ull, nullptr, 0}};
const ParamDescriptor kProfile[] = {
    {"profile", ParamType::kText, 1, kMaxServiceNameBytes, nullptr, 0}};
const char* const kDirections[] = {"north", "south", "east", "west", "up", "down"};
const ParamDescriptor kDirection[] = {{"direction", ParamType::kEnum, 0, 0, kDirections, 6}};
const ParamDescriptor kItem[] = {
    {"item", ParamType::kText, 1, S::Adventure::MAX_ITEM_BYTES, nullptr, 0}};
const ParamDescriptor kSay[] = {
    {"text", ParamType::kText, 1, S::Adventure::MAX_SAY_BYTES, nullptr, 0}};
const ParamDescriptor kPrice[] = {{"cents", ParamType::kUint, S::Paperclips::MIN_PRICE_CENTS,
                                   S::Paperclips::MAX_PRICE_CENTS, nullptr, 0}};
const ParamDescriptor kProject[] = {
    {"id", ParamType::kText, 1, S::Paperclips::MAX_PROJECT_ID_BYTES, nullptr, 0}};

#define RS_PARAMS(p) p, sizeof(p) / sizeof(p[0])

const MethodDescriptor kSessionMethods[] = {
    {"sessionInfo", "this session's summary", nullptr, 0, 0, kR},
};
const MethodDescriptor kSystemMethods[] = {
    {"systemMotd", "the message of the day", nullptr, 0, 0, kR},
    {"systemBuildInfo", "what this system was built from", nullptr, 0, 0, kR},
};
const MethodDescriptor kChatMethods[] = {
    {"chatJoin", "join the room", nullptr, 0, 0, kW},
    {"chatLeave", "leave the room", nullptr, 0, 0, kW},
    {"chatSend", "say something in the room", RS_PARAMS(kChatText), 0, kW},
    {"chatWho", "who is in the room", nullptr, 0, 0, kR},
    {"chatPoll", "messages after a sequence number", RS_PARAMS(kSinceSeq), 0, kR},
};
// Requests of their own (serviceCatalog, ...), listed so clients can
// discover them; the entry is what lets a session launch at all.
const MethodDescriptor kServiceMethods[] = {
    {"serviceCatalog", "the services this session may launch", nullptr, 0, 0, kC},
    {"serviceLaunch", "start a service for this session", RS_PARAMS(kProfile), 0, kC},
    {"serviceStatus", "a service's state in this session", RS_PARAMS(kProfile), 0, kC},
    {"serviceStop", "stop a service this session started", RS_PARAMS(kProfile), 0, kC},
};
const MethodDescriptor kAdventureMethods[] = {
    {"status", "where you are and your score", nullptr, 0, L::Adventure::kStatus, kR},
    {"look", "look around the room", nullptr, 0, L::Adventure::kLook, kR},
    {"inventory", "what you carry", nullptr, 0, L::Adventure::kInventory, kR},
    {"go", "walk through an exit", RS_PARAMS(kDirection), L::Adventure::kGo, kW},
    {"take", "pick up an item here", RS_PARAMS(kItem), L::Adventure::kTake, kW},
    {"drop", "put down an item you carry", RS_PARAMS(kItem), L::Adventure::kDrop, kW},
    {"use", "use an item you carry", RS_PARAMS(kItem), L::Adventure::kUse, kW},
    {"say", "speak to everyone in the room", RS_PARAMS(kSay), L::Adventure::kSay, kW},
    {"who", "everyone in the world and where", nullptr, 0, L::Adventure::kWho, kR},
};
const MethodDescriptor kPaperclipsMethods[] = {
    {"status", "the game's numbers and what you can do", nullptr, 0, L::Paperclips::kStatus, kR},
    {"make", "make one clip by hand", nullptr, 0, L::Paperclips::kMake, kW},
    {"setPrice", "set the price of a clip", RS_PARAMS(kPrice), L::Paperclips::kSetPrice, kW},
    {"buyWire", "buy a spool of wire", nullptr, 0, L::Paperclips::kBuyWire, kW},
    {"buyAutoclipper", "buy a machine that makes clips", nullptr, 0, L::Paperclips::kBuyAutoclipper,
     kW},
    {"project", "buy an unlocked project", RS_PARAMS(kProject), L::Paperclips::kProject, kW},
};

#undef RS_PARAMS

template <size_t N>
const MethodDescriptor* Table(const MethodDescriptor (&t)[N], uint32_t* count) {
  *count = N;
  return t;
}

// A decimal number within [min, max]; no sign, no spaces.
bool ParseUint(const char* s, size_t len, uint64_t min, uint64_t max, uint64_t* out) {
  if (len == 0 || len > 20) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < len; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    uint64_t d = static_cast<uint64_t>(s[i] - '0');
    if (v > (~0ull - d) / 10) return false;
    v = v * 10 + d;
  }
  if (v < min || v > max) return false;
  *out = v;
  return true;
}

// Whether the args fit the descriptor; *value gets a uint or enum index.
bool CheckArgs(const MethodDescriptor& m, const Request& req, uint64_t* value) {
  if (req.too_many_args || req.arg_count != m.param_count) return false;
  if (m.param_count == 0) return true;
  const ParamDescriptor& p = m.params[0];
  const auto& a = req.args[0];
  if (a.too_long) return false;
  switch (p.type) {
    case ParamType::kText:
      return a.len >= p.min && a.len <= p.max;
    case ParamType::kUint:
      return ParseUint(a.data, a.len, p.min, p.max, value);
    case ParamType::kEnum:
      for (uint32_t i = 0; i < p.value_count; ++i) {
        if (strlen(p.values[i]) == a.len && memcmp(p.values[i], a.data, a.len) == 0) {
          *value = i;
          return true;
        }
      }
      return false;
  }
  return false;
}

capnp::Text::Reader Arg(const Request& req) {
  return capnp::Text::Reader(req.args[0].data, req.args[0].len);
}

// Params of the game methods that take one: each a struct with the one
// field, so the message is built per method.
void BuildAdventure(uint16_t ordinal, const Request& req, uint64_t value,
                    capnp::MessageBuilder& b) {
  switch (ordinal) {
    case L::Adventure::kGo:
      b.initRoot<S::Adventure::GoParams>().setDirection(
          static_cast<S::Adventure::Direction>(value));
      return;
    case L::Adventure::kTake:
      b.initRoot<S::Adventure::TakeParams>().setItem(Arg(req));
      return;
    case L::Adventure::kDrop:
      b.initRoot<S::Adventure::DropParams>().setItem(Arg(req));
      return;
    case L::Adventure::kUse:
      b.initRoot<S::Adventure::UseParams>().setItem(Arg(req));
      return;
    case L::Adventure::kSay:
      b.initRoot<S::Adventure::SayParams>().setText(Arg(req));
      return;
    default:
      b.initRoot<S::Adventure::StatusParams>();
  }
}

void BuildPaperclips(uint16_t ordinal, const Request& req, uint64_t value,
                     capnp::MessageBuilder& b) {
  switch (ordinal) {
    case L::Paperclips::kSetPrice:
      b.initRoot<S::Paperclips::SetPriceParams>().setCents(static_cast<uint32_t>(value));
      return;
    case L::Paperclips::kProject:
      b.initRoot<S::Paperclips::ProjectParams>().setId(Arg(req));
      return;
    default:
      b.initRoot<S::Paperclips::StatusParams>();
  }
}

}  // namespace

const MethodDescriptor* MethodTable(CapKind kind, uint32_t* count) {
  switch (kind) {
    case CapKind::kSession:
      return Table(kSessionMethods, count);
    case CapKind::kSystemInfo:
      return Table(kSystemMethods, count);
    case CapKind::kChat:
      return Table(kChatMethods, count);
    case CapKind::kLauncher:
      return Table(kServiceMethods, count);
    case CapKind::kAdventure:
      return Table(kAdventureMethods, count);
    case CapKind::kPaperclips:
      return Table(kPaperclipsMethods, count);
    case CapKind::kTerminal:
      return TerminalMethodTable(count);
  }
  *count = 0;
  return nullptr;
}

CommandCheck BuildServiceCall(CapKind kind, uint32_t rights, const Request& req, void* buf,
                              size_t buf_cap, ServiceCall* call, const MethodDescriptor** method) {
  if (kind != CapKind::kAdventure && kind != CapKind::kPaperclips)
    return CommandCheck::kUnknownVerb;
  uint32_t n = 0;
  const MethodDescriptor* table = MethodTable(kind, &n);
  const MethodDescriptor* m = nullptr;
  for (uint32_t i = 0; i < n && !req.verb.too_long; ++i) {
    if (strlen(table[i].name) == req.verb.len &&
        memcmp(table[i].name, req.verb.data, req.verb.len) == 0)
      m = &table[i];
  }
  if (m == nullptr) return CommandCheck::kUnknownVerb;
  *method = m;
  if (!Allowed(*m, rights)) return CommandCheck::kNotAllowed;
  uint64_t value = 0;
  if (!CheckArgs(*m, req, &value)) return CommandCheck::kBadArgs;
  capnp::MallocMessageBuilder b(64);
  if (kind == CapKind::kAdventure) {
    BuildAdventure(m->ordinal, req, value, b);
  } else {
    BuildPaperclips(m->ordinal, req, value, b);
  }
  caprt::EncodeResult e = caprt::EncodeMessage(b, buf, buf_cap);
  if (e.error != abi::Error::kOk) return CommandCheck::kBadArgs;
  call->kind = kind;
  call->method = m->ordinal;
  call->params = buf;
  call->params_len = static_cast<uint32_t>(e.length);
  return CommandCheck::kOk;
}

}  // namespace remote_session
