#include "services/shell/shell_session.h"

#include <string.h>

#include <capnp/message.h>

#include "libcaprt/capnp_glue.h"
#include "schema/terminal.capnp.h"
#include "services/lib/shell/layout.h"
#include "services/lib/shell/utf8.h"
#include "services/shell/names.h"

namespace shell_app {
namespace {

namespace s = capos::schema;
using shell::Color;
using shell::Output;
using shell::TextRef;

static_assert(kMaxRequestBytes == s::ShellHost::MAX_REQUEST_BYTES);
static_assert(kMinResultBytes == s::ShellHost::MIN_RESULT_BYTES);

shell::LineEditor::Options EditorOptions(const ShellSession::Options& o, ShellCompleter* c) {
  shell::LineEditor::Options e;
  e.resize_model = o.resize_model;
  e.completer = c;
  return e;
}

// A principal as it may appear in the prompt: letters, digits, ._- only.
size_t PromptName(TextRef principal, char* out, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; i < principal.size && n < cap; ++i) {
    const char c = principal.data[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (ok) out[n++] = c;
  }
  return n;
}

}  // namespace

ShellSession::ShellSession(Port* port, Sink* sink, const Options& options)
    : port_(port), sink_(sink), options_(options), editor_(EditorOptions(options, &completer_)) {}

void ShellSession::Flush() {
  if (out_.size() > 0) sink_->Write(out_.data(), out_.size());
  out_.Clear();
}

void ShellSession::Room(size_t bytes) {
  if (out_.room() < bytes) Flush();
}

void ShellSession::Emit(const Output& text) {
  // Output while a line is being typed (a tick's chat messages) goes above
  // it: the line is taken off, the text printed, the line drawn again.
  const bool above = editor_.shown() && text.size() > 0;
  if (above) {
    Room(shell::LineEditor::kMaxKeyOutput);
    editor_.Hide(&out_);
  }
  Flush();
  if (text.size() > 0) sink_->Write(text.data(), text.size());
  if (text.truncated()) {
    Room(256);
    PrintLine(&out_, shell::Text("... (output cut)"), Color::kYellow);
  }
  if (above) {
    Room(shell::LineEditor::kMaxKeyOutput);
    editor_.Show(&out_);
  }
}

void ShellSession::PrintLine(Output* out, TextRef text, Color color, size_t indent) {
  if (color != Color::kDefault) shell::SetColor(out, color);
  shell::WrapText(out, text, width(), 0, indent);
  if (color != Color::kDefault) shell::ResetStyle(out);
  out->Put("\r\n", 2);
}

void ShellSession::PrintError(Output* out, const char* text) {
  PrintLine(out, shell::Text(text), Color::kRed, 2);
}

void ShellSession::SetError(TextRef text) {
  last_error_len_ = shell::Utf8WholePrefix(
      text.data, text.size < sizeof(last_error_) ? text.size : sizeof(last_error_));
  memcpy(last_error_, text.data, last_error_len_);
}

void ShellSession::Start(uint16_t cols, uint16_t rows) {
  cols_ = cols > 0 ? cols : 1;
  rows_ = rows > 0 ? rows : 1;
  Room(shell::LineEditor::kMaxKeyOutput);
  editor_.Resize(cols_, &out_);
  char name[33];
  size_t name_len = 0;
  Run(
      false, [](s::Request::Builder r) { r.setSessionInfo(); },
      [&](s::Response::Reader r, Output*) {
        if (!r.isSessionInfo()) return;
        capnp::Text::Reader p = r.getSessionInfo().getPrincipal();
        name_len = PromptName(TextRef{p.begin(), p.size()}, name, sizeof(name) - 1);
      });
  if (done_) return Flush();
  if (name_len == 0) name_len = PromptName(shell::Text("shell"), name, sizeof(name) - 1);
  Output p(prompt_, sizeof(prompt_));
  shell::SetColor(&p, Color::kGreen, true);
  p.Put(name, name_len);
  shell::ResetStyle(&p);
  p.PutStr("@capos> ");
  prompt_len_ = p.size();
  RefreshCaps(false);
  RefreshServices();
  Room(512);
  PrintLine(&out_,
            shell::Text("capOS shell: `help` lists the commands, Tab completes, `exit` "
                        "or Ctrl-D ends it."),
            Color::kGray);
  started_ = true;
  Prompt();
  Flush();
}

void ShellSession::Prompt() {
  Room(shell::LineEditor::kMaxKeyOutput);
  editor_.Begin(TextRef{prompt_, prompt_len_}, &out_);
}

void ShellSession::Resize(uint16_t cols, uint16_t rows) {
  cols_ = cols > 0 ? cols : 1;
  rows_ = rows > 0 ? rows : 1;
  Room(shell::LineEditor::kMaxKeyOutput);
  editor_.Resize(cols_, &out_);      // only its width while the view is up
  if (playing_) PlayCall("status");  // redrawn at the new size
}

void ShellSession::Input(const uint8_t* bytes, size_t size, uint16_t cols, uint16_t rows,
                         bool resized) {
  if (done_) return;
  if (resized || cols != cols_ || rows != rows_) Resize(cols, rows);
  for (size_t i = 0; i < size && !done_;) {
    size_t used = 0;
    if (playing_) {
      FeedPlay(bytes + i, size - i, &used);
    } else {
      FeedLine(bytes + i, size - i, &used);
    }
    i += used > 0 ? used : 1;  // never stuck: a byte nobody takes is dropped
  }
  Flush();
}

void ShellSession::FeedLine(const uint8_t* bytes, size_t size, size_t* used) {
  Room(shell::LineEditor::kMaxKeyOutput);
  if (!editor_.active()) Prompt();
  shell::LineEditor::Event event = shell::LineEditor::Event::kNone;
  *used = editor_.Feed(bytes, size, &out_, &event);
  switch (event) {
    case shell::LineEditor::Event::kLine:
      RunLine(editor_.line());
      if (!done_ && !playing_) Prompt();
      break;
    case shell::LineEditor::Event::kInterrupt:
      Prompt();
      break;
    case shell::LineEditor::Event::kEof:
      done_ = true;
      break;
    case shell::LineEditor::Event::kNone:
      break;
  }
}

void ShellSession::Tick() {
  if (done_ || !started_) return;
  if (playing_) {
    PlayCall("status");
  } else if (joined_) {
    PollChat();
  }
  Flush();
}

ShellSession::Outcome ShellSession::Run(bool quiet, Fill fill, Read read, bool report) {
  last_error_len_ = 0;
  auto fail = [&](const char* text) {
    SetError(shell::Text(text));
    if (report) {
      Room(512);
      PrintError(&out_, text);
    }
    return Outcome::kFailed;
  };
  const uint32_t id = ++request_id_;
  size_t len = 0;
  {
    capnp::MallocMessageBuilder builder(128);
    s::Request::Builder req = builder.initRoot<s::Request>();
    req.setRequestId(id);
    fill(req);
    caprt::EncodeResult e = caprt::EncodeMessage(builder, req_, sizeof(req_));
    if (e.error != abi::Error::kOk) return fail("error: the request is too large to send");
    len = e.length;
  }
  size_t resp_len = 0;
  const PortStatus st = port_->Request(req_, len, quiet, resp_, sizeof(resp_), &resp_len);
  if (st == PortStatus::kGone) {
    done_ = true;
    return fail("error: the session has ended");
  }
  if (st != PortStatus::kOk || resp_len > sizeof(resp_)) {
    return fail("error: the request failed in transport");
  }
  Output rendered(render_buf_, sizeof(render_buf_));
  bool denied = false, wrong_id = false;
  LineBuf denial;
  caprt::DecodeResult d = caprt::Decode<s::Response>(resp_, resp_len, [&](s::Response::Reader r) {
    if (r.getRequestId() != id) {
      wrong_id = true;
    } else if (r.isDenied()) {
      denied = true;
      s::RemoteDenial::Reader dn = r.getDenied();
      denial.Add("denied: ").Add(ErrorCodeName(dn.getCode()));
      if (dn.getCode() == s::ErrorCode::LAUNCH_DENIED) {
        denial.Add(" (").Add(LaunchDenialName(dn.getLaunch())).Add(")");
      }
      if (dn.getMessage().size() > 0) denial.Add(" \xe2\x80\x94 ").Add(dn.getMessage());
    } else {
      read(r, &rendered);
    }
  });
  if (!d.ok()) return fail("error: the session's answer was malformed");
  if (wrong_id) return fail("error: the session answered another request");
  if (denied) {
    SetError(TextRef{denial.data(), denial.size()});
    if (report) {
      Room(512);
      PrintLine(&out_, TextRef{denial.data(), denial.size()}, Color::kRed, 2);
    }
    return Outcome::kDenied;
  }
  Emit(rendered);
  return Outcome::kOk;
}

}  // namespace shell_app
