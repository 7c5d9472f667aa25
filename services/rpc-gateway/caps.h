// The capabilities a login hands out (schema/remote_rpc.capnp): Session,
// CapSet and the typed caps CapSet.get returns. Each is an adapter over
// the connection's core: a method becomes the DTO Request it stands for
// (dto.h), and the core's answer its results, so the core's rules hold
// unchanged (unknownCap, wrongInterface, methodDenied, the transcript).
//
// Every one holds its login's Grant and asks it at each call: once the
// login is over (logout, a second login, the connection's end) every
// method fails "staleSession", even if the connection has logged in again
// since. A cap also never touches its Connection after that: the
// Connection revokes its grant before it goes.
#pragma once

#include "schema/remote_rpc.capnp.h"
#include "services/lib/remote-session/types.h"
#include "services/rpc-gateway/connection.h"
#include "services/rpc-gateway/dto.h"

namespace rpc_gateway {

// What every capability of a login holds.
class LoginCap {
 protected:
  LoginCap(Connection& connection, kj::Own<Grant> grant)
      : connection_(connection), grant_(kj::mv(grant)) {}
  // The call's DTO Request through the core, in turn; "staleSession" if
  // the login is over before or while the core answers. `quiet`: the
  // gateway's own call, not in the transcript (Connection::Ask).
  kj::Promise<CoreAnswer> Ask(kj::Array<capnp::word> request, bool quiet = false);
  bool live() const { return grant_->live(); }

  Connection& connection_;
  kj::Own<Grant> grant_;
};

class SessionImpl final : public capos::rpc::Session::Server, LoginCap {
 public:
  SessionImpl(Connection& c, kj::Own<Grant> g) : LoginCap(c, kj::mv(g)) {}

 protected:
  kj::Promise<void> info(InfoContext context) override;
  kj::Promise<void> capSet(CapSetContext context) override;
  kj::Promise<void> logout(LogoutContext context) override;
  kj::Promise<void> transcript(TranscriptContext context) override;
};

class CapSetImpl final : public capos::rpc::CapSet::Server, LoginCap {
 public:
  CapSetImpl(Connection& c, kj::Own<Grant> g) : LoginCap(c, kj::mv(g)) {}

 protected:
  kj::Promise<void> list(ListContext context) override;
  kj::Promise<void> get(GetContext context) override;
};

// The remote_rpc.capnp interface (terminal.capnp's TerminalManager for a
// terminal) an entry of `kind` is served as: the id and name CapSet.list
// shows and CapSet.get expects. The core's entries carry the guest's own
// interface ids, which never cross.
uint64_t RpcInterfaceId(remote_session::CapKind kind);
const char* RpcInterfaceName(remote_session::CapKind kind);

// The typed capability for an entry (name, the guest's interface id), or
// null for a kind this gateway does not serve yet.
kj::Maybe<capnp::Capability::Client> TypedCap(Connection& c, kj::Own<Grant> g,
                                              const remote_session::BundleEntry& entry);

// An entry's typed cap: the entry it calls through, by name and the
// guest's interface id, so the core checks it at every call.
class EntryCap : protected LoginCap {
 protected:
  EntryCap(Connection& c, kj::Own<Grant> g, const remote_session::BundleEntry& e)
      : LoginCap(c, kj::mv(g)), name_(kj::heapString(e.name)), interface_id_(e.interface_id) {}
  template <typename Fill>
  kj::Promise<CoreAnswer> Invoke(Fill&& fill, bool quiet = false);

  kj::String name_;
  uint64_t interface_id_;
};

class SystemInfoImpl final : public capos::rpc::SystemInfo::Server, EntryCap {
 public:
  SystemInfoImpl(Connection& c, kj::Own<Grant> g, const remote_session::BundleEntry& e)
      : EntryCap(c, kj::mv(g), e) {}

 protected:
  kj::Promise<void> motd(MotdContext context) override;
  kj::Promise<void> buildInfo(BuildInfoContext context) override;
};

// subscribe is in chat_push.cc, with the pushes it starts.
class ChatImpl final : public capos::rpc::Chat::Server, EntryCap {
 public:
  ChatImpl(Connection& c, kj::Own<Grant> g, const remote_session::BundleEntry& e)
      : EntryCap(c, kj::mv(g), e) {}

 protected:
  kj::Promise<void> join(JoinContext context) override;
  kj::Promise<void> leave(LeaveContext context) override;
  kj::Promise<void> send(SendContext context) override;
  kj::Promise<void> who(WhoContext context) override;
  kj::Promise<void> poll(PollContext context) override;
  kj::Promise<void> subscribe(SubscribeContext context) override;
};

class ServiceRunnerImpl final : public capos::rpc::ServiceRunner::Server, EntryCap {
 public:
  ServiceRunnerImpl(Connection& c, kj::Own<Grant> g, const remote_session::BundleEntry& e)
      : EntryCap(c, kj::mv(g), e) {}

 protected:
  kj::Promise<void> catalog(CatalogContext context) override;
  kj::Promise<void> launch(LaunchContext context) override;
  kj::Promise<void> status(StatusContext context) override;
  kj::Promise<void> stop(StopContext context) override;
};

template <typename Fill>
kj::Promise<CoreAnswer> EntryCap::Invoke(Fill&& fill, bool quiet) {
  return Ask(DtoCall(name_, interface_id_, kj::fwd<Fill>(fill)), quiet);
}

}  // namespace rpc_gateway
