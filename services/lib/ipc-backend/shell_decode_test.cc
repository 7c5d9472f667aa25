#include "services/lib/ipc-backend/shell_decode.h"

#include <string.h>

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include "layout/terminal.capnp.layout.h"
#include "schema/terminal.capnp.h"

namespace ipc_backend {
namespace {

namespace L = capos::layout;
using Host = capos::schema::ShellHost;

// A RECV buffer as the kernel fills it: the header, then the params.
struct Recv {
  alignas(8) uint8_t bytes[16384] = {};
  uint32_t got = 0;

  Recv(uint16_t method, kj::ArrayPtr<const uint8_t> params, uint16_t caps = 0) {
    abi::RecvHeader h{};
    h.call_token = 0x1234;
    h.method = method;
    h.caps_count = caps;
    h.params_len = static_cast<uint32_t>(params.size());
    memcpy(bytes, &h, sizeof(h));
    memcpy(bytes + sizeof(h), params.begin(), params.size());
    got = static_cast<uint32_t>(sizeof(h) + params.size());
  }
  bool Inside(const uint8_t* p, size_t n) const {
    return p >= bytes + sizeof(abi::RecvHeader) && p + n <= bytes + got;
  }
};

kj::Array<capnp::word> Flat(capnp::MessageBuilder& b) {
  return capnp::messageToFlatArray(b);
}

TEST(ShellDecode, InputCarriesItsWait) {
  capnp::MallocMessageBuilder b;
  b.initRoot<Host::InputParams>().setWaitMs(750);
  auto m = Flat(b);
  Recv r(L::ShellHost::kInput, m.asBytes());
  ShellCallView v = DecodeShellCall(r.bytes, r.got);
  ASSERT_EQ(v.kind, ShellCallView::kCall);
  EXPECT_EQ(v.call, ShellCall::kInput);
  EXPECT_EQ(v.wait_ms, 750u);
  EXPECT_EQ(v.token, 0x1234u);
}

TEST(ShellDecode, OutputBytesPointIntoTheRecvBuffer) {
  capnp::MallocMessageBuilder b;
  const uint8_t text[] = "hello\r\n";
  b.initRoot<Host::OutputParams>().setBytes(capnp::Data::Reader(text, sizeof(text) - 1));
  auto m = Flat(b);
  Recv r(L::ShellHost::kOutput, m.asBytes());
  ShellCallView v = DecodeShellCall(r.bytes, r.got);
  ASSERT_EQ(v.kind, ShellCallView::kCall);
  EXPECT_EQ(v.call, ShellCall::kOutput);
  ASSERT_EQ(v.len, sizeof(text) - 1);
  EXPECT_TRUE(r.Inside(v.data, v.len));
  EXPECT_EQ(memcmp(v.data, text, v.len), 0);
}

TEST(ShellDecode, RequestKeepsQuiet) {
  capnp::MallocMessageBuilder b;
  auto p = b.initRoot<Host::RequestParams>();
  const uint8_t req[16] = {1, 2, 3};
  p.setRequest(capnp::Data::Reader(req, sizeof(req)));
  p.setQuiet(true);
  auto m = Flat(b);
  Recv r(L::ShellHost::kRequest, m.asBytes());
  ShellCallView v = DecodeShellCall(r.bytes, r.got);
  ASSERT_EQ(v.kind, ShellCallView::kCall);
  EXPECT_EQ(v.call, ShellCall::kRequest);
  EXPECT_TRUE(v.quiet);
  ASSERT_EQ(v.len, sizeof(req));
  EXPECT_TRUE(r.Inside(v.data, v.len));
}

TEST(ShellDecode, NoHeaderTakesNothing) {
  alignas(8) uint8_t few[8] = {};
  EXPECT_EQ(DecodeShellCall(few, sizeof(few)).kind, ShellCallView::kNone);
}

TEST(ShellDecode, ParamsLongerThanDeliveredAreMalformed) {
  capnp::MallocMessageBuilder b;
  b.initRoot<Host::InputParams>().setWaitMs(1);
  auto m = Flat(b);
  Recv r(L::ShellHost::kInput, m.asBytes());
  ShellCallView v = DecodeShellCall(r.bytes, r.got - 8);  // the header says more
  EXPECT_EQ(v.kind, ShellCallView::kRefuse);
  EXPECT_EQ(v.refusal, abi::Error::kMalformedMessage);
  EXPECT_EQ(v.token, 0x1234u);  // still answerable
}

TEST(ShellDecode, CapsFromAShellAreMalformed) {
  capnp::MallocMessageBuilder b;
  b.initRoot<Host::InputParams>();
  auto m = Flat(b);
  Recv r(L::ShellHost::kInput, m.asBytes(), 1);
  ShellCallView v = DecodeShellCall(r.bytes, r.got);
  EXPECT_EQ(v.kind, ShellCallView::kRefuse);
  EXPECT_EQ(v.refusal, abi::Error::kMalformedMessage);
}

TEST(ShellDecode, UnknownMethodIsBadMethod) {
  capnp::MallocMessageBuilder b;
  b.initRoot<Host::InputParams>();
  auto m = Flat(b);
  Recv r(99, m.asBytes());
  ShellCallView v = DecodeShellCall(r.bytes, r.got);
  EXPECT_EQ(v.kind, ShellCallView::kRefuse);
  EXPECT_EQ(v.refusal, abi::Error::kBadMethod);
}

TEST(ShellDecode, GarbageParamsAreMalformed) {
  const uint8_t junk[24] = {0xff, 0xff, 0xff, 0x7f, 9, 9, 9, 9, 1, 2, 3, 4};
  Recv r(L::ShellHost::kOutput, kj::arrayPtr(junk, sizeof(junk)));
  ShellCallView v = DecodeShellCall(r.bytes, r.got);
  EXPECT_EQ(v.kind, ShellCallView::kRefuse);
  EXPECT_EQ(v.refusal, abi::Error::kMalformedMessage);
  EXPECT_EQ(v.data, nullptr);
}

}  // namespace
}  // namespace ipc_backend
