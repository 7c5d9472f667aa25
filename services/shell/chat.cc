// `chat`: the room through the session's chat cap. Once joined, every tick
// polls (quietly: background polls stay out of the session's transcript)
// for what arrived since the last message shown, and prints it above the
// line being typed (Emit hides and redraws the line).
#include "layout/chat.capnp.layout.h"
#include "services/lib/shell/layout.h"
#include "services/shell/names.h"
#include "services/shell/render.h"
#include "services/shell/shell_session.h"

namespace shell_app {
namespace {

namespace s = capos::schema;
namespace L = capos::layout;
using shell::Color;
using shell::Output;
using shell::TextRef;

TextRef Ref(capnp::Text::Reader t) {
  return TextRef{t.begin(), t.size()};
}

}  // namespace

void ShellSession::Chat() {
  const TextRef sub = words_.at(1);
  auto is = [&](const char* verb) { return shell::TextEquals(sub, shell::Text(verb)); };
  if (is("join")) {
    const Outcome o = CallCap(
        "chat", L::Chat::kId, false, [](s::Call::Builder c) { c.setChatJoin(); },
        [&](s::Response::Reader r, Output* out) {
          if (!r.isCallResult() || !r.getCallResult().isChatJoined()) return;
          s::ChatJoined::Reader j = r.getCallResult().getChatJoined();
          LineBuf b;
          b.Add("joined as ")
              .Add(j.getYou())
              .Add(j.getAlreadyMember() ? " (already a member)" : "");
          PutLine(out, TextRef{b.data(), b.size()}, width(), 0, Color::kGreen);
        });
    if (o != Outcome::kOk) return;
    joined_ = true;
    chat_seq_ = 0;
    PollChat(false);  // start from now: what was said before is not replayed
  } else if (is("send")) {
    if (words_.size() < 3) {
      Output o = Scratch();
      shell::PrintUsage(*shell::ShellCommands().Find(shell::Text("chat")), &o, width());
      return Emit(o);
    }
    // The raw rest of the line: chat text is free text, not words.
    const size_t from = words_.offset(2);
    const TextRef text{line_ + from, line_len_ - from};
    CallCap(
        "chat", L::Chat::kId, false,
        [&](s::Call::Builder c) { c.setChatSend(capnp::Text::Reader(text.data, text.size)); },
        [&](s::Response::Reader r, Output* out) {
          if (!r.isCallResult() || !r.getCallResult().isChatSent()) return;
          s::ChatSent::Reader sent = r.getCallResult().getChatSent();
          LineBuf b;
          if (sent.getSent()) {
            b.Add("sent (seq ").Num(sent.getSeq()).Add(")");
          } else {
            b.Add("not sent: ").Add(sent.getReason());
          }
          PutLine(out, TextRef{b.data(), b.size()}, width(), 0,
                  sent.getSent() ? Color::kGray : Color::kYellow);
        });
  } else if (is("who")) {
    CallCap(
        "chat", L::Chat::kId, false, [](s::Call::Builder c) { c.setChatWho(); },
        [&](s::Response::Reader r, Output* out) {
          if (r.isCallResult() && r.getCallResult().isChatMembers()) {
            PutList(out, "members", r.getCallResult().getChatMembers(), width(), "nobody");
          }
        });
  } else if (is("leave")) {
    const Outcome o = CallCap(
        "chat", L::Chat::kId, false, [](s::Call::Builder c) { c.setChatLeave(); },
        [&](s::Response::Reader r, Output* out) {
          if (r.isCallResult() && r.getCallResult().isChatLeft()) {
            PutLine(out, shell::Text("left the room"), width());
          }
        });
    if (o == Outcome::kOk) joined_ = false;
  } else {
    Output o = Scratch();
    shell::PrintUsage(*shell::ShellCommands().Find(shell::Text("chat")), &o, width());
    Emit(o);
  }
}

void ShellSession::PollChat(bool show) {
  const uint64_t since = chat_seq_;
  const Outcome o = CallCap(
      "chat", L::Chat::kId, true, [&](s::Call::Builder c) { c.setChatPoll(since); },
      [&](s::Response::Reader r, Output* out) {
        if (!r.isCallResult() || !r.getCallResult().isChatMessages()) return;
        s::ChatMessages::Reader m = r.getCallResult().getChatMessages();
        uint64_t seen = since;
        for (s::ChatMessage::Reader msg : m.getMessages()) {
          if (msg.getSeq() <= since) continue;  // never twice
          if (msg.getSeq() > seen) seen = msg.getSeq();
          if (!show) continue;
          shell::SetColor(out, Color::kCyan, true);
          size_t col = shell::WrapText(out, Ref(msg.getFrom()), width(), 0, 2);
          shell::ResetStyle(out);
          LineBuf b;
          b.Add(": ").Add(msg.getText());
          shell::WrapText(out, TextRef{b.data(), b.size()}, width(), col, 2);
          out->Put("\r\n", 2);
        }
        if (m.getLatestSeq() > seen && (!show || m.getMessages().size() == 0)) {
          seen = m.getLatestSeq();
        }
        chat_seq_ = seen;
      },
      false);
  if (o == Outcome::kOk || done_) return;
  // The room is gone for this session (left elsewhere, logged out, the
  // cap revoked): say so once, above the line, and stop polling.
  joined_ = false;
  Output out = Scratch();
  PutLine(&out, TextRef{last_error_, last_error_len_}, width(), 0, Color::kRed);
  PutLine(&out, shell::Text("chat: no longer polling the room"), width(), 0, Color::kYellow);
  Emit(out);
}

}  // namespace shell_app
