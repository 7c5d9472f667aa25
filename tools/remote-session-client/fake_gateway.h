// Test double for the CLI's unit tests only: an in-process TCP peer on
// 127.0.0.1 that speaks the frame protocol with a tiny model of the gateway
// (login, CapSet, calls, logout, transcript), plus modes that misbehave.
// It is not the gateway (services/gateway) and checks nothing of it.
#ifndef TOOLS_REMOTE_SESSION_CLIENT_FAKE_GATEWAY_H_
#define TOOLS_REMOTE_SESSION_CLIENT_FAKE_GATEWAY_H_

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tools/remote-session-client/fake_terminal.h"

namespace rsclient::testing {

inline constexpr char kOperatorPassword[] = "fake-operator-pw-1234";
inline constexpr uint64_t kSessionIface = 0x1111;
inline constexpr uint64_t kSystemIface = 0x2222;
inline constexpr uint64_t kChatIface = 0x3333;

enum class Misbehave {
  kNone,
  kCloseOnFirstRequest,  // read one request, close without answering
  kGarbageFrame,         // answer with a frame that does not decode
  kHugeHeader,           // answer with a header announcing 1 MiB
  kWrongRequestId,       // answer with requestId + 100
  kSilent,               // read requests, never answer
  kRefuse,               // like the gateway at its connection bound:
                         // denied(boundExceeded) with requestId 0, close
};

class FakeGateway {
 public:
  explicit FakeGateway(Misbehave mode = Misbehave::kNone, FakeTerminalKnobs knobs = {});
  ~FakeGateway();
  uint16_t port() const { return port_; }
  // Principals and methods of the login requests seen (for assertions that
  // the right thing was sent; the password is recorded only as ok/bad).
  std::vector<std::string> seen();
  // The sessions' terminals (shared by every connection, for resumes).
  FakeTerminals& terminals() { return terminals_; }

 private:
  void serve();
  void serve_connection(int fd);

  Misbehave mode_;
  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> seen_;
  FakeTerminals terminals_;
};

}  // namespace rsclient::testing

#endif  // TOOLS_REMOTE_SESSION_CLIENT_FAKE_GATEWAY_H_
