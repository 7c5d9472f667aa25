// Adventure and AdventureNpc over Cap'n Proto, independent of the
// transport: the server loop hands in a RECV header and the params bytes,
// and sends back the result bytes (or the error) with RETURN.
//
// Params are hostile: they are decoded through libcaprt's glue, so anything
// malformed is abi::Error::kMalformedMessage and changes nothing. Domain
// refusals (no exit, no such item, bounds, bad text) are kOk results whose
// View carries the outcome, never transport errors.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "services/adventure-server/adventure_world.h"

namespace adventure {

// Interface ids in schema/adventure.capnp (checked against the generated
// code in the tests).
inline constexpr uint64_t kAdventureInterfaceId = 0xfe43154b6712571cull;
inline constexpr uint64_t kAdventureNpcInterfaceId = 0xd6453f60e06d72d1ull;

// Every player call needs a result buffer of at least this size, checked
// before any state changes; the largest View fits in it (tested).
inline constexpr size_t kMinResultBytes = 4096;
// AdventureNpc.act answers two short names; the schema sets no minimum.
inline constexpr size_t kMinNpcResultBytes = 256;

struct HandleResult {
  // kOk, kWrongInterface, kBadMethod, kMalformedMessage, or kResultTooSmall
  // (then `length` is the size needed and nothing changed).
  abi::Error error = abi::Error::kOk;
  size_t length = 0;  // result bytes written on kOk
  // A console line when a player joined or left or an NPC appeared, empty
  // otherwise. Holds no session reference.
  char log[96] = {};
};

// The caller as the kernel's RECV header describes it: the session
// reference, and the principal class only when the facet discloses it.
Caller CallerFromRecv(const abi::RecvHeader& header);

// One Adventure call: decodes `params` for `method`, applies it to `world`
// as `caller`, and encodes the <Method>Results message (a View) into
// result[0, result_cap). Parameterless methods also accept params_len == 0.
HandleResult Handle(World& world, uint16_t method, const void* params, size_t params_len,
                    const Caller& caller, void* result, size_t result_cap);

// One Adventure call as the endpoint server receives it: another interface
// is kWrongInterface; the caller comes from the header, never the params.
HandleResult HandleRecv(World& world, const abi::RecvHeader& header, const void* params,
                        void* result, size_t result_cap);

// One AdventureNpc call (its own endpoint): act, or kBadMethod; a bad npc
// name or line is kMalformedMessage.
HandleResult HandleNpc(World& world, uint16_t method, const void* params, size_t params_len,
                       void* result, size_t result_cap);
HandleResult HandleNpcRecv(World& world, const abi::RecvHeader& header, const void* params,
                           void* result, size_t result_cap);

}  // namespace adventure
