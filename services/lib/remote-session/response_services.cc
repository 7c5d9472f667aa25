// Response writers for the service catalog, launch states and the games'
// view models.
#include <stdio.h>

#include "libcaprt/capnp_glue.h"
#include "schema/adventure.capnp.h"
#include "schema/paperclips.capnp.h"
#include "services/lib/remote-session/capset.h"
#include "services/lib/remote-session/response_builder.h"

namespace remote_session {
namespace {

namespace s = capos::schema;

static_assert(uint16_t(s::LaunchDenial::NOT_RUNNING) == uint16_t(LaunchDenial::kNotRunning));
static_assert(uint16_t(s::GrantHolder::CLIENT_FACET) == uint16_t(GrantHolder::kClientFacet));
static_assert(uint16_t(s::ServiceState::STOPPING) == uint16_t(ServiceState::kStopping));

void FillExports(capnp::List<s::ExportDescriptor>::Builder list, const ServiceInfo& si) {
  for (uint32_t i = 0; i < si.export_count; ++i) {
    list[i].setCapName(T(si.exports[i].name));
    list[i].setInterfaceName(T(InterfaceName(si.exports[i].kind)));
    list[i].setInterfaceId(si.exports[i].interface_id);
  }
}

void FillEntry(s::ServiceEntry::Builder b, const ServiceInfo& si) {
  b.setName(T(si.name));
  b.setDescription(T(si.description));
  auto binaries = b.initBinaries(1 + si.companion_count);
  binaries.set(0, T(si.worker_binary));
  auto companions = b.initCompanions(si.companion_count);
  for (uint32_t i = 0; i < si.companion_count; ++i) {
    binaries.set(1 + i, T(si.companions[i].binary));
    companions[i].setBinary(T(si.companions[i].binary));
    companions[i].setCount(si.companions[i].count);
    companions[i].setShared(si.companions[i].shared);
  }
  auto grants = b.initGrants(si.grant_count);
  for (uint32_t i = 0; i < si.grant_count; ++i) {
    grants[i].setName(T(si.grants[i].name));
    grants[i].setInterfaceName(T(si.grants[i].interface_name));
    grants[i].setInterfaceId(si.grants[i].interface_id);
    grants[i].setTransfer(T(si.grants[i].move ? "move" : "copy"));
    grants[i].setHolder(static_cast<s::GrantHolder>(si.grants[i].holder));
  }
  FillExports(b.initExports(si.export_count), si);
  auto policy = b.initPolicy();
  policy.setStart(T("on request (serviceLaunch)"));
  policy.setAttach(T("one worker per session, bound to it"));
  bool shared = false;
  for (uint32_t i = 0; i < si.companion_count; ++i) shared = shared || si.companions[i].shared;
  policy.setStop(T(shared ? "worker with the session; shared companions detach and stop with "
                            "the last session"
                          : "with the session (logout, disconnect or serviceStop)"));
  policy.setPerSessionLimit(si.per_session_limit);
  policy.setSystemLimit(si.system_limit);
  b.setState(static_cast<s::ServiceState>(si.state));
  b.setAvailable(si.unavailable == LaunchDenial::kNone);
  b.setUnavailable(static_cast<s::LaunchDenial>(si.unavailable));
  b.setReason(T(si.unavailable == LaunchDenial::kNone ? "" : LaunchDenialText(si.unavailable)));
}

template <typename List>
void CopyTexts(List from, capnp::List<capnp::Text>::Builder to) {
  for (uint32_t i = 0; i < from.size(); ++i) to.set(i, from[i]);
}

const char* AdventureOutcome(s::Adventure::Outcome o) {
  static const char* const kNames[] = {"ok",        "noExit",    "locked",  "noSuchItem",
                                       "cannotUse", "handsFull", "tooLong", "invalidText",
                                       "noSession", "worldFull", "noPlayer"};
  uint16_t i = static_cast<uint16_t>(o);
  return i < sizeof(kNames) / sizeof(kNames[0]) ? kNames[i] : "unknown";
}

const char* PaperclipsOutcome(s::Paperclips::Outcome o) {
  static const char* const kNames[] = {"ok",          "noWire",         "insufficientFunds",
                                       "badPrice",    "unknownProject", "projectLocked",
                                       "projectDone", "noSession",      "tableFull",
                                       "noGame",      "invalidText"};
  uint16_t i = static_cast<uint16_t>(o);
  return i < sizeof(kNames) / sizeof(kNames[0]) ? kNames[i] : "unknown";
}

void FillAdventure(s::AdventureView::Builder b, s::Adventure::View::Reader v) {
  b.setOutcome(T(AdventureOutcome(v.getOutcome())));
  b.setMessage(v.getMessage());
  b.setYou(v.getYou());
  b.setRoom(v.getRoom());
  b.setDescription(v.getDescription());
  CopyTexts(v.getExits(), b.initExits(v.getExits().size()));
  CopyTexts(v.getItems(), b.initItems(v.getItems().size()));
  CopyTexts(v.getOthers(), b.initOthers(v.getOthers().size()));
  CopyTexts(v.getInventory(), b.initInventory(v.getInventory().size()));
  b.setScore(v.getScore());
  b.setMaxScore(v.getMaxScore());
  b.setMoves(v.getMoves());
  b.setWon(v.getWon());
  auto heard = v.getHeard();
  auto out = b.initHeard(heard.size());
  for (uint32_t i = 0; i < heard.size(); ++i) {
    out[i].setFrom(heard[i].getFrom());
    out[i].setText(heard[i].getText());
  }
  auto players = v.getPlayers();
  auto pl = b.initPlayers(players.size());
  for (uint32_t i = 0; i < players.size(); ++i) {
    char line[128];
    snprintf(line, sizeof(line), "%.*s (%.*s)%s", int(players[i].getName().size()),
             players[i].getName().begin(), int(players[i].getRoom().size()),
             players[i].getRoom().begin(), players[i].getNpc() ? " [npc]" : "");
    pl.set(i, T(line));
  }
}

void FillPaperclips(s::PaperclipsView::Builder b, s::Paperclips::View::Reader v) {
  b.setOutcome(T(PaperclipsOutcome(v.getOutcome())));
  b.setMessage(v.getMessage());
  b.setClips(v.getClips());
  b.setUnsold(v.getUnsold());
  b.setWire(v.getWire());
  b.setFundsCents(v.getFundsCents());
  b.setPriceCents(v.getPriceCents());
  b.setDemandPercent(v.getDemandPercent());
  b.setAutoclippers(v.getAutoclippers());
  b.setAutoclipperCostCents(v.getAutoclipperCostCents());
  b.setWireCostCents(v.getWireCostCents());
  b.setTicks(v.getTicks());
  auto commands = v.getCommands();
  auto c = b.initCommands(commands.size());
  for (uint32_t i = 0; i < commands.size(); ++i) {
    c[i].setName(commands[i].getName());
    c[i].setEnabled(commands[i].getEnabled());
    c[i].setReason(commands[i].getReason());
  }
  auto projects = v.getProjects();
  auto p = b.initProjects(projects.size());
  for (uint32_t i = 0; i < projects.size(); ++i) {
    p[i].setId(projects[i].getId());
    p[i].setTitle(projects[i].getTitle());
    p[i].setEffect(projects[i].getEffect());
    p[i].setCostCents(projects[i].getCostCents());
    p[i].setAvailable(projects[i].getAvailable());
    p[i].setDone(projects[i].getDone());
  }
}

}  // namespace

const char* LaunchDenialName(LaunchDenial d) {
  static const char* const kNames[] = {"none",         "unknownProfile", "disallowedBinary",
                                       "missingGrant", "wrongInterface", "unexpectedGrant",
                                       "staleSession", "notPermitted",   "sessionQuota",
                                       "systemQuota",  "spawnFailed",    "notRunning"};
  uint8_t i = static_cast<uint8_t>(d);
  return i < sizeof(kNames) / sizeof(kNames[0]) ? kNames[i] : "unknown";
}

const char* LaunchDenialText(LaunchDenial d) {
  switch (d) {
    case LaunchDenial::kNone:
      return "";
    case LaunchDenial::kUnknownProfile:
      return "no such service in the catalog";
    case LaunchDenial::kDisallowedBinary:
      return "that binary is not part of the service";
    case LaunchDenial::kMissingGrant:
      return "a grant the service needs was not named";
    case LaunchDenial::kWrongInterface:
      return "a grant was named with another interface";
    case LaunchDenial::kUnexpectedGrant:
      return "a grant the service does not take was named";
    case LaunchDenial::kStaleSession:
      return "the session has ended";
    case LaunchDenial::kNotPermitted:
      return "this session holds no service runner (guest and anonymous sessions never do)";
    case LaunchDenial::kSessionQuota:
      return "this session already runs as many of this service as it may";
    case LaunchDenial::kSystemQuota:
      return "the system already runs as many of this service as it may";
    case LaunchDenial::kSpawnFailed:
      return "the system could not start the service, retry later";
    case LaunchDenial::kNotRunning:
      return "this session does not run that service";
  }
  return "refused";
}

size_t WriteLaunchDenied(const Frame& f, uint32_t id, LaunchDenial d) {
  Builder b(id);
  auto denied = b.root.initDenied();
  denied.setCode(s::ErrorCode::LAUNCH_DENIED);
  denied.setMessage(T(LaunchDenialText(d)));
  denied.setLaunch(static_cast<s::LaunchDenial>(d));
  return b.Finish(f);
}

size_t WriteServiceCatalog(const Frame& f, uint32_t id, const ServiceCatalogView& c) {
  Builder b(id);
  uint32_t n = c.count < kMaxServices ? c.count : kMaxServices;
  auto list = b.root.initServiceCatalog(n);
  for (uint32_t i = 0; i < n; ++i) FillEntry(list[i], c.services[i]);
  return b.Finish(f);
}

size_t WriteServiceState(const Frame& f, uint32_t id, const ServiceInfo& si) {
  Builder b(id);
  auto st = b.root.initServiceState();
  st.setProfile(T(si.name));
  st.setState(static_cast<s::ServiceState>(si.state));
  FillExports(st.initExports(si.export_count), si);
  st.setProcesses(si.processes);
  return b.Finish(f);
}

size_t WriteServiceResult(const Frame& f, uint32_t id, CapKind kind, const void* results,
                          size_t len, bool* bad) {
  Builder b(id);
  auto result = b.root.initCallResult();
  caprt::DecodeResult d = kind == CapKind::kAdventure
                              ? caprt::Decode<s::Adventure::StatusResults>(
                                    results, len,
                                    [&](s::Adventure::StatusResults::Reader r) {
                                      FillAdventure(result.initAdventure(), r.getView());
                                    })
                              : caprt::Decode<s::Paperclips::StatusResults>(
                                    results, len, [&](s::Paperclips::StatusResults::Reader r) {
                                      FillPaperclips(result.initPaperclips(), r.getView());
                                    });
  *bad = !d.ok();
  if (*bad) return 0;
  return b.Finish(f);
}

}  // namespace remote_session
