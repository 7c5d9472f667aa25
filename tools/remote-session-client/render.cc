#include "tools/remote-session-client/render.h"

#include <capnp/compat/json.h>
#include <kj/exception.h>

#include <cstdio>

#include "schema/remote_session.capnp.h"
#include "tools/remote-session-client/render_parts.h"

namespace rsclient {
namespace render {

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof(b), "0x%016llx", static_cast<unsigned long long>(v));
  return b;
}

std::string list_text(capnp::List<capnp::Text>::Reader items, const char* none) {
  std::string t;
  for (auto i : items) t += (t.empty() ? "" : ", ") + printable(i.cStr());
  return t.empty() ? none : t;
}

}  // namespace render

namespace {

using namespace render;

// Length of the valid UTF-8 sequence at s[i], or 0 if it is invalid.
size_t utf8_len(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(s[i + k]) >> 6) != 2) return 0;
  }
  return n;
}

// Invalid UTF-8 bytes become \ufffd so every line parses as JSON; only
// valid for text where non-ASCII occurs inside string literals.
std::string fix_utf8_json(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    const size_t n = utf8_len(s, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

std::string session_line(rs::SessionView::Reader v) {
  return "principal=" + printable(v.getPrincipal().cStr()) +
         " class=" + printable(v.getPrincipalClass().cStr()) +
         " profile=" + printable(v.getProfile().cStr()) +
         " method=" + printable(v.getAuthMethod().cStr()) +
         " tag=" + printable(v.getSessionTag().cStr()) + " live=" + (v.getLive() ? "yes" : "no");
}

std::string entry_line(rs::CapSetEntry::Reader e) {
  std::string methods;
  for (auto m : e.getMethods()) {
    if (!methods.empty()) methods += ",";
    methods += printable(m.cStr());
  }
  auto lease = e.getLease();
  std::string l = lease.getSessionBound() ? "session-bound" : "not-session-bound";
  if (lease.getExpiresInMs() != 0)
    l += " expires-in=" + std::to_string(lease.getExpiresInMs()) + "ms";
  return printable(e.getName().cStr()) + "  interface=" + hex(e.getInterfaceId()) + " (" +
         printable(e.getInterfaceName().cStr()) + ")  policy=" + printable(e.getPolicy().cStr()) +
         "  methods=" + methods + "  lease=" + l;
}

std::string call_result(rs::CallResult::Reader c) {
  switch (c.which()) {
    case rs::CallResult::SESSION:
      return "session: " + session_line(c.getSession());
    case rs::CallResult::TEXT:
      return printable(c.getText().cStr());
    case rs::CallResult::CHAT_JOINED:
      return "joined as " + printable(c.getChatJoined().getYou().cStr()) +
             (c.getChatJoined().getAlreadyMember() ? " (already a member)" : "");
    case rs::CallResult::CHAT_LEFT:
      return "left the room";
    case rs::CallResult::CHAT_SENT: {
      auto s = c.getChatSent();
      if (s.getSent()) return "sent (seq " + std::to_string(s.getSeq()) + ")";
      return "not sent: " + printable(s.getReason().cStr());
    }
    case rs::CallResult::CHAT_MEMBERS: {
      std::string m = "members:";
      for (auto n : c.getChatMembers()) m += " " + printable(n.cStr());
      return m;
    }
    case rs::CallResult::CHAT_MESSAGES: {
      auto ms = c.getChatMessages();
      std::string t = "messages (latest seq " + std::to_string(ms.getLatestSeq()) +
                      (ms.getTruncated() ? ", truncated" : "") + "):";
      for (auto m : ms.getMessages()) {
        t += "\n  [" + std::to_string(m.getSeq()) + "] " + printable(m.getFrom().cStr()) + ": " +
             printable(m.getText().cStr());
      }
      return t;
    }
    case rs::CallResult::ADVENTURE:
      return adventure_text(c.getAdventure());
    case rs::CallResult::PAPERCLIPS:
      return paperclips_text(c.getPaperclips());
    case rs::CallResult::TERMINAL:
      return terminal_reply_text(c.getTerminal());
  }
  return "(unknown call result)";
}

std::string response_text(rs::Response::Reader r) {
  std::string t;
  switch (r.which()) {
    case rs::Response::DENIED:
      return denial_text(r.getDenied());
    case rs::Response::AUTH_METHODS:
      t = "auth methods:";
      for (auto m : r.getAuthMethods()) {
        t += "\n  " + printable(m.getName().cStr()) + (m.getEnabled() ? "  enabled" : "  disabled");
        if (!m.getEnabled()) t += ": " + printable(m.getReason().cStr());
      }
      return t;
    case rs::Response::LOGGED_IN:
      return "logged in: " + session_line(r.getLoggedIn());
    case rs::Response::SESSION_INFO:
      return "session: " + session_line(r.getSessionInfo());
    case rs::Response::CAP_SET:
      t = "CapSet (" + std::to_string(r.getCapSet().size()) + " entries):";
      for (auto e : r.getCapSet()) t += "\n  " + entry_line(e);
      return t;
    case rs::Response::CAP_SET_ENTRY:
      return "entry: " + entry_line(r.getCapSetEntry());
    case rs::Response::CALL_RESULT:
      return call_result(r.getCallResult());
    case rs::Response::LOGGED_OUT:
      return "logged out";
    case rs::Response::TRANSCRIPT:
      t = "transcript (" + std::to_string(r.getTranscript().size()) + " events):";
      for (auto e : r.getTranscript()) {
        t += "\n  " + std::to_string(e.getSeq()) + " +" + std::to_string(e.getAtMs()) + "ms " +
             printable(e.getKind().cStr()) + " " + printable(e.getOutcome().cStr()) + " " +
             printable(e.getDetail().cStr());
      }
      return t;
    case rs::Response::SERVICE_CATALOG:
      return catalog_text(r.getServiceCatalog());
    case rs::Response::SERVICE_STATE:
      return status_text(r.getServiceState());
    case rs::Response::CHALLENGE:
      return "challenge (" + std::to_string(r.getChallenge().getNonce().size()) + "-byte nonce)";
  }
  return "(unknown response)";
}

}  // namespace

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) {
      char b[8];
      std::snprintf(b, sizeof(b), "\\x%02x", u);
      out += b;
    } else {
      out += c;
    }
  }
  return out;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char b[8];
      std::snprintf(b, sizeof(b), "\\u%04x", u);
      out += b;
    } else {
      out += c;
    }
  }
  return fix_utf8_json(out + "\"");
}

std::string render_human(const StepOutcome& out) {
  const std::string head = out.step->text + ": ";
  if (out.kind == StepOutcome::Kind::kError) return head + "error: " + out.error;
  if (!out.response) return head + "ok";
  auto r = out.response->getRoot<rs::Response>().asReader();
  // help shows the descriptors of the entries it fetched (a capset get, or
  // the whole list for a bare `help`).
  if (out.step->kind == Step::Kind::kHelp && r.isCapSetEntry()) {
    return head + help_text(r.getCapSetEntry());
  }
  if (out.step->kind == Step::Kind::kHelp && r.isCapSet()) {
    std::string t = head + std::to_string(r.getCapSet().size()) + " entries";
    for (auto e : r.getCapSet()) t += "\n" + help_text(e);
    return t;
  }
  return head + response_text(r);
}

std::string render_json(const StepOutcome& out) {
  std::string j = "{\"step\":" + json_string(out.step->text);
  const char* outcome = out.kind == StepOutcome::Kind::kOk       ? "ok"
                        : out.kind == StepOutcome::Kind::kDenied ? "denied"
                                                                 : "error";
  j += ",\"outcome\":\"" + std::string(outcome) + "\",\"exit\":" + std::to_string(out.exit_code);
  if (out.kind == StepOutcome::Kind::kError)
    return j + ",\"error\":" + json_string(out.error) + "}";
  if (out.kind == StepOutcome::Kind::kDenied) j += ",\"code\":" + json_string(out.denial_code);
  if (!out.launch_denial.empty()) j += ",\"launch\":" + json_string(out.launch_denial);
  if (out.response) {
    j += ",\"requestId\":" + std::to_string(out.request_id) +
         ",\"elapsedUs\":" + std::to_string(out.elapsed_us);
    std::string body;
    kj::Maybe<kj::Exception> failed = kj::runCatchingExceptions([&] {
      capnp::JsonCodec codec;
      body = codec.encode(out.response->getRoot<rs::Response>().asReader()).cStr();
    });
    j += ",\"response\":" + (failed == nullptr ? fix_utf8_json(body) : std::string("null"));
  }
  return j + "}";
}

}  // namespace rsclient
