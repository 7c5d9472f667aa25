#include "libcaprt/capnp_glue.h"

#include <capnp/message.h>
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "schema/kernel.capnp.h"

namespace caprt {
namespace {

using Params = capos::schema::ProcessSpawner::SpawnParams;

std::vector<capnp::word> Encoded() {
  capnp::MallocMessageBuilder builder;
  auto p = builder.initRoot<Params>();
  p.setName("chat");
  p.setBinary("chat-server");
  p.setHeapPages(9);
  auto g = p.initGrants(1);
  g[0].setName("console");
  g[0].setCapIndex(2);
  std::vector<capnp::word> out(64);
  auto r = EncodeMessage(builder, out.data(), out.size() * sizeof(capnp::word));
  EXPECT_EQ(r.error, abi::Error::kOk);
  out.resize(r.length / sizeof(capnp::word));
  return out;
}

DecodeResult Touch(const void* bytes, size_t len) {
  return Decode<Params>(bytes, len, [](Params::Reader p) {
    (void)p.getName().size();
    for (auto g : p.getGrants()) (void)g.getName().size();
  });
}

void PutLe32(void* at, uint32_t v) {
  auto* p = static_cast<unsigned char*>(at);
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(v >> (8 * i));
}

TEST(CapnpGlue, RoundTrip) {
  auto w = Encoded();
  std::string name;
  uint32_t pages = 0;
  auto r = Decode<Params>(w.data(), w.size() * 8, [&](Params::Reader p) {
    name = p.getName().cStr();
    pages = p.getHeapPages();
  });
  EXPECT_TRUE(r.ok()) << r.detail;
  EXPECT_EQ(name, "chat");
  EXPECT_EQ(pages, 9u);
}

TEST(CapnpGlue, EncodeReportsNeededLength) {
  capnp::MallocMessageBuilder builder;
  builder.initRoot<Params>().setName("x");
  unsigned char small[8];
  auto r = EncodeMessage(builder, small, sizeof(small));
  EXPECT_EQ(r.error, abi::Error::kResultTooSmall);
  EXPECT_GT(r.length, sizeof(small));
  EXPECT_EQ(EncodeMessage(builder, nullptr, 0).error, abi::Error::kResultTooSmall);
}

TEST(CapnpGlue, UnalignedBufferDecodes) {
  auto w = Encoded();
  std::vector<unsigned char> shifted(w.size() * 8 + 1);
  std::memcpy(shifted.data() + 1, w.data(), w.size() * 8);
  EXPECT_TRUE(Touch(shifted.data() + 1, w.size() * 8).ok());
}

TEST(CapnpGlue, FramingErrorsDoNotCallRead) {
  auto w = Encoded();
  size_t len = w.size() * 8;
  bool called = false;
  auto reader = [&](Params::Reader) { called = true; };
  EXPECT_EQ(Decode<Params>(w.data(), 0, reader).error, abi::Error::kMalformedMessage);
  EXPECT_EQ(Decode<Params>(nullptr, 8, reader).error, abi::Error::kMalformedMessage);
  EXPECT_EQ(Decode<Params>(w.data(), len - 3, reader).error, abi::Error::kMalformedMessage);
  EXPECT_EQ(Decode<Params>(w.data(), len - 8, reader).error, abi::Error::kMalformedMessage);
  auto longer = w;
  longer.push_back(capnp::word());
  EXPECT_EQ(Decode<Params>(longer.data(), len + 8, reader).error, abi::Error::kMalformedMessage);
  auto many = w;
  PutLe32(many.data(), 1000);  // 1001 segments
  EXPECT_EQ(Decode<Params>(many.data(), len, reader).error, abi::Error::kMalformedMessage);
  auto huge = w;
  PutLe32(reinterpret_cast<char*>(huge.data()) + 4, 0xffffffffu);
  EXPECT_EQ(Decode<Params>(huge.data(), len, reader).error, abi::Error::kMalformedMessage);
  EXPECT_FALSE(called);
}

TEST(CapnpGlue, HostilePointersBecomeMalformed) {
  auto w = Encoded();
  size_t len = w.size() * 8;
  // One segment, so the table is one word and the root pointer is word 1.
  auto oob = w;
  PutLe32(reinterpret_cast<char*>(oob.data()) + 8, 1000u << 2);
  auto r = Touch(oob.data(), len);
  EXPECT_EQ(r.error, abi::Error::kMalformedMessage);
  EXPECT_NE(std::strstr(r.detail, "out-of-bounds"), nullptr) << r.detail;

  auto list = w;
  PutLe32(reinterpret_cast<char*>(list.data()) + 8 + 2 * 8 + 4, (0x1fffffffu << 3) | 2);
  EXPECT_EQ(Touch(list.data(), len).error, abi::Error::kMalformedMessage);
}

TEST(CapnpGlue, TraversalLimitIsEnforced) {
  auto w = Encoded();
  DecodeOptions tight;
  tight.traversal_limit_words = 2;
  auto r = Decode<Params>(
      w.data(), w.size() * 8,
      [](Params::Reader p) {
        for (auto g : p.getGrants()) (void)g.getName().size();
        (void)p.getName().size();
        (void)p.getBinary().size();
      },
      tight);
  EXPECT_EQ(r.error, abi::Error::kMalformedMessage);
}

}  // namespace
}  // namespace caprt
