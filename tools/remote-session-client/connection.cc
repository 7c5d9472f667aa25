#include "tools/remote-session-client/connection.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>

namespace rsclient {
namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

std::string reason(int err) {
  switch (err) {
    case ECONNREFUSED:
      return "connection refused";
    case ETIMEDOUT:
      return "timed out";
    case EHOSTUNREACH:
    case ENETUNREACH:
      return "host unreachable";
    default:
      return std::strerror(err);
  }
}

// Connects one resolved address; returns the fd or -1 with errno set.
int try_connect(const addrinfo* ai, Clock::time_point deadline) {
  int fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, ai->ai_protocol);
  if (fd < 0) return -1;
  if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
    if (errno != EINPROGRESS) {
      const int e = errno;
      close(fd);
      errno = e;
      return -1;
    }
    pollfd p{fd, POLLOUT, 0};
    int n;
    do {
      n = poll(&p, 1, remaining_ms(deadline));
    } while (n < 0 && errno == EINTR);
    int err = n == 0 ? ETIMEDOUT : 0;
    socklen_t len = sizeof(err);
    if (n > 0) getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (n < 0) err = errno;
    if (err != 0) {
      close(fd);
      errno = err;
      return -1;
    }
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  return fd;
}

}  // namespace

Connection::Connection(int fd) : fd_(fd) {}

Connection::~Connection() {
  if (fd_ >= 0) close(fd_);
}

IoResult Connection::connect_tcp(const std::string& host, uint16_t port, uint32_t timeout_ms,
                                 std::unique_ptr<Connection>* conn, const TlsOptions& tls) {
  // A gateway that goes away mid-write must give EPIPE, not kill us.
  std::signal(SIGPIPE, SIG_IGN);
  const std::string where = host + ":" + std::to_string(port);
  const std::string prefix = "cannot connect to the remote-session gateway at " + where + ": ";
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  const int gai = getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &list);
  if (gai != 0) return {IoStatus::kConnectFailed, prefix + "unknown host"};
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  int fd = -1;
  int err = ECONNREFUSED;
  for (addrinfo* ai = list; ai != nullptr && fd < 0; ai = ai->ai_next) {
    fd = try_connect(ai, deadline);
    if (fd < 0) err = errno;
  }
  freeaddrinfo(list);
  if (fd < 0) {
    return {IoStatus::kConnectFailed, prefix + reason(err) + " \u2014 is `make run` running?"};
  }
  auto made = std::make_unique<Connection>(fd);
  made->set_peer_label("the remote-session gateway at " + where);
  if (tls.enabled) {
    made->tls_ = std::make_unique<TlsClient>();
    std::string why = made->tls_->handshake(fd, tls, host, deadline);
    if (!why.empty()) return {IoStatus::kConnectFailed, where + ": " + why};
  }
  *conn = std::move(made);
  return {};
}

IoResult Connection::send(const std::string& frame) {
  if (tls_ != nullptr) {
    if (tls_->write(frame.data(), frame.size())) return {};
    return {IoStatus::kClosed, peer_ + " closed the connection (is it restarting?)"};
  }
  size_t off = 0;
  while (off < frame.size()) {
    const ssize_t n = ::send(fd_, frame.data() + off, frame.size() - off, MSG_NOSIGNAL);
    if (n > 0) {
      off += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd p{fd_, POLLOUT, 0};
      if (poll(&p, 1, 30000) > 0) continue;
    }
    return {IoStatus::kClosed, peer_ + " closed the connection (is it restarting?)"};
  }
  return {};
}

IoResult Connection::receive(std::string* payload, uint32_t timeout_ms) {
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  for (;;) {
    if (auto p = reader_.next()) {
      *payload = std::move(*p);
      return {};
    }
    if (reader_.error() != FrameError::kNone) {
      return {IoStatus::kBadFrame,
              peer_ + " sent a bad frame: " + frame_error_name(reader_.error())};
    }
    char buf[16384];
    std::string why;
    long got = 0;
    // Plaintext the TLS layer already holds shows in no poll().
    if (tls_ == nullptr || !tls_->pending()) {
      pollfd p{fd_, POLLIN, 0};
      const int n = poll(&p, 1, remaining_ms(deadline));
      if (n < 0 && errno == EINTR) continue;
      if (n == 0) {
        return {IoStatus::kTimeout,
                "no answer from " + peer_ + " within " + std::to_string(timeout_ms / 1000) + " s"};
      }
      got = n < 0 ? -1 : read_some(buf, sizeof(buf), &why);
    } else {
      got = read_some(buf, sizeof(buf), &why);
    }
    if (got == 0) continue;
    if (got < 0) {
      if (!why.empty()) return {IoStatus::kClosed, peer_ + ": " + why};
      // A TLS port closes on a plaintext client's first frame.
      const char* closed = tls_ != nullptr || got_any_
                               ? " closed the connection (is it restarting?)"
                               : " closed the connection (is it restarting, or a TLS port: "
                                 "--pin/--ca?)";
      return {IoStatus::kClosed,
              peer_ + (reader_.mid_frame() ? " closed the connection in the middle of a frame"
                                           : closed)};
    }
    got_any_ = true;
    reader_.feed(std::string_view(buf, static_cast<size_t>(got)));
  }
}

long Connection::read_some(char* buf, size_t cap, std::string* why) {
  if (tls_ != nullptr) return tls_->read(buf, cap, why);
  const ssize_t got = recv(fd_, buf, cap, 0);
  if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
  return got <= 0 ? -1 : got;
}

}  // namespace rsclient
