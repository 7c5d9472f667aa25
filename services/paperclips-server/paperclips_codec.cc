#include "services/paperclips-server/paperclips_codec.h"

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "schema/paperclips.capnp.h"
#include "services/paperclips-server/paperclips_view.h"

namespace paperclips {
namespace {

using capos::schema::Paperclips;

// The core's bounds and enums are the schema's; a drift is a build error.
static_assert(Paperclips::MAX_GAMES == kMaxGames);
static_assert(Paperclips::TICK_MS == kTickMs);
static_assert(Paperclips::MIN_PRICE_CENTS == kMinPriceCents);
static_assert(Paperclips::MAX_PRICE_CENTS == kMaxPriceCents);
static_assert(Paperclips::MAX_PROJECT_ID_BYTES == kMaxProjectIdBytes);
static_assert(Paperclips::MIN_RESULT_BYTES == kMinResultBytes);
static_assert(uint16_t(Paperclips::Outcome::OK) == uint16_t(Outcome::kOk));
static_assert(uint16_t(Paperclips::Outcome::NO_WIRE) == uint16_t(Outcome::kNoWire));
static_assert(uint16_t(Paperclips::Outcome::INSUFFICIENT_FUNDS) ==
              uint16_t(Outcome::kInsufficientFunds));
static_assert(uint16_t(Paperclips::Outcome::BAD_PRICE) == uint16_t(Outcome::kBadPrice));
static_assert(uint16_t(Paperclips::Outcome::UNKNOWN_PROJECT) == uint16_t(Outcome::kUnknownProject));
static_assert(uint16_t(Paperclips::Outcome::PROJECT_LOCKED) == uint16_t(Outcome::kProjectLocked));
static_assert(uint16_t(Paperclips::Outcome::PROJECT_DONE) == uint16_t(Outcome::kProjectDone));
static_assert(uint16_t(Paperclips::Outcome::NO_SESSION) == uint16_t(Outcome::kNoSession));
static_assert(uint16_t(Paperclips::Outcome::TABLE_FULL) == uint16_t(Outcome::kTableFull));
static_assert(uint16_t(Paperclips::Outcome::NO_GAME) == uint16_t(Outcome::kNoGame));
static_assert(uint16_t(Paperclips::Outcome::INVALID_TEXT) == uint16_t(Outcome::kInvalidText));

// A View is about 1.5 KiB; one first segment holds it (the builder's
// 8 KiB default would be zeroed on every call).
constexpr unsigned kFirstWords = 256;
constexpr size_t kMessageBytes = 96;

capnp::Text::Reader TextOf(const char* s) {
  size_t n = 0;
  while (s[n] != '\0') ++n;
  return capnp::Text::Reader(s, n);
}

// Every method answers (view :View); the results types differ only in name.
Paperclips::View::Builder InitView(capnp::MessageBuilder& b, Method m) {
  switch (m) {
    case Method::kStatus:
      return b.initRoot<Paperclips::StatusResults>().initView();
    case Method::kMake:
      return b.initRoot<Paperclips::MakeResults>().initView();
    case Method::kSetPrice:
      return b.initRoot<Paperclips::SetPriceResults>().initView();
    case Method::kBuyWire:
      return b.initRoot<Paperclips::BuyWireResults>().initView();
    case Method::kBuyAutoclipper:
      return b.initRoot<Paperclips::BuyAutoclipperResults>().initView();
    case Method::kProject:
      return b.initRoot<Paperclips::ProjectResults>().initView();
    case Method::kEnd:
      break;
  }
  return b.initRoot<Paperclips::EndResults>().initView();
}

// `game` is null when the call reached no game (noSession, tableFull,
// noGame): the View then carries only the outcome and message.
void FillView(Paperclips::View::Builder v, Outcome o, const char* message, const Game* game) {
  v.setOutcome(static_cast<Paperclips::Outcome>(o));
  v.setMessage(TextOf(message));
  if (game == nullptr) return;
  const Game& g = *game;
  v.setClips(g.clips);
  v.setUnsold(g.unsold);
  v.setWire(g.wire);
  v.setFundsCents(g.funds_cents);
  v.setPriceCents(g.price_cents);
  v.setDemandPercent(DemandPercent(g));
  v.setAutoclippers(g.autoclippers);
  v.setAutoclipperCostCents(g.autoclipper_cost_cents);
  v.setWireCostCents(g.wire_cost_cents);
  v.setWirePerSpool(g.wire_per_spool);
  v.setTicks(g.ticks);
  auto commands = v.initCommands(kCommandCount);
  for (uint32_t i = 0; i < kCommandCount; ++i) {
    CommandState c = CommandAt(g, i);
    commands[i].setName(TextOf(c.name));
    commands[i].setEnabled(c.enabled);
    commands[i].setReason(TextOf(c.reason));
  }
  uint32_t listed = 0;
  for (uint32_t i = 0; i < kProjectCount; ++i) listed += ProjectStateAt(g, i).listed ? 1 : 0;
  auto projects = v.initProjects(listed);
  for (uint32_t i = 0, n = 0; i < kProjectCount; ++i) {
    ProjectState s = ProjectStateAt(g, i);
    if (!s.listed) continue;
    const ProjectSpec& p = ProjectAt(i);
    auto out = projects[n++];
    out.setId(TextOf(p.id));
    out.setTitle(TextOf(p.title));
    out.setEffect(TextOf(p.effect_text));
    out.setCostCents(p.cost_cents);
    out.setAvailable(s.available);
    out.setDone(s.done);
  }
}

// What a call asks for, copied out of the params while they are decoded
// (the reader's memory may be a temporary aligned copy).
struct Request {
  uint32_t cents = 0;
  char id[kMaxProjectIdBytes + 1] = {};
  size_t id_len = 0;  // at most kMaxProjectIdBytes + 1: longer is as bad
};

template <typename T, typename Fn>
bool DecodeParams(const void* params, size_t len, Fn&& read) {
  return caprt::Decode<T>(params, len, read).ok();
}

template <typename T>
bool CheckEmptyParams(const void* params, size_t len) {
  return len == 0 || DecodeParams<T>(params, len, [](typename T::Reader) {});
}

bool DecodeRequest(Method m, const void* params, size_t len, Request* req) {
  switch (m) {
    case Method::kStatus:
      return CheckEmptyParams<Paperclips::StatusParams>(params, len);
    case Method::kMake:
      return CheckEmptyParams<Paperclips::MakeParams>(params, len);
    case Method::kSetPrice:
      return DecodeParams<Paperclips::SetPriceParams>(
          params, len, [&](Paperclips::SetPriceParams::Reader p) { req->cents = p.getCents(); });
    case Method::kBuyWire:
      return CheckEmptyParams<Paperclips::BuyWireParams>(params, len);
    case Method::kBuyAutoclipper:
      return CheckEmptyParams<Paperclips::BuyAutoclipperParams>(params, len);
    case Method::kProject:
      return DecodeParams<Paperclips::ProjectParams>(
          params, len, [&](Paperclips::ProjectParams::Reader p) {
            capnp::Text::Reader t = p.getId();
            size_t n = t.size() < sizeof(req->id) ? t.size() : sizeof(req->id);
            for (size_t i = 0; i < n; ++i) req->id[i] = t.begin()[i];
            req->id_len = n;
          });
    case Method::kEnd:
      return CheckEmptyParams<Paperclips::EndParams>(params, len);
  }
  return false;
}

Outcome Apply(Method m, const Request& req, Game& g, Line& msg) {
  switch (m) {
    case Method::kMake:
      return Make(g, msg);
    case Method::kSetPrice:
      return SetPrice(g, req.cents, msg);
    case Method::kBuyWire:
      return BuyWire(g, msg);
    case Method::kBuyAutoclipper:
      return BuyAutoclipper(g, msg);
    case Method::kProject:
      return BuyProject(g, req.id, req.id_len, msg);
    case Method::kStatus:
    case Method::kEnd:
      break;
  }
  msg.Add(g.clips).Add(" clips made, ").Add(g.unsold).Add(" unsold, funds ").Money(g.funds_cents);
  return Outcome::kOk;
}

void Encode(capnp::MessageBuilder& b, void* out, size_t cap, HandleResult& r) {
  caprt::EncodeResult e = caprt::EncodeMessage(b, out, cap);
  r.error = e.error;
  r.length = e.length;
}

}  // namespace

HandleResult Handle(Table& table, uint16_t method, const void* params, size_t params_len,
                    uint64_t session, void* result, size_t result_cap) {
  HandleResult r;
  if (method > static_cast<uint16_t>(Method::kEnd)) {
    r.error = abi::Error::kBadMethod;
    return r;
  }
  if (result == nullptr || result_cap < kMinResultBytes) {
    r.error = abi::Error::kResultTooSmall;
    r.length = kMinResultBytes;
    return r;
  }
  Method m = static_cast<Method>(method);
  Request req;
  if (!DecodeRequest(m, params, params_len, &req)) {
    r.error = abi::Error::kMalformedMessage;
    return r;
  }
  char text[kMessageBytes];
  Line msg(text, sizeof(text));
  Line log(r.log, sizeof(r.log));
  Outcome o = Outcome::kOk;
  Game* game = nullptr;
  Game last;
  if (m == Method::kEnd) {
    if (session == kNoSession) {
      o = Outcome::kNoSession;
    } else if (table.End(session, &last)) {
      game = &last;
      msg.Add("game over after ").Add(last.clips).Add(" clips and ").Add(last.ticks).Add(" ticks");
      log.Add("paperclips: a game ended (").Add(uint64_t{table.count()}).Add(" in play)");
    } else {
      o = Outcome::kNoGame;
      msg.Add("no game to end");
    }
  } else {
    bool created = false;
    o = table.Open(session, &game, &created);
    if (created) {
      log.Add("paperclips: a game started (").Add(uint64_t{table.count()}).Add(" in play)");
    }
    if (o == Outcome::kOk) o = Apply(m, req, *game, msg);
  }
  if (o == Outcome::kNoSession) msg.Add("no session: a game needs a caller session");
  if (o == Outcome::kTableFull) {
    msg.Add("all ").Add(uint64_t{kMaxGames}).Add(" games are in play");
  }
  capnp::MallocMessageBuilder b(kFirstWords);
  FillView(InitView(b, m), o, text, game);
  Encode(b, result, result_cap, r);
  if (r.error != abi::Error::kOk && r.error != abi::Error::kResultTooSmall) r.length = 0;
  return r;
}

HandleResult HandleRecv(Table& table, const abi::RecvHeader& h, const void* params, void* result,
                        size_t result_cap) {
  if (h.interface_id != kInterfaceId) {
    HandleResult r;
    r.error = abi::Error::kWrongInterface;
    return r;
  }
  return Handle(table, h.method, params, h.params_len, h.session_ref, result, result_cap);
}

}  // namespace paperclips
