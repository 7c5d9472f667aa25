// The shell core: one per terminal. Bytes in (the owner's keystrokes and
// the terminal's size, from ShellHost.input), ticks (an input wait that
// ended with nothing), bytes out (to a Sink) and remote_session Requests
// run through a Port. It holds nothing but what its session's core
// answers: every command is a Request the session's own core decides
// (policy, bounds, redaction, transcript), so the shell can do exactly
// what the session's CapSet allows and a denial is a typed line, never a
// crash.
//
// Sequential and synchronous: a command's requests block the shell as a
// command blocks any shell. No allocation but the message builder's, no
// exceptions; big buffers are members, so keep the object static.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <kj/function.h>

#include "schema/remote_session.capnp.h"
#include "services/lib/shell/command_line.h"
#include "services/lib/shell/key_decoder.h"
#include "services/lib/shell/line_editor.h"
#include "services/lib/shell/shell_commands.h"
#include "services/shell/cap_cache.h"
#include "services/shell/port.h"
#include "services/shell/table.h"

namespace shell_app {

// ShellHost's bounds (schema/terminal.capnp), checked against the
// generated constants in shell_session.cc.
inline constexpr size_t kMaxRequestBytes = 8192;
inline constexpr size_t kMinResultBytes = 65536;

class ShellSession {
 public:
  struct Options {
    shell::ResizeModel resize_model = shell::ResizeModel::kKeepRows;
  };

  ShellSession(Port* port, Sink* sink, const Options& options);
  ShellSession(Port* port, Sink* sink) : ShellSession(port, sink, Options()) {}

  // Learns who the session is and what it holds, greets, draws the prompt.
  void Start(uint16_t cols, uint16_t rows);
  // The owner's input and the terminal's current size (resized: it changed).
  void Input(const uint8_t* bytes, size_t size, uint16_t cols, uint16_t rows, bool resized);
  // Nothing arrived for a while: new chat messages, the Paperclips view.
  void Tick();

  // The shell has ended (exit, Ctrl-D, the session gone): exit 0.
  bool done() const { return done_; }
  bool playing() const { return playing_; }
  bool chat_joined() const { return joined_; }
  uint32_t last_request_id() const { return request_id_; }
  const shell::LineEditor& editor() const { return editor_; }
  const CapCache& cache() const { return cache_; }

 private:
  enum class Outcome : uint8_t { kOk, kDenied, kFailed };
  using Fill = kj::FunctionParam<void(capos::schema::Request::Builder)>;
  using Read = kj::FunctionParam<void(capos::schema::Response::Reader, shell::Output*)>;

  // shell_session.cc: the input loop, output and the request path.
  void Flush();
  void Room(size_t bytes);
  void Emit(const shell::Output& text);
  void Prompt();
  void Resize(uint16_t cols, uint16_t rows);
  void FeedLine(const uint8_t* bytes, size_t size, size_t* used);
  // Runs one request; on an answer that is not a denial calls `read` to
  // render it (into a scratch buffer, discarded if the message turns out
  // malformed). Denials and failures print as one typed line when `report`;
  // either way last_error_ says what happened.
  Outcome Run(bool quiet, Fill fill, Read read, bool report = true);
  void PrintError(shell::Output* out, const char* text);
  void SetError(shell::TextRef text);
  void PrintLine(shell::Output* out, shell::TextRef text,
                 shell::Color color = shell::Color::kDefault, size_t indent = 0);
  size_t width() const { return cols_; }

  // commands.cc: one handler per command.
  void RunLine(shell::TextRef line);
  void Dispatch(const shell::CommandSpec& command);
  void Whoami();
  void Caps();
  void Motd();
  void Services();
  void Launch();
  void Stop();
  void Transcript();
  void Game(bool paperclips);
  bool RefreshCaps(bool report);
  bool RefreshServices();
  uint64_t InterfaceOf(const char* cap, uint64_t fallback) const;
  Outcome CallCap(const char* cap, uint64_t default_iface, bool quiet,
                  kj::FunctionParam<void(capos::schema::Call::Builder)> fill, Read read,
                  bool report = true);
  // A scratch output for a command's own text (not while a Read runs).
  shell::Output Scratch() { return shell::Output(render_buf_, sizeof(render_buf_)); }
  void PrintIndented(shell::Output* out, shell::TextRef text, size_t indent,
                     shell::Color color = shell::Color::kDefault);

  // chat.cc
  void Chat();
  void PollChat(bool show = true);

  // play.cc: `paperclips play`, the full-screen view.
  void StartPlay();
  void FeedPlay(const uint8_t* bytes, size_t size, size_t* used);
  void PlayKey(const shell::Key& key);
  void PlayCall(const char* verb, uint32_t price = 0);
  void DrawPlay(shell::Output* out, capos::schema::PaperclipsView::Reader view);
  void PlayRow(shell::Output* out, uint32_t row, shell::TextRef text,
               shell::Color color = shell::Color::kDefault);
  void EndPlay(bool prompt);

  Port* port_;
  Sink* sink_;
  Options options_;
  uint16_t cols_ = 80;
  uint16_t rows_ = 24;
  bool started_ = false;
  bool done_ = false;
  uint32_t request_id_ = 0;

  CapCache cache_;
  ShellCompleter completer_{&cache_};
  shell::LineEditor editor_;
  char prompt_[128] = {};
  size_t prompt_len_ = 0;
  shell::Words words_;
  char line_[shell::kMaxLineBytes];
  size_t line_len_ = 0;
  Table table_;

  // Chat: joined, and the last sequence number shown.
  bool joined_ = false;
  uint64_t chat_seq_ = 0;

  // The Paperclips view.
  bool playing_ = false;
  bool alternate_ = false;  // the view's alternate screen is up
  shell::KeyDecoder play_keys_;
  uint32_t price_cents_ = 0;  // from the last view, for + and -

  char last_error_[160] = {};
  size_t last_error_len_ = 0;

  // Buffers. out_ gathers editor output and short lines; a rendered answer
  // goes to render_ and then straight to the sink.
  char out_buf_[16384 + shell::LineEditor::kMaxKeyOutput];
  shell::Output out_{out_buf_, sizeof(out_buf_)};
  char render_buf_[65536];
  alignas(8) uint8_t req_[kMaxRequestBytes];
  alignas(8) uint8_t resp_[kMinResultBytes];
};

}  // namespace shell_app
