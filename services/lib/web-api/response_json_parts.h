// Internal to services/lib/web-api: the per-struct renderers behind
// RenderResponseJson (response_json.cc, response_json_views.cc) and the
// field helpers that apply JsonCodec's rules (see response_json.h).
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "schema/remote_session.capnp.h"
#include "services/lib/web-api/json_writer.h"

namespace web_api::parts {

namespace s = capos::schema;

// Pointer fields: written only when set (`has`), like JsonCodec.
void Text(JsonWriter& w, const char* key, bool has, capnp::Text::Reader t);
void TextList(JsonWriter& w, const char* key, bool has, capnp::List<capnp::Text>::Reader l);
void TextArray(JsonWriter& w, capnp::List<capnp::Text>::Reader l);  // the value only
// Data: an array of byte numbers (JsonCodec's form without a base64/hex
// annotation, which this schema has none of).
void Data(JsonWriter& w, const char* key, bool has, capnp::Data::Reader d);
// Plain fields: always written.
void U32(JsonWriter& w, const char* key, uint32_t v);
void U64(JsonWriter& w, const char* key, uint64_t v);  // as a decimal string
void Bool(JsonWriter& w, const char* key, bool v);
// The enumerant's name from names[0, count), or its number past the table.
void Enum(JsonWriter& w, const char* key, uint16_t raw, const char* const* names, uint32_t count);
template <typename E, size_t N>
void Enum(JsonWriter& w, const char* key, E v, const char* const (&names)[N]) {
  Enum(w, key, static_cast<uint16_t>(v), names, N);
}

// Enumerant names in schema order (JsonCodec writes them as declared).
extern const char* const kLaunchDenialNames[12];

// A list of structs, each element rendered as an object by `each`.
template <typename Reader, typename Each>
void StructArray(JsonWriter& w, Reader list, Each each) {
  w.BeginArray();
  for (auto e : list) {
    if (!w.ok()) break;  // out of room: stop reading
    w.BeginObject();
    each(e);
    w.EndObject();
  }
  w.EndArray();
}

// A List(struct) field.
template <typename Reader, typename Each>
void StructList(JsonWriter& w, const char* key, bool has, Reader list, Each each) {
  if (!has) return;
  w.Key(key);
  StructArray(w, list, each);
}

// A struct value: `body` writes its members between { and }.
template <typename Reader, typename Body>
void Object(JsonWriter& w, Reader r, Body body) {
  w.BeginObject();
  body(w, r);
  w.EndObject();
}

// Struct bodies (the members between { and }).
void SessionView(JsonWriter& w, s::SessionView::Reader v);
void ChatMessage(JsonWriter& w, s::ChatMessage::Reader m);
void ExportDescriptor(JsonWriter& w, s::ExportDescriptor::Reader e);
void CallResult(JsonWriter& w, s::CallResult::Reader r);
void ServiceEntry(JsonWriter& w, s::ServiceEntry::Reader e);
void ServiceStatus(JsonWriter& w, s::ServiceStatus::Reader st);
void TerminalReply(JsonWriter& w, s::TerminalReply::Reader r);  // response_json_terminal.cc

}  // namespace web_api::parts
