// Host tests only: response frames collected from the core, checked
// against `capnp convert binary:json` in one batch.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <string>
#include <vector>

namespace web_api {

struct Frames {
  std::vector<std::vector<uint8_t>> frames;    // as the core wrote them
  std::vector<std::vector<uint8_t>> payloads;  // the same without the prefix
  // A frame of `len` bytes (length prefix included).
  void Add(const uint8_t* frame, size_t len);
};

// For every frame: RenderResponseJson equals the tool's JSON as parsed
// values; RenderResponseFrameJson gives the same text; the output needs
// exactly its length + 1 bytes and never writes past the capacity given.
void ExpectAllMatch(const Frames& f);

// Renders a payload into a string ("" when RenderResponseJson returns 0).
std::string Render(const std::vector<uint8_t>& payload);

}  // namespace web_api
