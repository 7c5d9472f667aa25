// Paperclips over Cap'n Proto, independent of the transport: the server
// loop hands in a RECV header and the params bytes and RETURNs the result
// bytes (or the error).
//
// Params are hostile: they are decoded through libcaprt's glue, so anything
// malformed is kMalformedMessage and changes nothing. Domain refusals
// (noWire, insufficientFunds, ...) are kOk results whose View says so.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "kernel-abi/abi.h"
#include "services/paperclips-server/paperclips_table.h"

namespace paperclips {

// Paperclips' interface id in schema/paperclips.capnp (asserted against
// the generated code).
inline constexpr uint64_t kInterfaceId = 0xa3051fc2cb5251cfull;

enum class Method : uint16_t {
  kStatus = 0,
  kMake = 1,
  kSetPrice = 2,
  kBuyWire = 3,
  kBuyAutoclipper = 4,
  kProject = 5,
  kEnd = 6,
};

// Every call needs a result buffer this big; it is checked before any
// state changes, and every View fits in it (a test holds the largest one
// to that), so a command is never applied without its answer.
inline constexpr size_t kMinResultBytes = 4096;

struct HandleResult {
  // kOk, kWrongInterface, kBadMethod, kMalformedMessage, or kResultTooSmall
  // (then `length` is the size needed and nothing changed).
  abi::Error error = abi::Error::kOk;
  size_t length = 0;  // result bytes written on kOk
  // A line for the service log when a game starts or ends, else empty.
  // Names no session.
  char log[96] = {};
};

// Decodes `params` for `method`, applies it to the game of `session` and
// encodes Paperclips.<Method>Results into result[0, result_cap).
// Parameterless methods also accept params_len == 0. Neither buffer needs
// alignment (params are copied if they are not aligned).
HandleResult Handle(Table& table, uint16_t method, const void* params, size_t params_len,
                    uint64_t session, void* result, size_t result_cap);

// One call as the endpoint delivers it: refuses another interface
// (kWrongInterface) and takes the session from the header, never from
// params.
HandleResult HandleRecv(Table& table, const abi::RecvHeader& header, const void* params,
                        void* result, size_t result_cap);

}  // namespace paperclips
