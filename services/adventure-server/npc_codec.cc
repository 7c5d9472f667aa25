// AdventureNpc on its own endpoint: only the companions hold its client
// facet, so a refusal here is our own bug and answers kMalformedMessage
// rather than a domain outcome.
#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "schema/adventure.capnp.h"
#include "services/adventure-server/adventure_codec.h"

namespace adventure {
namespace {

using capos::schema::AdventureNpc;

constexpr unsigned kFirstWords = kMinNpcResultBytes / sizeof(capnp::word);

// Copied out during the decode; longer values are only measured, and any
// length above the buffer is refused.
template <size_t N>
struct Arg {
  char bytes[N] = {};
  size_t len = 0;
  void Read(capnp::Text::Reader t) {
    len = t.size();
    if (len <= N) {
      for (size_t i = 0; i < len; ++i) bytes[i] = t.begin()[i];
    }
  }
  bool fits() const { return len <= N; }
};

capnp::Text::Reader TextOf(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return capnp::Text::Reader(s, n);
}

}  // namespace

HandleResult HandleNpc(World& world, uint16_t method, const void* params, size_t params_len,
                       void* result, size_t result_cap) {
  HandleResult r;
  if (method != 0) {
    r.error = abi::Error::kBadMethod;
    return r;
  }
  if (result == nullptr || result_cap < kMinNpcResultBytes) {
    r.error = abi::Error::kResultTooSmall;
    r.length = kMinNpcResultBytes;
    return r;
  }
  Arg<kMaxNameBytes> npc;
  Arg<kMaxLineBytes> line;
  bool ok = caprt::Decode<AdventureNpc::ActParams>(params, params_len,
                                                   [&](AdventureNpc::ActParams::Reader p) {
                                                     npc.Read(p.getNpc());
                                                     line.Read(p.getLine());
                                                   })
                .ok();
  ActReply act;
  if (ok && npc.fits() && line.fits()) act = world.Act(npc.bytes, npc.len, line.bytes, line.len);
  if (!act.ok) {
    r.error = abi::Error::kMalformedMessage;
    return r;
  }
  const Npc& n = world.NpcAt(act.npc);
  capnp::MallocMessageBuilder builder(kFirstWords);
  auto res = builder.initRoot<AdventureNpc::ActResults>();
  res.setName(TextOf(World::NpcName(act.npc)));
  res.setRoom(TextOf(RoomAt(n.room).title));
  caprt::EncodeResult e = caprt::EncodeMessage(builder, result, result_cap);
  r.error = e.error;
  r.length = e.length;
  if (act.entered) {
    size_t i = 0;
    const char* parts[] = {"adventure: ", World::NpcName(act.npc), " appears in the ",
                           RoomAt(n.room).title};
    for (const char* part : parts) {
      for (; *part != '\0' && i + 1 < sizeof(r.log); ++part) r.log[i++] = *part;
    }
    r.log[i] = '\0';
  }
  return r;
}

HandleResult HandleNpcRecv(World& world, const abi::RecvHeader& h, const void* params, void* result,
                           size_t result_cap) {
  if (h.interface_id != kAdventureNpcInterfaceId) {
    HandleResult r;
    r.error = abi::Error::kWrongInterface;
    return r;
  }
  return HandleNpc(world, h.method, params, h.params_len, result, result_cap);
}

}  // namespace adventure
