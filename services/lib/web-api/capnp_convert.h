// Host tests only: the reference encoding. Runs Debian's `capnp convert
// binary:json` (Cap'n Proto 0.9.2's JsonCodec, the contract's definition)
// over messages of schema/remote_session.capnp, and compares JSON texts as
// parsed values.
#pragma once

#include <stdint.h>

#include <string>
#include <vector>

namespace web_api {

// One --short JSON line per message (type "Request" or "Response"); an
// empty vector if the tool failed.
std::vector<std::string> CapnpConvertToJson(const char* type,
                                            const std::vector<std::vector<uint8_t>>& messages);

// True if both parse (cJSON) and are equal as values; *why says what
// differs otherwise.
bool SameJson(const std::string& a, const std::string& b, std::string* why);

}  // namespace web_api
