// Between capability methods and the core: the DTO Request a method stands
// for (schema/remote_session.capnp), built here and decoded by the core
// exactly as a DTO frame from the gateway's clients (the same codec, the
// same bounds on every text), and the core's Response frame decoded back
// into the method's results or its denial.
#pragma once

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/async.h>
#include <string.h>

#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/response.h"
#include "services/rpc-gateway/answers.h"

namespace rpc_gateway {

// One DTO Request as flat words: fill(capos::schema::Request::Builder).
// The builder's memory is wiped before it goes (a login's password).
template <typename Fill>
kj::Array<capnp::word> Dto(Fill&& fill) {
  capnp::MallocMessageBuilder b(128);
  fill(b.initRoot<capos::schema::Request>());
  kj::Array<capnp::word> words = capnp::messageToFlatArray(b);
  for (auto segment : b.getSegmentsForOutput()) {
    memset(const_cast<capnp::word*>(segment.begin()), 0, segment.size() * sizeof(capnp::word));
  }
  return words;
}

// A Call on CapSet entry `name` (the guest's interface id, as the core
// lists it): fill(capos::schema::Call::Builder) sets the variant.
template <typename Fill>
kj::Array<capnp::word> DtoCall(kj::StringPtr name, uint64_t interface_id, Fill&& fill) {
  return Dto([&](capos::schema::Request::Builder r) {
    auto call = r.initCall();
    call.setCapName(name);
    call.setInterfaceId(interface_id);
    fill(call);
  });
}

// The exception a denial becomes: its description is the ErrorCode name
// alone, a fixed string (remote_rpc.capnp, "Denials are typed").
kj::Exception DeniedException(remote_session::ErrorCode code);

// Runs ok(Response::Reader) on the core's answer, or denied(RemoteDenial::
// Reader) on its denial, which returns what the call then fails with
// (kj::READY_NOW for a typed denial in the results). A frame that does
// not decode is the core's bug, and the peer learns only "unavailable".
bool DecodeAnswer(const CoreAnswer& a,
                  kj::FunctionParam<void(capos::schema::Response::Reader)> read);

template <typename Ok, typename Denied>
kj::Promise<void> Decode(const CoreAnswer& a, Ok&& ok, Denied&& denied) {
  kj::Maybe<kj::Promise<void>> result;
  bool decoded = DecodeAnswer(a, [&](capos::schema::Response::Reader r) {
    if (r.isDenied()) {
      result = denied(r.getDenied());
    } else {
      ok(r);
    }
  });
  if (!decoded) return DeniedException(remote_session::ErrorCode::kUnavailable);
  KJ_IF_MAYBE (p, result) {
    return kj::mv(*p);
  }
  return kj::READY_NOW;
}

// The same, with every denial the exception named by its code.
template <typename Ok>
kj::Promise<void> Decode(const CoreAnswer& a, Ok&& ok) {
  return Decode(a, kj::fwd<Ok>(ok), [](capos::schema::RemoteDenial::Reader d) {
    return kj::Promise<void>(DeniedException(static_cast<remote_session::ErrorCode>(d.getCode())));
  });
}

}  // namespace rpc_gateway
