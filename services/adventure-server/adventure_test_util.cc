#include "services/adventure-server/adventure_test_util.h"

#include <gtest/gtest.h>

#include <cstring>

namespace adventure::test {
namespace {

std::vector<uint8_t> Bytes(capnp::MessageBuilder& builder) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(builder);
  auto bytes = words.asBytes();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}

capnp::Text::Reader TextOf(const std::string& s) {
  return capnp::Text::Reader(s.c_str(), s.size());
}

Reply Finish(const HandleResult& result, const std::vector<uint8_t>& out) {
  Reply reply;
  reply.result = result;
  if (result.error == abi::Error::kOk) {
    reply.words.resize(result.length / sizeof(capnp::word));
    std::memcpy(reply.words.data(), out.data(), reply.words.size() * sizeof(capnp::word));
    reply.reader = std::make_unique<capnp::FlatArrayMessageReader>(
        kj::arrayPtr(reply.words.data(), reply.words.size()));
  }
  return reply;
}

}  // namespace

Caller Player(uint64_t ref, const char* principal) {
  Caller c;
  c.session_ref = ref;
  c.principal = principal;
  return c;
}

Command Verb0(Verb verb) {
  Command c;
  c.verb = verb;
  return c;
}

Command Go(Direction d) {
  Command c;
  c.verb = Verb::kGo;
  c.direction = static_cast<uint16_t>(d);
  return c;
}

Command WithText(Verb verb, const std::string& text) {
  Command c;
  c.verb = verb;
  c.text = text.data();
  c.text_len = text.size();
  return c;
}

std::vector<uint8_t> EmptyParams() {
  capnp::MallocMessageBuilder builder;
  builder.initRoot<Adventure::LookParams>();
  return Bytes(builder);
}

std::vector<uint8_t> GoParams(uint16_t direction) {
  capnp::MallocMessageBuilder builder;
  builder.initRoot<Adventure::GoParams>().setDirection(
      static_cast<Adventure::Direction>(direction));
  return Bytes(builder);
}

std::vector<uint8_t> ItemParams(const std::string& item) {
  capnp::MallocMessageBuilder builder;
  builder.initRoot<Adventure::TakeParams>().setItem(TextOf(item));
  return Bytes(builder);
}

std::vector<uint8_t> SayParams(const std::string& text) {
  capnp::MallocMessageBuilder builder;
  builder.initRoot<Adventure::SayParams>().setText(TextOf(text));
  return Bytes(builder);
}

std::vector<uint8_t> ActParams(const std::string& npc, const std::string& line) {
  capnp::MallocMessageBuilder builder;
  auto p = builder.initRoot<AdventureNpc::ActParams>();
  p.setNpc(TextOf(npc));
  p.setLine(TextOf(line));
  return Bytes(builder);
}

Adventure::View::Reader Reply::View() {
  if (!reader) return Adventure::View::Reader();  // the call failed; the test has said so
  return reader->getRoot<Adventure::LookResults>().getView();
}

AdventureNpc::ActResults::Reader Reply::Act() {
  if (!reader) return AdventureNpc::ActResults::Reader();
  return reader->getRoot<AdventureNpc::ActResults>();
}

Reply Call(World& world, Verb verb, const std::vector<uint8_t>& params, const Caller& caller,
           size_t result_cap) {
  std::vector<uint8_t> out(result_cap);
  HandleResult r = Handle(world, static_cast<uint16_t>(verb), params.data(), params.size(), caller,
                          out.data(), out.size());
  return Finish(r, out);
}

Reply CallNpc(World& world, const std::vector<uint8_t>& params, size_t result_cap) {
  std::vector<uint8_t> out(result_cap);
  HandleResult r = HandleNpc(world, 0, params.data(), params.size(), out.data(), out.size());
  return Finish(r, out);
}

std::vector<std::string> Strings(capnp::List<capnp::Text>::Reader list) {
  std::vector<std::string> v;
  for (auto t : list) v.emplace_back(t.cStr());
  return v;
}

}  // namespace adventure::test
