// One Response message (schema/remote_session.capnp), as the session core
// writes it, rendered as the JSON Cap'n Proto 0.9.2's JsonCodec writes for
// it (`capnp convert binary:json`): same members, same values, compared as
// parsed JSON. See services/web-ui/API.md ("JSON encoding of the DTOs").
//
// The tool's rules (JsonCodec with handleByAnnotation, as `capnp convert`
// runs it), followed here: a struct's plain fields in schema order, except
// a pointer field (Text, List, struct) that is null, which is left out;
// then the active member of its union, always, a null pointer written as
// its default ("", [], or the struct with its defaults); Void is null;
// 8-32-bit integers are numbers, 64-bit ones decimal strings; an enumerant
// by name (by number when the schema has no such value); an unknown union
// member is left out.
//
// Where this differs from JsonCodec: Text is treated as bytes and an
// ill-formed UTF-8 sequence becomes U+FFFD, so the body is always valid
// UTF-8 JSON (JsonCodec copies the bytes as they are).
//
// Pure: reads the message with the generated capnp readers through
// libcaprt's glue (a malformed message is a typed failure, never an abort)
// and writes through a bounded JsonWriter; no allocation beyond the glue's
// (capnp's segment table, a copy of an unaligned payload).
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace web_api {

// Renders the message payload[0, len) (a frame without its 4-byte length
// prefix) into out[0, cap) as NUL-terminated JSON. Returns its length
// without the NUL, or 0 if the payload is not a Response message or the
// JSON (and its NUL) does not fit: then out[0, cap) holds garbage.
size_t RenderResponseJson(const uint8_t* payload, size_t len, char* out, size_t cap);

// The same for a whole frame as remote_session::Session writes it (4-byte
// little-endian payload length, then the payload): 0 also when the prefix
// does not match frame_len.
size_t RenderResponseFrameJson(const uint8_t* frame, size_t frame_len, char* out, size_t cap);

}  // namespace web_api
