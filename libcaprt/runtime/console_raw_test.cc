// The hand-written Console.write encoding must be exactly what the real
// Cap'n Proto library reads back.
#include "libcaprt/runtime/console_raw.h"

#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <string>

#include "schema/kernel.capnp.h"

namespace caprt {
namespace {

std::string RoundTrip(const std::string& text) {
  uint64_t buf[ConsoleWriteParamsSize(kConsoleChunkMax) / 8];
  size_t n = EncodeConsoleWrite(text.data(), text.size(), buf, sizeof(buf));
  EXPECT_EQ(n, ConsoleWriteParamsSize(text.size()));
  capnp::FlatArrayMessageReader reader(
      kj::arrayPtr(reinterpret_cast<const capnp::word*>(buf), n / 8));
  return reader.getRoot<capos::schema::Console::WriteParams>().getText();
}

TEST(ConsoleRaw, DecodesWithCapnp) {
  EXPECT_EQ(RoundTrip(""), "");
  EXPECT_EQ(RoundTrip("a"), "a");
  EXPECT_EQ(RoundTrip("1234567"), "1234567");  // text + NUL exactly one word
  EXPECT_EQ(RoundTrip("12345678"), "12345678");
  std::string big(kConsoleChunkMax, 'x');
  EXPECT_EQ(RoundTrip(big), big);
}

TEST(ConsoleRaw, RefusesOversizeOrSmallBuffer) {
  uint64_t buf[ConsoleWriteParamsSize(kConsoleChunkMax) / 8 + 2];
  std::string big(kConsoleChunkMax + 1, 'x');
  EXPECT_EQ(EncodeConsoleWrite(big.data(), big.size(), buf, sizeof(buf)), 0u);
  EXPECT_EQ(EncodeConsoleWrite("hello", 5, buf, ConsoleWriteParamsSize(5) - 1), 0u);
}

}  // namespace
}  // namespace caprt
