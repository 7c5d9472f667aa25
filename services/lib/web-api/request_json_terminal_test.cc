// The terminal* Call members and sessionResume: each built with capnp,
// converted by `capnp convert binary:json`, and decoded by both decoders to
// the same Request (flags included); then what a hostile body may do with
// them.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "services/lib/json/json_body.h"
#include "services/lib/web-api/request_json.h"
#include "services/lib/web-api/request_json_test_util.h"

namespace web_api {
namespace {

namespace s = capos::schema;
using remote_session::kMaxTerminalWriteBytes;
using remote_session::kResumeTicketBytes;
using remote_session::Request;
using CB = s::Call::Builder;
using St = RequestJsonStatus;

kj::ArrayPtr<const uint8_t> Bytes(const std::vector<uint8_t>& v) {
  return kj::arrayPtr(v.data(), v.size());
}

std::vector<uint8_t> Pattern(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = uint8_t(i * 13 + 255);
  return v;
}

void Ref(s::TerminalRef::Builder r) {
  r.setTerminalId(4294967295u);
  r.setAttachment(17);
}

std::vector<std::vector<uint8_t>> TerminalVariants() {
  std::vector<std::function<void(CB)>> calls = {
      [](CB c) {
        c.initTerminalOpen().setCols(80);
        c.getTerminalOpen().setRows(24);
      },
      [](CB c) {
        c.initTerminalOpen().setCols(65535);
        c.getTerminalOpen().setRows(65535);
      },
      [](CB c) { c.initTerminalOpen(); },
      [](CB c) {
        auto a = c.initTerminalAttach();
        a.setTerminalId(3);
        a.setMode("owner");
        a.setResumeSeq(18446744073709551615ull);
        a.setReplaceOwner(true);
      },
      [](CB c) { c.initTerminalAttach().setMode("follower"); },
      [](CB c) { c.initTerminalAttach().setMode("boss"); },  // terminal_bad_mode
      [](CB c) { c.initTerminalAttach().setMode("owner-but-longer-than-16"); },
      [](CB c) { c.initTerminalAttach(); },  // no mode at all: bad as well
      [](CB c) { c.setTerminalList(); },
      [](CB c) {
        auto w = c.initTerminalWrite();
        Ref(w.initRef());
        w.setBytes(Bytes(Pattern(256)));
      },
      [](CB c) { c.initTerminalWrite().setBytes(Bytes(Pattern(kMaxTerminalWriteBytes))); },
      [](CB c) { c.initTerminalWrite().setBytes(Bytes(Pattern(kMaxTerminalWriteBytes + 1))); },
      [](CB c) { c.initTerminalWrite().initBytes(0); },
      [](CB c) { c.initTerminalWrite(); },  // no ref, no bytes
      [](CB c) {
        auto r = c.initTerminalResize();
        Ref(r.initRef());
        r.setCols(132);
        r.setRows(43);
      },
      [](CB c) {
        auto r = c.initTerminalRead();
        Ref(r.initRef());
        r.setFromSeq(9007199254740993ull);
        r.setMaxBytes(4294967295u);
        r.setWaitMs(4294967295u);  // over the core's bound: its malformedRequest
      },
      [](CB c) { c.initTerminalRead(); },
      [](CB c) { Ref(c.initTerminalInfo()); },
      [](CB c) { Ref(c.initTerminalDetach()); },
      [](CB c) { Ref(c.initTerminalClose()); },
      [](CB c) {
        c.initTerminalClose();
        c.disownTerminalClose();  // a null member: the tool writes {}
      },
  };
  std::vector<std::vector<uint8_t>> v;
  uint32_t id = 100;
  for (auto& fill : calls) {
    v.push_back(Build(id++, [&](RB r) {
      auto c = r.initCall();
      c.setCapName("terminal");
      c.setInterfaceId(0xca8f05688a962b50ull);
      fill(c);
    }));
  }
  // sessionResume: a ticket, and lengths that are not one.
  for (size_t n : {kResumeTicketBytes, size_t(0), kResumeTicketBytes - 1, kResumeTicketBytes + 1,
                   size_t(1000)}) {
    v.push_back(Build(id++, [&](RB r) { r.setSessionResume(Bytes(Pattern(n))); }));
  }
  v.push_back(Build(id++, [](RB r) {
    r.initSessionResume(4);
    r.disownSessionResume();  // null: the tool writes []
  }));
  return v;
}

TEST(RequestJsonTerminal, EveryVariantDecodesAsTheBinaryForm) {
  ExpectJsonDecodesAsBinary(TerminalVariants());
}

// A body and what must hold for it.
struct Case {
  std::string body;
  St status;
  std::function<void(const Request&)> check = nullptr;
};

std::string Numbers(size_t n, const char* each) {
  std::string s = "[";
  for (size_t i = 0; i < n; ++i) s += (i ? "," : "") + std::string(each);
  return s + "]";
}

TEST(RequestJsonTerminal, HostileBodies) {
  const std::string call = R"({"requestId":8,"call":{"capName":"terminal",)";
  const std::string write = call + R"("terminalWrite":{"bytes":)";
  const std::string resume = R"({"requestId":9,"sessionResume":)";
  auto flags = [](bool too_large, bool bad_mode) {
    return [=](const Request& r) {
      EXPECT_EQ(r.terminal_too_large, too_large);
      EXPECT_EQ(r.terminal_bad_mode, bad_mode);
    };
  };
  auto ticket = [](bool ok) {
    return [=](const Request& r) {
      EXPECT_EQ(r.ticket_ok, ok);
      if (!ok) {
        EXPECT_EQ(r.ticket[0] | r.ticket[kResumeTicketBytes - 1], 0) << "no prefix kept";
      }
    };
  };
  std::string bad_last = Numbers(kMaxTerminalWriteBytes + 1, "0");
  bad_last.insert(bad_last.size() - 1, ",\"x\"");
  const Case cases[] = {
      // Writes: bytes are numbers 0..255 in an array; the bound is a flag.
      {write + R"("AAEC"}}})", St::kWrongType},
      {write + R"({"0":1}}}})", St::kWrongType},
      {write + R"(null}}})", St::kWrongType},
      {write + R"([256]}}})", St::kBadInteger},
      {write + R"([-1]}}})", St::kBadInteger},
      {write + R"([1.5]}}})", St::kBadInteger},
      {write + R"([1e400]}}})", St::kBadInteger},
      {write + R"(["1"]}}})", St::kWrongType},
      {write + R"([true]}}})", St::kWrongType},
      {write + R"([[1]]}}})", St::kWrongType},
      // A bad element past the bound is still refused (no early cut-off).
      {write + bad_last + "}}}", St::kWrongType},
      {write + Numbers(kMaxTerminalWriteBytes, "255") + "}}}", St::kOk,
       [](const Request& r) {
         EXPECT_EQ(r.terminal.bytes_len, kMaxTerminalWriteBytes);
         EXPECT_EQ(r.terminal_bytes[kMaxTerminalWriteBytes - 1], 255);
         EXPECT_FALSE(r.terminal_too_large);
       }},
      {write + Numbers(kMaxTerminalWriteBytes + 1, "7") + "}}}", St::kOk,
       [](const Request& r) {
         EXPECT_TRUE(r.terminal_too_large);
         EXPECT_EQ(r.terminal.bytes_len, 0u);
         EXPECT_EQ(r.terminal_bytes[0], 0) << "nothing copied";
       }},
      // Far over the bound: the body bounds refuse it as JSON.
      {write + Numbers(2 * kMaxTerminalWriteBytes, "0") + "}}}", St::kOutOfMemory},
      {write + Numbers(2 * kMaxTerminalWriteBytes, "255") + "}}}", St::kTooLarge},
      {call + R"("terminalWrite":{"ref":null}}})", St::kWrongType},
      {call + R"("terminalWrite":{"ref":[]}}})", St::kWrongType},
      {call + R"("terminalWrite":{"ref":{"terminalId":1,"attach":2}}}})", St::kUnknownKey},
      {call + R"("terminalWrite":{"ref":{"terminalId":-1}}}})", St::kBadInteger},
      {call + R"("terminalWrite":{"bytes":[],"bytes":[]}}})", St::kDuplicateKey},
      // Open / resize: UInt16 numbers.
      {call + R"("terminalOpen":{"cols":65536}}})", St::kBadInteger},
      {call + R"("terminalOpen":{"cols":-1}}})", St::kBadInteger},
      {call + R"("terminalOpen":{"cols":"80"}}})", St::kWrongType},
      {call + R"("terminalOpen":{"cols":80,"rows":24,"x":0}}})", St::kUnknownKey},
      {call + R"("terminalOpen":null}})", St::kWrongType},
      {call + R"("terminalOpen":{"cols":65535,"rows":0}}})", St::kOk},
      {call + R"("terminalResize":{"ref":{},"rows":1.5}}})", St::kBadInteger},
      // Attach: the mode is any text, decided by the core.
      {call + R"("terminalAttach":{"mode":"admin"}}})", St::kOk, flags(false, true)},
      {call + R"("terminalAttach":{"mode":"Owner"}}})", St::kOk, flags(false, true)},
      {call + R"("terminalAttach":{"terminalId":1}}})", St::kOk, flags(false, true)},
      {call + R"("terminalAttach":{"mode":"follower"}}})", St::kOk, flags(false, false)},
      {call + R"("terminalAttach":{"mode":0}}})", St::kWrongType},
      {call + R"("terminalAttach":{"mode":null}}})", St::kWrongType},
      {call + R"("terminalAttach":{"mode":"owner","replaceOwner":1}}})", St::kWrongType},
      {call + R"("terminalAttach":{"mode":"owner","replaceOwner":"true"}}})", St::kWrongType},
      {call + R"("terminalAttach":{"mode":"owner","resumeSeq":5}}})", St::kWrongType},
      {call + R"("terminalAttach":{"mode":"owner","resumeSeq":"-5"}}})", St::kBadInteger},
      // Read: 64-bit fromSeq as a string; waitMs a UInt32 (its bound is the core's).
      {call + R"("terminalRead":{"fromSeq":"0x10"}}})", St::kBadInteger},
      {call + R"("terminalRead":{"waitMs":4294967296}}})", St::kBadInteger},
      {call + R"("terminalRead":{"maxBytes":"1"}}})", St::kWrongType},
      {call + R"("terminalRead":{"waitMs":30000}}})", St::kOk,
       [](const Request& r) { EXPECT_EQ(r.terminal.wait_ms, 30000u); }},
      // Refs, Void, unions.
      {call + R"("terminalInfo":null}})", St::kWrongType},
      {call + R"("terminalInfo":{}}})", St::kOk},
      {call + R"("terminalDetach":{"terminalId":"1"}}})", St::kWrongType},
      {call + R"("terminalClose":{"ref":{}}}})", St::kUnknownKey},
      {call + R"("terminalList":{"a":1}}})", St::kUnknownKey},
      {call + R"("terminalList":0}})", St::kWrongType},
      {call + R"("terminalList":null,"terminalOpen":{}}})", St::kTwoUnionMembers},
      {call + R"("terminalList":{},"terminalList":{}}})", St::kDuplicateKey},
      // sessionResume: Data; a wrong length is kept as "no ticket".
      {resume + Numbers(kResumeTicketBytes, "1") + "}", St::kOk, ticket(true)},
      {resume + Numbers(kResumeTicketBytes - 1, "1") + "}", St::kOk, ticket(false)},
      {resume + Numbers(kResumeTicketBytes + 1, "1") + "}", St::kOk, ticket(false)},
      {resume + "[]}", St::kOk, ticket(false)},
      {resume + "null}", St::kWrongType},
      {resume + R"("AQEBAQEBAQEBAQEBAQEBAQ=="})", St::kWrongType},
      {resume + R"({}})", St::kWrongType},
      {resume + Numbers(kResumeTicketBytes, "256") + "}", St::kBadInteger},
      {resume + Numbers(kResumeTicketBytes, "\"1\"") + "}", St::kWrongType},
      {resume + R"([1],"logout":null})", St::kTwoUnionMembers},
  };
  json::Init();
  size_t live = json::LiveBytes();
  for (const Case& c : cases) {
    SCOPED_TRACE(c.body.substr(0, 160));
    auto r = std::make_unique<Request>();
    St st = DecodeRequestJson(c.body.data(), c.body.size(), r.get());
    EXPECT_EQ(st, c.status) << RequestJsonStatusName(st);
    EXPECT_EQ(json::LiveBytes(), live);
    if (st != St::kOk) {
      // A refusal keeps the id only: no write bytes, no ticket, no flags.
      if (!IsJsonError(st)) {
        EXPECT_NE(r->request_id, 0u);
      }
      EXPECT_FALSE(r->ticket_ok || r->terminal_too_large || r->terminal_bad_mode);
      EXPECT_EQ(r->terminal.bytes_len, 0u);
      for (uint8_t b : r->ticket) ASSERT_EQ(b, 0);
      for (uint8_t b : r->terminal_bytes) ASSERT_EQ(b, 0);
    } else if (c.check) {
      c.check(*r);
    }
  }
}

}  // namespace
}  // namespace web_api
