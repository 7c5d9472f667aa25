#include "services/lib/web-api/request_json_test_util.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>
#include <string.h>

#include <memory>
#include <string>

#include "services/lib/json/json_body.h"
#include "services/lib/web-api/capnp_convert.h"
#include "services/lib/web-api/request_json.h"

namespace web_api {
namespace {

using remote_session::Request;

template <size_t N>
void ExpectText(const remote_session::BoundedText<N>& a, const remote_session::BoundedText<N>& b,
                const char* what) {
  EXPECT_EQ(std::string(a.data, a.len), std::string(b.data, b.len)) << what;
  EXPECT_EQ(a.too_long, b.too_long) << what;
  EXPECT_EQ(memcmp(a.data, b.data, sizeof(a.data)), 0) << what << ": bytes past the text";
}

void ExpectSameTerminal(const Request& a, const Request& b) {
  const remote_session::TerminalRequest &x = a.terminal, &y = b.terminal;
  EXPECT_EQ(x.op, y.op);
  EXPECT_EQ(x.terminal_id, y.terminal_id);
  EXPECT_EQ(x.attachment, y.attachment);
  EXPECT_EQ(x.mode, y.mode);
  EXPECT_EQ(x.seq, y.seq);
  EXPECT_EQ(x.replace_owner, y.replace_owner);
  EXPECT_EQ(x.cols, y.cols);
  EXPECT_EQ(x.rows, y.rows);
  EXPECT_EQ(x.bytes, y.bytes);
  EXPECT_EQ(x.bytes_len, y.bytes_len);
  EXPECT_EQ(x.max_bytes, y.max_bytes);
  EXPECT_EQ(x.wait_ms, y.wait_ms);
  EXPECT_EQ(memcmp(a.terminal_bytes, b.terminal_bytes, sizeof(a.terminal_bytes)), 0);
  EXPECT_EQ(a.terminal_too_large, b.terminal_too_large);
  EXPECT_EQ(a.terminal_bad_mode, b.terminal_bad_mode);
  EXPECT_EQ(memcmp(a.ticket, b.ticket, sizeof(a.ticket)), 0);
  EXPECT_EQ(a.ticket_ok, b.ticket_ok);
}

}  // namespace

std::vector<uint8_t> Build(uint32_t id, const std::function<void(RB)>& fill) {
  capnp::MallocMessageBuilder m;
  auto r = m.initRoot<capos::schema::Request>();
  r.setRequestId(id);
  fill(r);
  auto bytes = capnp::messageToFlatArray(m);
  return std::vector<uint8_t>(bytes.asBytes().begin(), bytes.asBytes().end());
}

void ExpectSame(const Request& a, const Request& b) {
  EXPECT_EQ(a.request_id, b.request_id);
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.login, b.login);
  ExpectText(a.principal, b.principal, "principal");
  ExpectText(a.password, b.password, "password");
  ExpectText(a.profile, b.profile, "profile");
  ExpectText(a.cap_name, b.cap_name, "cap_name");
  EXPECT_EQ(a.interface_id, b.interface_id);
  EXPECT_EQ(a.method, b.method);
  ExpectText(a.chat_text, b.chat_text, "chat_text");
  EXPECT_EQ(a.since_seq, b.since_seq);
  ExpectText(a.verb, b.verb, "verb");
  for (uint32_t i = 0; i < remote_session::kMaxArgs; ++i) ExpectText(a.args[i], b.args[i], "arg");
  EXPECT_EQ(a.arg_count, b.arg_count);
  EXPECT_EQ(a.too_many_args, b.too_many_args);
  ExpectText(a.service, b.service, "service");
  ExpectText(a.binary, b.binary, "binary");
  for (uint32_t i = 0; i < remote_session::kMaxServiceGrants; ++i) {
    EXPECT_STREQ(a.grants[i].name, b.grants[i].name);
    EXPECT_EQ(a.grants[i].interface_id, b.grants[i].interface_id);
  }
  EXPECT_EQ(a.grant_count, b.grant_count);
  EXPECT_EQ(a.bad_grants, b.bad_grants);
  ExpectSameTerminal(a, b);
  EXPECT_EQ(a.quiet, b.quiet);
  EXPECT_EQ(a.origin, b.origin);
  EXPECT_EQ(a.from_shell, b.from_shell);
}

void ExpectJsonDecodesAsBinary(const std::vector<std::vector<uint8_t>>& messages) {
  auto json = CapnpConvertToJson("Request", messages);
  ASSERT_EQ(json.size(), messages.size()) << "capnp convert failed";
  json::Init();
  size_t live = json::LiveBytes();
  for (size_t i = 0; i < messages.size(); ++i) {
    SCOPED_TRACE(json[i].substr(0, 400));
    // Both on the heap: a Request holds a 4 KiB write buffer.
    auto bin = std::make_unique<Request>();
    auto fromjson = std::make_unique<Request>();
    ASSERT_EQ(remote_session::DecodeRequest(messages[i].data(), messages[i].size(), bin.get()),
              remote_session::DecodeStatus::kOk);
    RequestJsonStatus st = DecodeRequestJson(json[i].data(), json[i].size(), fromjson.get());
    ASSERT_EQ(st, RequestJsonStatus::kOk) << RequestJsonStatusName(st);
    ExpectSame(*bin, *fromjson);
    EXPECT_EQ(json::LiveBytes(), live);
  }
}

}  // namespace web_api
