// Host-test helpers: params built and results read with the official
// Cap'n Proto library, so the codec is checked against the real wire format.
#pragma once

#include <capnp/serialize.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "schema/adventure.capnp.h"
#include "services/adventure-server/adventure_codec.h"

namespace adventure::test {

using capos::schema::Adventure;
using capos::schema::AdventureNpc;

Caller Player(uint64_t ref, const char* principal = "operator");
Command Verb0(Verb verb);
Command Go(Direction d);
Command WithText(Verb verb, const std::string& text);

std::vector<uint8_t> EmptyParams();
std::vector<uint8_t> GoParams(uint16_t direction);
std::vector<uint8_t> ItemParams(const std::string& item);  // take, drop and use share a layout
std::vector<uint8_t> SayParams(const std::string& text);
std::vector<uint8_t> ActParams(const std::string& npc, const std::string& line);

// One Handle()/HandleNpc() call and its decoded answer.
struct Reply {
  HandleResult result;
  std::vector<capnp::word> words;
  std::unique_ptr<capnp::FlatArrayMessageReader> reader;

  // The View of any verb's results (they all hold just `view`).
  Adventure::View::Reader View();
  AdventureNpc::ActResults::Reader Act();
};

Reply Call(World& world, Verb verb, const std::vector<uint8_t>& params, const Caller& caller,
           size_t result_cap = kMinResultBytes);
Reply CallNpc(World& world, const std::vector<uint8_t>& params,
              size_t result_cap = kMinNpcResultBytes);

std::vector<std::string> Strings(capnp::List<capnp::Text>::Reader list);

}  // namespace adventure::test
