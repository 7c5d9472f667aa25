// DecodeRequestJson on bodies a browser (or anyone) may send: each refusal
// is typed, keeps only a readable request id, and leaves no password behind.
#include <gtest/gtest.h>

#include <string>

#include "services/lib/json/json_body.h"
#include "services/lib/web-api/json_fields.h"
#include "services/lib/web-api/request_json.h"

namespace web_api {
namespace {

using remote_session::Request;
using St = RequestJsonStatus;

struct Case {
  std::string body;
  St status;
  uint32_t id;  // the request id kept
};

std::string Repeat(char c, size_t n) {
  return std::string(n, c);
}

TEST(RequestJsonHostile, RefusalsAreTypedAndKeepTheId) {
  const std::string login = R"({"requestId":7,"login":)";
  const std::string call = R"({"requestId":8,"call":{"capName":"adventure",)";
  const Case cases[] = {
      // Not JSON: the web layer's malformedJson.
      {"", St::kSyntax, 0},
      {"{", St::kSyntax, 0},
      {R"({"requestId":1,"logout":null} x)", St::kSyntax, 0},
      {R"({"requestId":1,"call":{"chatSend":"a\u0000b"}})", St::kSyntax, 0},
      {std::string(kMaxRequestJsonBytes + 1, ' '), St::kTooLarge, 0},
      {R"({"requestId":1,"logout":[[[[[[[[[]]]]]]]]]})", St::kTooDeep, 0},
      // JSON, not a Request.
      {"[]", St::kWrongType, 0},
      {"null", St::kWrongType, 0},
      {R"({"requestId":2})", St::kNoUnionMember, 2},
      {R"({"requestId":2,"logout":null,"capSetList":null})", St::kTwoUnionMembers, 2},
      {R"({"requestId":2,"logout":null,"logout":null})", St::kDuplicateKey, 2},
      {R"({"requestId":2,"requestId":3,"logout":null})", St::kDuplicateKey, 2},
      {R"({"requestId":2,"logout":null,"extra":1})", St::kUnknownKey, 2},
      {R"({"requestId":2,"LOGOUT":null})", St::kUnknownKey, 2},
      {R"({"requestId":2,"logout":{"a":1}})", St::kUnknownKey, 2},
      {R"({"requestId":2,"logout":true})", St::kWrongType, 2},
      {R"({"requestId":2,"logout":0})", St::kWrongType, 2},
      // requestId: a UInt32 number.
      {R"({"requestId":"2","logout":null})", St::kWrongType, 0},
      {R"({"requestId":-1,"logout":null})", St::kBadInteger, 0},
      {R"({"requestId":1.5,"logout":null})", St::kBadInteger, 0},
      {R"({"requestId":4294967296,"logout":null})", St::kBadInteger, 0},
      {R"({"requestId":1e400,"logout":null})", St::kBadInteger, 0},
      {R"({"requestId":4294967295,"logout":{}})", St::kOk, 4294967295u},
      // Login.
      {login + "{}}", St::kNoUnionMember, 7},
      {login + R"({"guest":null,"anonymous":null}})", St::kTwoUnionMembers, 7},
      {login + R"({"password":null}})", St::kWrongType, 7},
      {login + R"({"password":{"principal":"a","password":"b","otp":"1"}}})", St::kUnknownKey, 7},
      {login + R"({"password":{"principal":1}}})", St::kWrongType, 7},
      {login + R"({"password":{"principal":")" + Repeat('u', 65) + R"("}}})", St::kTooLong, 7},
      {login + R"({"password":{"password":")" + Repeat('p', 257) + R"("}}})", St::kTooLong, 7},
      {login + R"({"requestedProfile":")" + Repeat('f', 65) + R"(","guest":null}})", St::kTooLong,
       7},
      {login + R"({"publicKey":[256]}})", St::kBadInteger, 7},
      {login + R"({"publicKey":[-1]}})", St::kBadInteger, 7},
      {login + R"({"passkey":[1.5]}})", St::kBadInteger, 7},
      {login + R"({"passkey":"AAEC"}})", St::kWrongType, 7},
      {login + R"({"oidc":[]}})", St::kWrongType, 7},
      // 64-bit integers: decimal strings only.
      {call + R"("interfaceId":123,"chatWho":null}})", St::kWrongType, 8},
      {call + R"("interfaceId":"","chatWho":null}})", St::kBadInteger, 8},
      {call + R"("interfaceId":"-1","chatWho":null}})", St::kBadInteger, 8},
      {call + R"("interfaceId":"+1","chatWho":null}})", St::kBadInteger, 8},
      {call + R"("interfaceId":" 1","chatWho":null}})", St::kBadInteger, 8},
      {call + R"("interfaceId":"0x10","chatWho":null}})", St::kBadInteger, 8},
      {call + R"("interfaceId":"1e3","chatWho":null}})", St::kBadInteger, 8},
      {call + R"("interfaceId":"18446744073709551616","chatWho":null}})", St::kBadInteger, 8},
      {call + R"("interfaceId":"18446744073709551615","chatWho":null}})", St::kOk, 8},
      {call + R"("chatPoll":"99999999999999999999"}})", St::kBadInteger, 8},
      // Call members.
      {call + R"("chatWho":null,"chatJoin":null}})", St::kTwoUnionMembers, 8},
      {call + R"("chatSend":")" + Repeat('x', 257) + R"("}})", St::kTooLong, 8},
      {call + R"("chatSend":null}})", St::kWrongType, 8},
      {R"({"requestId":8,"call":{"capName":")" + Repeat('c', 33) + R"(","chatWho":null}})",
       St::kTooLong, 8},
      {call + R"("adventure":{"verb":")" + Repeat('v', 17) + R"("}}})", St::kTooLong, 8},
      {call + R"("adventure":{"verb":"go","args":["a","b","c"]}}})", St::kTooMany, 8},
      {call + R"("adventure":{"verb":"go","args":[")" + Repeat('a', 257) + R"("]}}})", St::kTooLong,
       8},
      {call + R"("adventure":{"verb":"go","args":"east"}}})", St::kWrongType, 8},
      {call + R"("adventure":{"verb":"go","args":[1]}}})", St::kWrongType, 8},
      {call + R"("paperclips":{"verb":"go","arg":[]}}})", St::kUnknownKey, 8},
      {call + R"("paperclips":null}})", St::kWrongType, 8},
      // Services.
      {R"({"requestId":9,"serviceStatus":")" + Repeat('s', 33) + R"("})", St::kTooLong, 9},
      {R"({"requestId":9,"serviceStop":null})", St::kWrongType, 9},
      {R"({"requestId":9,"serviceLaunch":{"profile":"a","grants":[{},{},{},{},{},{},{},{},{}]}})",
       St::kTooMany, 9},
      {R"({"requestId":9,"serviceLaunch":{"grants":[{"name":")" + Repeat('g', 33) + R"("}]}})",
       St::kTooLong, 9},
      {R"({"requestId":9,"serviceLaunch":{"grants":[{"name":"a","iface":"1"}]}})", St::kUnknownKey,
       9},
      {R"({"requestId":9,"serviceLaunch":{"grants":{"name":"a"}}})", St::kWrongType, 9},
      {R"({"requestId":9,"serviceLaunch":{"grants":["a"]}})", St::kWrongType, 9},
      {R"({"requestId":9,"capSetGet":{"name":"chat","interfaceId":"1","x":null}})", St::kUnknownKey,
       9},
  };
  json::Init();
  size_t live = json::LiveBytes();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 120));
    Request r;
    St st = DecodeRequestJson(c.body.data(), c.body.size(), &r);
    EXPECT_EQ(st, c.status) << RequestJsonStatusName(st);
    EXPECT_EQ(r.request_id, c.id);
    EXPECT_EQ(IsJsonError(st), st >= St::kTooLarge && st <= St::kSyntax);
    if (st != St::kOk) {
      EXPECT_EQ(r.kind, remote_session::RequestKind::kAuthMethods);
    }
    EXPECT_EQ(json::LiveBytes(), live);
  }
}

TEST(RequestJsonHostile, RefusedLoginLeavesNoPassword) {
  std::string body =
      R"({"requestId":5,"login":{"password":{"principal":"op","password":"hunter2"}},"x":0})";
  Request r;
  ASSERT_EQ(DecodeRequestJson(body.data(), body.size(), &r), St::kUnknownKey);
  EXPECT_EQ(r.request_id, 5u);
  EXPECT_EQ(r.password.len, 0u);
  for (char c : r.password.data) ASSERT_EQ(c, 0);
  EXPECT_EQ(r.principal.len, 0u);
}

TEST(RequestJsonHostile, WipeStringsOverwritesEveryStringValue) {
  json::Document d;
  std::string body = R"({"a":"hunter2","b":["x",{"c":"secret","n":1}]})";
  ASSERT_EQ(d.Parse(body.data(), body.size()), json::Error::kNone);
  cJSON* root = const_cast<cJSON*>(d.root());
  char* a = cJSON_GetObjectItem(root, "a")->valuestring;
  char* c =
      cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(root, "b"), 1), "c")->valuestring;
  WipeStrings(root);
  EXPECT_EQ(std::string(a, 7), std::string(7, '\0'));
  EXPECT_EQ(std::string(c, 6), std::string(6, '\0'));
}

TEST(RequestJsonHostile, StatusNames) {
  EXPECT_STREQ(RequestJsonStatusName(St::kOk), "ok");
  EXPECT_STREQ(RequestJsonStatusName(St::kTooMany), "too-many");
  EXPECT_STREQ(RequestJsonStatusName(St(200)), "unknown");
}

}  // namespace
}  // namespace web_api
