// CapSet (remote_rpc.capnp): the DTO's capSetList and capSetGet through
// the core, with each entry's interface shown as the one served over RPC,
// and get answering the entry's typed capability itself.
#include <string.h>

#include "schema/terminal.capnp.h"
#include "services/rpc-gateway/caps.h"

namespace rpc_gateway {
namespace {

namespace rs = remote_session;
using Response = capos::schema::Response;

// The core's entry named `name` (its kind and the guest's interface id).
const rs::BundleEntry* Entry(const rs::CapSet& set, kj::StringPtr name) {
  for (uint32_t i = 0; i < set.size(); ++i) {
    const rs::BundleEntry& e = set.At(i);
    if (strlen(e.name) == name.size() && memcmp(e.name, name.begin(), name.size()) == 0) return &e;
  }
  return nullptr;
}

// An entry as the RPC client sees it: the RPC interface instead of the
// guest's.
void Retype(const rs::CapSet& set, capos::schema::CapSetEntry::Builder b) {
  const rs::BundleEntry* e = Entry(set, b.asReader().getName());
  if (e == nullptr) return;
  b.setInterfaceId(RpcInterfaceId(e->kind));
  b.setInterfaceName(RpcInterfaceName(e->kind));
}

}  // namespace

uint64_t RpcInterfaceId(rs::CapKind kind) {
  switch (kind) {
    case rs::CapKind::kSession:
      return capnp::typeId<capos::rpc::Session>();
    case rs::CapKind::kSystemInfo:
      return capnp::typeId<capos::rpc::SystemInfo>();
    case rs::CapKind::kChat:
      return capnp::typeId<capos::rpc::Chat>();
    case rs::CapKind::kLauncher:
      return capnp::typeId<capos::rpc::ServiceRunner>();
    case rs::CapKind::kAdventure:
      return capnp::typeId<capos::rpc::Adventure>();
    case rs::CapKind::kPaperclips:
      return capnp::typeId<capos::rpc::Paperclips>();
    case rs::CapKind::kTerminal:
      return capnp::typeId<capos::schema::TerminalManager>();
  }
  return 0;
}

const char* RpcInterfaceName(rs::CapKind kind) {
  return kind == rs::CapKind::kSession ? "Session" : rs::InterfaceName(kind);
}

kj::Maybe<capnp::Capability::Client> TypedCap(Connection& c, kj::Own<Grant> g,
                                              const rs::BundleEntry& e) {
  switch (e.kind) {
    case rs::CapKind::kSession:
      return capnp::Capability::Client(
          capos::rpc::Session::Client(kj::heap<SessionImpl>(c, kj::mv(g))));
    case rs::CapKind::kSystemInfo:
      return capnp::Capability::Client(
          capos::rpc::SystemInfo::Client(kj::heap<SystemInfoImpl>(c, kj::mv(g), e)));
    case rs::CapKind::kChat:
      return capnp::Capability::Client(
          capos::rpc::Chat::Client(kj::heap<ChatImpl>(c, kj::mv(g), e)));
    case rs::CapKind::kLauncher:
      return capnp::Capability::Client(
          capos::rpc::ServiceRunner::Client(kj::heap<ServiceRunnerImpl>(c, kj::mv(g), e)));
    default:
      return nullptr;  // Adventure, Paperclips, terminals: a later slice
  }
}

kj::Promise<void> CapSetImpl::list(ListContext context) {
  return Ask(Dto([](auto r) { r.setCapSetList(); })).then([this, context](CoreAnswer&& a) mutable {
    return Decode(a, [&](Response::Reader r) {
      if (!r.isCapSet()) return;
      context.getResults().setEntries(r.getCapSet());
      for (auto e : context.getResults().getEntries()) Retype(connection_.core().capset(), e);
    });
  });
}

kj::Promise<void> CapSetImpl::get(GetContext context) {
  auto params = context.getParams();
  // The client names the RPC interface; the core checks the guest's. A
  // mismatch becomes an id the entry cannot have, so the core's own
  // wrongInterface answers it (and the guest's id never matches here).
  uint64_t id = params.getInterfaceId();
  if (const rs::BundleEntry* e = Entry(connection_.core().capset(), params.getName())) {
    id = RpcInterfaceId(e->kind) == id ? e->interface_id : ~e->interface_id;
  }
  auto request = Dto([&](auto r) {
    auto g = r.initCapSetGet();
    g.setName(params.getName());
    g.setInterfaceId(id);
  });
  return Ask(kj::mv(request)).then([this, context](CoreAnswer&& a) mutable {
    auto results = context.getResults();
    kj::Maybe<kj::Exception> unserved;
    kj::Promise<void> done = Decode(
        a,
        [&](Response::Reader r) {
          if (!r.isCapSetEntry()) return;
          const rs::BundleEntry* e =
              Entry(connection_.core().capset(), r.getCapSetEntry().getName());
          if (e == nullptr || !live()) {
            unserved = StaleSession();
            return;
          }
          KJ_IF_MAYBE (cap, TypedCap(connection_, kj::addRef(*grant_), *e)) {
            auto result = results.initResult();
            result.setCap(kj::mv(*cap));
            result.setEntry(r.getCapSetEntry());
            Retype(connection_.core().capset(), result.getEntry());
          } else {
            unserved = KJ_EXCEPTION(UNIMPLEMENTED, "not served over RPC yet");
          }
        },
        [&](capos::schema::RemoteDenial::Reader d) {
          // unknownCap, wrongInterface: typed, in the results; the rest
          // (staleSession, ...) are the exceptions they always are.
          auto code = d.getCode();
          if (code != capos::schema::ErrorCode::UNKNOWN_CAP &&
              code != capos::schema::ErrorCode::WRONG_INTERFACE) {
            return kj::Promise<void>(DeniedException(static_cast<rs::ErrorCode>(code)));
          }
          results.initResult().setDenied(d);
          return kj::Promise<void>(kj::READY_NOW);
        });
    KJ_IF_MAYBE (e, unserved) {
      return kj::Promise<void>(kj::mv(*e));
    }
    return done;
  });
}

}  // namespace rpc_gateway
