#include "tools/remote-session-client/terminal_cmd.h"

#include <unistd.h>

#include <algorithm>

#include "tools/remote-session-client/client.h"
#include "tools/remote-session-client/render.h"
#include "tools/remote-session-client/render_parts.h"
#include "tools/remote-session-client/state_file.h"
#include "tools/remote-session-client/terminal_loop.h"
#include "tools/remote-session-client/tty_mode.h"

namespace rsclient {
namespace {

namespace rs = capos::schema;
using Session = rs::TerminalSession;
using Action = TerminalOptions::Action;

// The guest refuses sizes outside its bounds (badSize); a window briefly
// smaller than that must not end the run, so clamp instead.
void window_size(int fd, uint16_t* cols, uint16_t* rows) {
  unsigned c = 80, r = 24;  // not a tty: the classic default
  tty_size(fd, &c, &r);
  *cols = static_cast<uint16_t>(std::clamp<unsigned>(c, Session::MIN_COLS, Session::MAX_COLS));
  *rows = static_cast<uint16_t>(std::clamp<unsigned>(r, Session::MIN_ROWS, Session::MAX_ROWS));
}

int failed(const TerminalIo& io, const Failure& f) {
  say(io.err_fd, "terminal: " + f.message);
  return f.code;
}

// One terminal call that must be answered before anything else happens.
bool call(TerminalLink* link, capnp::MallocMessageBuilder& msg, Reply* reply, Failure* fail) {
  uint32_t id = 0;
  if (!link->send(msg, &id, fail) || !link->await(id, reply, fail)) return false;
  auto r = (*reply)->getRoot<rs::Response>().asReader();
  const std::string problem = reply_problem(r);
  if (problem == "ok") return true;
  *fail = {r.isDenied() ? kExitDenied : kExitProtocol, problem};
  return false;
}

int list(const Options& o, const TerminalIo& io, TerminalLink* link) {
  capnp::MallocMessageBuilder msg;
  TerminalLink::terminal_call(&msg).setTerminalList();
  Reply reply;
  Failure f;
  if (!call(link, msg, &reply, &f)) return failed(io, f);
  auto r = reply->getRoot<rs::Response>().asReader();
  auto t = r.getCallResult().getTerminal();
  if (o.json) {
    // The CLI's JSON convention: one object per step, the Response as DTO.
    Step step;
    step.kind = Step::Kind::kCall;
    step.text = "terminal list";
    StepOutcome out;
    out.step = &step;
    out.request_id = r.getRequestId();
    if (t.getStatus() != "ok") {
      out.kind = StepOutcome::Kind::kDenied;
      out.exit_code = kExitDenied;
      out.denial_code = t.getStatus();
    }
    out.response = std::shared_ptr<capnp::MallocMessageBuilder>(std::move(reply));
    say(io.out_fd, render_json(out));
    return out.exit_code;
  }
  if (t.getStatus() != "ok") return failed(io, {kExitDenied, render::terminal_denial(t)});
  say(io.out_fd, render::terminal_table(t.getTerminals()));
  return kExitOk;
}

std::string resume_hint(const Options& o) {
  std::string h = "remote-session-client terminal --resume";
  if (!o.terminal->state_file.empty()) h += " --state " + o.terminal->state_file;
  return h;
}

}  // namespace

int run_terminal(const Options& o, const TerminalIo& io) {
  const TerminalOptions& t = *o.terminal;
  if (t.help) {
    (void)!write(io.out_fd, terminal_usage_text(), std::string(terminal_usage_text()).size());
    return kExitOk;
  }
  const std::string path = t.state_file.empty() ? default_state_path(io.env) : t.state_file;
  const bool owner = !t.follow && t.action != Action::kList;
  TerminalState state;
  bool have_state = false;
  std::string error;
  if (t.resume || t.follow) {
    // Read before connecting, so that a missing or bad file fails offline.
    if (path.empty()) return failed(io, {kExitUsage, "no state file: set HOME or give --state"});
    have_state = load_state(path, &state, &error);
    const bool optional = t.follow && t.id != 0 && access(path.c_str(), F_OK) != 0;
    if (!have_state && !optional) return failed(io, {kExitLocalIo, error});
    if (have_state && t.resume && t.id != 0 && t.id != state.terminal) {
      return failed(io,
                    {kExitUsage, "the state file is for term-" + std::to_string(state.terminal) +
                                     ", not term-" + std::to_string(t.id)});
    }
  } else if (!path.empty() && access(path.c_str(), F_OK) == 0) {
    // Terminals belong to a session: list, attach and open go on in the
    // saved one (a fresh login would see none of its terminals).
    have_state = load_state(path, &state, &error);
    if (!have_state) say(io.err_fd, "terminal: ignoring the state file: " + error);
  }
  const uint32_t id = t.id != 0 ? t.id : state.terminal;

  std::unique_ptr<Connection> conn;
  IoResult io_result = Connection::connect_tcp(o.host, o.port, o.timeout_ms, &conn, o.tls);
  if (io_result.status != IoStatus::kOk) return failed(io, {kExitConnection, io_result.message});
  std::unique_ptr<TerminalLink> link;
  std::string ticket;
  Failure f;
  if (!terminal_session(o, io, conn.get(), have_state ? state.ticket : "", &ticket, &link, &f)) {
    return failed(io, f);
  }
  if (t.action == Action::kList) return list(o, io, link.get());

  const bool tty = isatty(io.in_fd) == 1;
  capnp::MallocMessageBuilder msg;
  auto c = TerminalLink::terminal_call(&msg);
  uint64_t seq = 0;  // open: the shell's first byte is seq 0
  if (t.action == Action::kOpen) {
    auto size = c.initTerminalOpen();
    uint16_t cols = 0, rows = 0;
    window_size(io.in_fd, &cols, &rows);
    size.setCols(cols);
    size.setRows(rows);
  } else {
    // A follower starts from what the ring holds (0: the first read says
    // what was skipped); --resume from exactly what this client last wrote
    // out; a plain attach from the ring's start too, to redraw the screen.
    seq = t.resume ? state.seq : 0;
    auto a = c.initTerminalAttach();
    a.setTerminalId(id);
    a.setMode(t.follow ? "follower" : "owner");
    a.setResumeSeq(seq);
    a.setReplaceOwner(t.resume);
  }
  Reply reply;
  if (!call(link.get(), msg, &reply, &f)) return failed(io, f);
  auto answer = reply->getRoot<rs::Response>().asReader().getCallResult().getTerminal();
  if (answer.getStatus() != "ok") return failed(io, {kExitDenied, render::terminal_denial(answer)});
  const uint32_t term = answer.getRef().getTerminalId();
  const std::string name = "term-" + std::to_string(term);

  bool warned = false;
  auto save = [&](uint64_t next_seq, std::string*) {
    std::string error;
    if (!owner || path.empty() || warned) return true;
    if (!save_state(path, {ticket, term, next_seq}, &error)) {
      // The terminal goes on; only a later --resume is lost.
      say(io.err_fd, "terminal: " + error + "; --resume will not find this terminal");
      warned = true;
    }
    return true;
  };
  save(seq, nullptr);
  if (t.follow) say(io.err_fd, "terminal: following " + name + " read-only (~. to stop)");

  LoopConfig cfg;
  cfg.in_fd = io.in_fd;
  cfg.out_fd = io.out_fd;
  cfg.err_fd = io.err_fd;
  cfg.tty = tty;
  cfg.follower = t.follow;
  cfg.close_at_end = t.close;
  cfg.idle_exit_ms = t.idle_exit_ms;
  cfg.name = name;
  cfg.resize_at_start = tty && owner && t.action == Action::kAttach;
  cfg.size = [&io](uint16_t* cols, uint16_t* rows) {
    window_size(io.in_fd, cols, rows);
    return true;
  };
  cfg.saved = save;
  if (io.signals) cfg.signal_fd = signals_install();
  if (tty) tty_enter_raw(io.in_fd);
  LoopEnd end = run_terminal_loop(link.get(), term, answer.getRef().getAttachment(), seq, cfg);
  tty_restore();
  if (end.why == LoopEnd::Why::kSignal) reraise(end.signo);  // state is already saved
  if (io.signals) signals_uninstall();

  switch (end.why) {
    case LoopEnd::Why::kEnded:
      if (owner) unlink(path.c_str());  // nothing left to resume
      return kExitOk;
    case LoopEnd::Why::kDetached:
      if (t.follow) {
        say(io.err_fd, "stopped following " + name);
      } else if (t.close && !tty) {
        unlink(path.c_str());
        say(io.err_fd, "closed " + name);
      } else {
        say(io.err_fd, "detached from " + name + "; resume with: " + resume_hint(o));
      }
      return kExitOk;
    case LoopEnd::Why::kReplaced:
      return failed(io, {kExitDenied, name + " was taken over by another owner (--resume)"});
    default:
      return failed(io, end.failure);
  }
}

}  // namespace rsclient
