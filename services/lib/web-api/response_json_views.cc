// The call results (chat, the games' view models) and the service catalog
// structs of a Response, for RenderResponseJson.
#include "services/lib/web-api/response_json_parts.h"

namespace web_api::parts {
namespace {

constexpr const char* kGrantHolderNames[] = {"backendHeld", "serviceOwned", "clientFacet"};
static_assert(uint16_t(s::GrantHolder::CLIENT_FACET) == 2);
constexpr const char* kServiceStateNames[] = {"notRunning", "starting", "running", "stopping"};
static_assert(uint16_t(s::ServiceState::STOPPING) == 3);

void Adventure(JsonWriter& w, s::AdventureView::Reader v) {
  Text(w, "outcome", v.hasOutcome(), v.getOutcome());
  Text(w, "message", v.hasMessage(), v.getMessage());
  Text(w, "you", v.hasYou(), v.getYou());
  Text(w, "room", v.hasRoom(), v.getRoom());
  Text(w, "description", v.hasDescription(), v.getDescription());
  TextList(w, "exits", v.hasExits(), v.getExits());
  TextList(w, "items", v.hasItems(), v.getItems());
  TextList(w, "others", v.hasOthers(), v.getOthers());
  TextList(w, "inventory", v.hasInventory(), v.getInventory());
  U32(w, "score", v.getScore());
  U32(w, "maxScore", v.getMaxScore());
  U32(w, "moves", v.getMoves());
  Bool(w, "won", v.getWon());
  StructList(w, "heard", v.hasHeard(), v.getHeard(),
             [&](s::ChatMessage::Reader m) { ChatMessage(w, m); });
  TextList(w, "players", v.hasPlayers(), v.getPlayers());
}

void Paperclips(JsonWriter& w, s::PaperclipsView::Reader v) {
  Text(w, "outcome", v.hasOutcome(), v.getOutcome());
  Text(w, "message", v.hasMessage(), v.getMessage());
  U64(w, "clips", v.getClips());
  U64(w, "unsold", v.getUnsold());
  U64(w, "wire", v.getWire());
  U64(w, "fundsCents", v.getFundsCents());
  U32(w, "priceCents", v.getPriceCents());
  U32(w, "demandPercent", v.getDemandPercent());
  U32(w, "autoclippers", v.getAutoclippers());
  U64(w, "autoclipperCostCents", v.getAutoclipperCostCents());
  U64(w, "wireCostCents", v.getWireCostCents());
  U64(w, "ticks", v.getTicks());
  StructList(w, "commands", v.hasCommands(), v.getCommands(), [&](s::CommandState::Reader c) {
    Text(w, "name", c.hasName(), c.getName());
    Bool(w, "enabled", c.getEnabled());
    Text(w, "reason", c.hasReason(), c.getReason());
  });
  StructList(w, "projects", v.hasProjects(), v.getProjects(), [&](s::ProjectView::Reader p) {
    Text(w, "id", p.hasId(), p.getId());
    Text(w, "title", p.hasTitle(), p.getTitle());
    Text(w, "effect", p.hasEffect(), p.getEffect());
    U64(w, "costCents", p.getCostCents());
    Bool(w, "available", p.getAvailable());
    Bool(w, "done", p.getDone());
  });
}

}  // namespace

void ChatMessage(JsonWriter& w, s::ChatMessage::Reader m) {
  U64(w, "seq", m.getSeq());
  Text(w, "from", m.hasFrom(), m.getFrom());
  Text(w, "text", m.hasText(), m.getText());
}

void ExportDescriptor(JsonWriter& w, s::ExportDescriptor::Reader e) {
  Text(w, "capName", e.hasCapName(), e.getCapName());
  Text(w, "interfaceName", e.hasInterfaceName(), e.getInterfaceName());
  U64(w, "interfaceId", e.getInterfaceId());
}

void CallResult(JsonWriter& w, s::CallResult::Reader r) {
  using C = s::CallResult;
  switch (r.which()) {
    case C::SESSION:
      w.Key("session");
      Object(w, r.getSession(), SessionView);
      break;
    case C::TEXT:
      w.Key("text");
      w.String(r.getText().begin(), r.getText().size());
      break;
    case C::CHAT_JOINED:
      w.Key("chatJoined");
      Object(w, r.getChatJoined(), [](JsonWriter& w, s::ChatJoined::Reader j) {
        Text(w, "you", j.hasYou(), j.getYou());
        Bool(w, "alreadyMember", j.getAlreadyMember());
      });
      break;
    case C::CHAT_LEFT:
      w.Key("chatLeft");
      w.Null();
      break;
    case C::CHAT_SENT:
      w.Key("chatSent");
      Object(w, r.getChatSent(), [](JsonWriter& w, s::ChatSent::Reader c) {
        Bool(w, "sent", c.getSent());
        Text(w, "reason", c.hasReason(), c.getReason());
        U64(w, "seq", c.getSeq());
      });
      break;
    case C::CHAT_MEMBERS:
      w.Key("chatMembers");
      TextArray(w, r.getChatMembers());
      break;
    case C::CHAT_MESSAGES:
      w.Key("chatMessages");
      Object(w, r.getChatMessages(), [](JsonWriter& w, s::ChatMessages::Reader m) {
        StructList(w, "messages", m.hasMessages(), m.getMessages(),
                   [&](s::ChatMessage::Reader e) { ChatMessage(w, e); });
        Bool(w, "truncated", m.getTruncated());
        U64(w, "latestSeq", m.getLatestSeq());
      });
      break;
    case C::ADVENTURE:
      w.Key("adventure");
      Object(w, r.getAdventure(), Adventure);
      break;
    case C::PAPERCLIPS:
      w.Key("paperclips");
      Object(w, r.getPaperclips(), Paperclips);
      break;
    case C::TERMINAL:
      w.Key("terminal");
      Object(w, r.getTerminal(), TerminalReply);
      break;
    default:
      break;  // a variant from a newer schema: no member, as JsonCodec
  }
}

void ServiceEntry(JsonWriter& w, s::ServiceEntry::Reader e) {
  Text(w, "name", e.hasName(), e.getName());
  Text(w, "description", e.hasDescription(), e.getDescription());
  TextList(w, "binaries", e.hasBinaries(), e.getBinaries());
  StructList(w, "companions", e.hasCompanions(), e.getCompanions(), [&](s::Companion::Reader c) {
    Text(w, "binary", c.hasBinary(), c.getBinary());
    U32(w, "count", c.getCount());
    Bool(w, "shared", c.getShared());
  });
  StructList(w, "grants", e.hasGrants(), e.getGrants(), [&](s::GrantDescriptor::Reader g) {
    Text(w, "name", g.hasName(), g.getName());
    Text(w, "interfaceName", g.hasInterfaceName(), g.getInterfaceName());
    U64(w, "interfaceId", g.getInterfaceId());
    Text(w, "transfer", g.hasTransfer(), g.getTransfer());
    Enum(w, "holder", g.getHolder(), kGrantHolderNames);
  });
  StructList(w, "exports", e.hasExports(), e.getExports(),
             [&](s::ExportDescriptor::Reader x) { ExportDescriptor(w, x); });
  if (e.hasPolicy()) {
    s::LaunchPolicy::Reader p = e.getPolicy();
    w.Key("policy");
    w.BeginObject();
    Text(w, "start", p.hasStart(), p.getStart());
    Text(w, "attach", p.hasAttach(), p.getAttach());
    Text(w, "stop", p.hasStop(), p.getStop());
    U32(w, "perSessionLimit", p.getPerSessionLimit());
    U32(w, "systemLimit", p.getSystemLimit());
    w.EndObject();
  }
  Enum(w, "state", e.getState(), kServiceStateNames);
  Bool(w, "available", e.getAvailable());
  Enum(w, "unavailable", e.getUnavailable(), kLaunchDenialNames);
  Text(w, "reason", e.hasReason(), e.getReason());
}

void ServiceStatus(JsonWriter& w, s::ServiceStatus::Reader st) {
  Text(w, "profile", st.hasProfile(), st.getProfile());
  Enum(w, "state", st.getState(), kServiceStateNames);
  StructList(w, "exports", st.hasExports(), st.getExports(),
             [&](s::ExportDescriptor::Reader x) { ExportDescriptor(w, x); });
  U32(w, "processes", st.getProcesses());
}

}  // namespace web_api::parts
