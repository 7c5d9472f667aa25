#include "services/lib/web-api/response_json_test_util.h"

#include <gtest/gtest.h>
#include <string.h>

#include <string>

#include "services/lib/web-api/capnp_convert.h"
#include "services/lib/web-api/response_json.h"

namespace web_api {

void Frames::Add(const uint8_t* frame, size_t len) {
  ASSERT_GT(len, 4u) << "no response frame";
  frames.emplace_back(frame, frame + len);
  payloads.emplace_back(frame + 4, frame + len);
}

std::string Render(const std::vector<uint8_t>& payload) {
  std::vector<char> out(256 * 1024);
  size_t n = RenderResponseJson(payload.data(), payload.size(), out.data(), out.size());
  return std::string(out.data(), n);
}

namespace {

// Renders with exactly `cap` bytes of room, then checks the byte after it.
size_t RenderWithin(const std::vector<uint8_t>& payload, size_t cap, std::string* text) {
  std::vector<char> out(cap + 1, '\x5a');
  size_t n = RenderResponseJson(payload.data(), payload.size(), cap ? out.data() : nullptr, cap);
  EXPECT_EQ(out[cap], '\x5a') << "wrote past a capacity of " << cap;
  if (n != 0) {
    EXPECT_EQ(out[n], '\0');
    *text = std::string(out.data(), n);
  }
  return n;
}

void ExpectCapacityBoundary(const std::vector<uint8_t>& payload, const std::string& full) {
  size_t n = full.size();
  std::string text;
  EXPECT_EQ(RenderWithin(payload, n + 1, &text), n);
  EXPECT_EQ(text, full);
  EXPECT_EQ(RenderWithin(payload, n, &text), 0u) << "no room for the NUL";
  EXPECT_EQ(RenderWithin(payload, 0, &text), 0u);
  size_t step = n / 32 + 1;
  for (size_t cap = 1; cap < n; cap += step) EXPECT_EQ(RenderWithin(payload, cap, &text), 0u);
}

}  // namespace

void ExpectAllMatch(const Frames& f) {
  std::vector<std::string> want = CapnpConvertToJson("Response", f.payloads);
  ASSERT_EQ(want.size(), f.payloads.size()) << "capnp convert failed";
  for (size_t i = 0; i < f.payloads.size(); ++i) {
    SCOPED_TRACE("response #" + std::to_string(i) + ": " + want[i]);
    std::string got = Render(f.payloads[i]);
    ASSERT_FALSE(got.empty());
    std::string why;
    EXPECT_TRUE(SameJson(got, want[i], &why)) << why;
    std::vector<char> out(got.size() + 1);
    EXPECT_EQ(
        RenderResponseFrameJson(f.frames[i].data(), f.frames[i].size(), out.data(), out.size()),
        got.size());
    EXPECT_EQ(std::string(out.data()), got);
    ExpectCapacityBoundary(f.payloads[i], got);
  }
}

}  // namespace web_api
