// Host tests only: building Request messages and comparing the two
// decodings (binary DecodeRequest, DecodeRequestJson) field by field.
#pragma once

#include <stdint.h>

#include <functional>
#include <vector>

#include "schema/remote_session.capnp.h"
#include "services/lib/remote-session/codec.h"

namespace web_api {

using RB = capos::schema::Request::Builder;

// A Request message with id `id`, filled by `fill`, as flat bytes.
std::vector<uint8_t> Build(uint32_t id, const std::function<void(RB)>& fill);

// Every field the decoders fill must be equal (texts with the bytes past
// them, the terminal bytes and the ticket included).
void ExpectSame(const remote_session::Request& a, const remote_session::Request& b);

// Each message through `capnp convert binary:json`, then both decoders:
// DecodeRequest must accept it and DecodeRequestJson give the same Request
// with no cJSON bytes left allocated.
void ExpectJsonDecodesAsBinary(const std::vector<std::vector<uint8_t>>& messages);

}  // namespace web_api
