#include "tools/remote-session-client/terminal_loop.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <map>
#include <optional>

#include "tools/remote-session-client/client.h"
#include "tools/remote-session-client/tilde_escape.h"
#include "tools/remote-session-client/tty_mode.h"

namespace rsclient {
namespace {

namespace rs = capos::schema;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kMaxQueuedInput = 65536;  // stdin is not read beyond this (back pressure)
constexpr int kRetryFirstMs = 20;          // inputFull: first retry, doubled up to the max
constexpr int kRetryMaxMs = 1000;

enum class Kind { kRead, kWrite, kResize, kEnd };
struct Pending {
  Kind kind;
  size_t bytes = 0;  // a write: how many input bytes it carries
  Clock::time_point deadline;
};

bool write_out(int fd, const char* p, size_t n) {
  while (n > 0) {
    const ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;  // SA_RESTART covers most; not every fd type
    if (w <= 0) return false;
    p += w;
    n -= static_cast<size_t>(w);
  }
  return true;
}

class Loop {
 public:
  Loop(TerminalLink* link, uint32_t term, uint32_t att, uint64_t seq, const LoopConfig& c)
      : link_(link), term_(term), att_(att), cfg_(c) {
    end_.seq = seq;
    winch_ = c.resize_at_start;
  }

  LoopEnd run() {
    while (!done_) {
      if (const int s = signals_pending_exit()) return stop(LoopEnd::Why::kSignal, s);
      send_due();
      if (done_) break;
      pollfd fds[3];
      nfds_t n = 0;
      fds[n++] = {link_->fd(), POLLIN, 0};
      if (cfg_.signal_fd >= 0) fds[n++] = {cfg_.signal_fd, POLLIN, 0};
      const bool want_input = stdin_open_ && !end_id_ && input_.size() < kMaxQueuedInput;
      if (want_input) fds[n++] = {cfg_.in_fd, POLLIN, 0};
      if (poll(fds, n, timer_ms()) < 0 && errno != EINTR) {
        return fail(kExitLocalIo, "poll failed");
      }
      if (cfg_.signal_fd >= 0) take_signals();
      if (done_) break;
      drain_responses();
      if (done_) break;
      if (want_input && (fds[n - 1].revents & (POLLIN | POLLHUP | POLLERR))) read_input();
      const auto now = Clock::now();
      for (const auto& [id, p] : pending_) {
        if (now > p.deadline) {
          return fail(kExitTimeout, "no answer from the gateway within " +
                                        std::to_string(link_->timeout_ms() / 1000) + " s");
        }
      }
    }
    return end_;
  }

 private:
  LoopEnd stop(LoopEnd::Why why, int signo = 0) {
    end_.why = why;
    end_.signo = signo;
    done_ = true;
    return end_;
  }
  LoopEnd fail(int code, std::string message) {
    end_.failure = {code, std::move(message)};
    return stop(LoopEnd::Why::kFailed);
  }

  void note(const std::string& line) {
    // Raw mode has no output mapping: end the line with \r\n ourselves.
    const std::string text = line + (cfg_.tty ? "\r\n" : "\n");
    (void)write_out(cfg_.err_fd, text.data(), text.size());
  }

  void fill_ref(rs::TerminalRef::Builder ref) {
    ref.setTerminalId(term_);
    ref.setAttachment(att_);
  }

  uint32_t send(capnp::MallocMessageBuilder& msg, Kind kind, size_t bytes, uint32_t wait_ms) {
    uint32_t id = 0;
    Failure f;
    if (!link_->send(msg, &id, &f)) {
      fail(f.code, f.message);
      return 0;
    }
    pending_[id] = {kind, bytes, Clock::now() + milliseconds(wait_ms + link_->timeout_ms())};
    return id;
  }

  // Everything that may go out now: the read, a write, a resize, the end.
  void send_due() {
    const auto now = Clock::now();
    if (!read_id_ && !end_id_) {
      capnp::MallocMessageBuilder msg;
      auto r = TerminalLink::terminal_call(&msg).initTerminalRead();
      fill_ref(r.initRef());
      r.setFromSeq(end_.seq);  // acknowledges every byte already written out
      r.setMaxBytes(kReadMaxBytes);
      r.setWaitMs(kReadWaitMs);
      read_id_ = send(msg, Kind::kRead, 0, kReadWaitMs);
    }
    if (!write_id_ && !input_.empty() && !end_id_ && now >= retry_at_ && !done_) {
      const size_t n = std::min<size_t>(input_.size(), kWriteMaxBytes);
      capnp::MallocMessageBuilder msg;
      auto w = TerminalLink::terminal_call(&msg).initTerminalWrite();
      fill_ref(w.initRef());
      w.setBytes(capnp::Data::Reader(reinterpret_cast<const capnp::byte*>(input_.data()), n));
      write_id_ = send(msg, Kind::kWrite, n, 0);
    }
    uint16_t cols = 0, rows = 0;
    if (winch_ && !resize_id_ && !end_id_ && !done_ && !cfg_.follower && cfg_.size &&
        cfg_.size(&cols, &rows)) {
      winch_ = false;
      capnp::MallocMessageBuilder msg;
      auto z = TerminalLink::terminal_call(&msg).initTerminalResize();
      fill_ref(z.initRef());
      z.setCols(cols);
      z.setRows(rows);
      resize_id_ = send(msg, Kind::kResize, 0, 0);
    }
    const bool quiet = !stdin_open_ && input_.empty() && !write_id_;
    if (quiet && !end_id_ && !done_ && (cfg_.tty || now >= idle_deadline())) send_end();
  }

  void send_end() {
    capnp::MallocMessageBuilder msg;
    auto call = TerminalLink::terminal_call(&msg);
    fill_ref(cfg_.close_at_end ? call.initTerminalClose() : call.initTerminalDetach());
    end_id_ = send(msg, Kind::kEnd, 0, 0);
  }

  Clock::time_point idle_deadline() const {
    return last_activity_ + milliseconds(cfg_.idle_exit_ms);
  }

  int timer_ms() const {
    auto next = Clock::now() + milliseconds(60000);
    for (const auto& [id, p] : pending_) next = std::min(next, p.deadline);
    if (!input_.empty() && !write_id_) next = std::min(next, retry_at_);
    if (!stdin_open_ && !end_id_) next = std::min(next, idle_deadline());
    const auto ms = std::chrono::duration_cast<milliseconds>(next - Clock::now()).count();
    return static_cast<int>(std::clamp<long long>(ms + 1, 0, 60000));
  }

  void take_signals() {
    unsigned char buf[64];
    ssize_t n;
    while ((n = read(cfg_.signal_fd, buf, sizeof(buf))) > 0) {
      for (ssize_t i = 0; i < n; ++i) {
        if (buf[i] == SIGWINCH) winch_ = true;
      }
    }
    if (const int s = signals_pending_exit()) stop(LoopEnd::Why::kSignal, s);
  }

  void read_input() {
    char buf[4096];
    const ssize_t n = read(cfg_.in_fd, buf, sizeof(buf));
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
    if (n <= 0) {
      stdin_open_ = false;
      last_activity_ = Clock::now();
      return;
    }
    std::string keys(buf, static_cast<size_t>(n));
    if (cfg_.tty) {
      TildeEscape::Result r = tilde_.feed(keys);
      keys = std::move(r.forward);
      if (r.detach) {
        // Keys typed before ~. still go to the shell, then the detach
        // (whatever --close says); keys after it are dropped.
        if (!cfg_.follower) input_ += keys;
        stdin_open_ = false;
        cfg_.close_at_end = false;
        return;
      }
    }
    if (cfg_.follower) {
      if (!keys.empty() && !noted_follower_) {
        note("terminal: following " + cfg_.name + " read-only; input is not sent (~. detaches)");
        noted_follower_ = true;
      }
      return;
    }
    input_ += keys;
  }

  void drain_responses() {
    Reply reply;
    Failure f;
    while (!done_ && link_->receive(&reply, 0, &f)) {
      handle(reply->getRoot<rs::Response>().asReader());
      if (signals_pending_exit()) return;  // a chunk and its seq are done; the signal goes next
    }
    if (!done_ && f.code != 0) fail(f.code, f.message);
  }

  void handle(rs::Response::Reader r) {
    auto it = pending_.find(r.getRequestId());
    if (it == pending_.end()) {
      if (r.getRequestId() == 0 && r.isDenied()) {
        fail(kExitDenied, reply_problem(r));
        return;
      }
      fail(kExitProtocol, "protocol error: response to request " +
                              std::to_string(r.getRequestId()) + " that is not outstanding");
      return;
    }
    const Pending p = it->second;
    pending_.erase(it);
    const std::string problem = reply_problem(r);
    if (problem != "ok") {
      fail(r.isDenied() ? kExitDenied : kExitProtocol, problem);
      return;
    }
    auto t = r.getCallResult().getTerminal();
    const std::string status = t.getStatus();
    if (p.kind == Kind::kEnd) {
      stop(LoopEnd::Why::kDetached);
    } else if (status == "ended") {
      if (p.kind == Kind::kRead || !end_id_) stop(LoopEnd::Why::kEnded);
    } else if (status == "detached") {
      if (!end_id_) stop(LoopEnd::Why::kReplaced);
    } else if (p.kind == Kind::kRead) {
      read_id_ = 0;
      if (status != "ok") return (void)fail(kExitDenied, "read: " + status);
      on_output(t);
    } else if (p.kind == Kind::kWrite) {
      write_id_ = 0;
      if (status == "inputFull") {
        // Nothing was taken: the same bytes go again, later.
        retry_at_ = Clock::now() + milliseconds(retry_ms_);
        retry_ms_ = std::min(retry_ms_ * 2, kRetryMaxMs);
        return;
      }
      if (status != "ok") return (void)fail(kExitDenied, "write: " + status);
      input_.erase(0, p.bytes);
      retry_ms_ = kRetryFirstMs;
      last_activity_ = Clock::now();
    } else if (p.kind == Kind::kResize) {
      resize_id_ = 0;  // badSize cannot happen (sizes are clamped); a late one is harmless
    }
  }

  void on_output(rs::TerminalReply::Reader t) {
    auto bytes = t.getBytes();
    if (t.getNextSeq() < end_.seq)
      return (void)fail(kExitProtocol, "protocol error: seq went back");
    // The chunk (a skip marker included, it is visible text) and then its
    // seq: a signal between them waits for both (tty_mode.h).
    if (!write_out(cfg_.out_fd, reinterpret_cast<const char*>(bytes.begin()), bytes.size())) {
      return (void)fail(kExitLocalIo, "cannot write the terminal's output to stdout");
    }
    end_.seq = t.getNextSeq();
    std::string error;
    if (cfg_.saved && !cfg_.saved(end_.seq, &error)) return (void)fail(kExitLocalIo, error);
    if (bytes.size() > 0) last_activity_ = Clock::now();
  }

  TerminalLink* link_;
  uint32_t term_, att_;
  LoopConfig cfg_;
  LoopEnd end_;
  bool done_ = false;
  std::map<uint32_t, Pending> pending_;
  uint32_t read_id_ = 0, write_id_ = 0, resize_id_ = 0, end_id_ = 0;
  std::string input_;  // typed, not yet taken by the shell
  bool stdin_open_ = true;
  bool winch_ = false;
  bool noted_follower_ = false;
  TildeEscape tilde_;
  int retry_ms_ = kRetryFirstMs;
  Clock::time_point retry_at_{};
  Clock::time_point last_activity_ = Clock::now();
};

}  // namespace

LoopEnd run_terminal_loop(TerminalLink* link, uint32_t terminal, uint32_t attachment,
                          uint64_t from_seq, const LoopConfig& config) {
  return Loop(link, terminal, attachment, from_seq, config).run();
}

}  // namespace rsclient
