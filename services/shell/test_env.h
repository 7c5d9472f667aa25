// Test only: the shell core wired to a real remote_session::Session (over
// a FakeBackend with a shared chat room and a Paperclips profile), its
// output read by the VT100 screen model, so tests assert what a user sees.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "services/lib/remote-session/fake_backend.h"
#include "services/lib/remote-session/session.h"
#include "services/lib/remote-session/test_client.h"
#include "services/lib/shell/vt_screen.h"
#include "services/shell/shell_session.h"

namespace shell_app::test {

class TestBackend : public remote_session::FakeBackend {
 public:
  static constexpr uint64_t kPaperclipsIface = 0xa3051fc2cb5251cfull;
  struct Message {
    uint64_t seq;
    std::string from, text;
  };

  remote_session::BackendStatus CallChat(remote_session::BackendSession s, uint32_t tag,
                                         const remote_session::ChatRequest& req,
                                         remote_session::ChatReply* reply) override;
  remote_session::BackendStatus ServiceCatalog(remote_session::BackendSession s,
                                               remote_session::ServiceCatalogView* out) override;
  remote_session::BackendStatus ServiceLaunch(remote_session::BackendSession s,
                                              const remote_session::LaunchRequest& request,
                                              remote_session::Completion* out) override;
  remote_session::BackendStatus ServiceStop(remote_session::BackendSession s, const char* profile,
                                            remote_session::Completion* out) override;
  remote_session::BackendStatus CallService(remote_session::BackendSession s, uint32_t tag,
                                            const remote_session::ServiceCall& call) override;

  // A message in the room from someone the tests make up (hostile text).
  void Inject(const std::string& from, const std::string& text);
  // The results message of the service call left pending, if any.
  bool TakeResults(uint32_t* tag, std::vector<uint8_t>* results);

  std::vector<Message> room;
  struct Game {
    uint64_t clips = 0, wire = 1000, funds = 0, ticks = 0;
    uint32_t price = 25;
  };
  std::map<remote_session::BackendSession, Game> paperclips;  // running games

 private:
  void FillPaperclips(bool running, remote_session::ServiceInfo* out) const;
  bool pending_ = false;
  uint32_t pending_tag_ = 0;
  std::vector<uint8_t> pending_results_;
};

// A Session of its own (one connection), logged in.
struct Env {
  TestBackend backend;
  remote_session::LoginRegistry logins{16};
  remote_session::Counter holders{100};
};

class SessionPort final : public Port {
 public:
  SessionPort(TestBackend* backend, remote_session::Session* session)
      : backend_(backend), session_(session) {}
  PortStatus Request(const uint8_t* req, size_t len, bool quiet, uint8_t* resp, size_t cap,
                     size_t* resp_len) override;

  bool gone = false;  // answer kGone from now on
  struct Seen {
    uint32_t id;
    remote_session::RequestKind kind;
    remote_session::CallMethod method;
    bool quiet;
  };
  std::vector<Seen> seen;

 private:
  TestBackend* backend_;
  remote_session::Session* session_;
  std::vector<uint8_t> frame_ = std::vector<uint8_t>(remote_session::kMaxResponseFrameBytes);
};

// One terminal: a logged-in session, its shell, and the screen.
class Terminal final : public Sink {
 public:
  Terminal(Env& env, const char* user, const char* password, size_t cols = 80, size_t rows = 24,
           shell::ResizeModel model = shell::ResizeModel::kKeepRows);
  void Write(const char* data, size_t size) override;

  void Type(const std::string& keys);
  void Resize(size_t cols);
  void Tick();

  std::string Screen() const;  // every row, '\n'-joined
  bool Shows(const std::string& text) const { return Screen().find(text) != std::string::npos; }
  // The row the cursor is on.
  std::string CursorRow() const { return screen.Row(screen.cursor_row()); }
  std::string Line() const;

  Env& env;
  remote_session::Session session;
  remote_session::TestClient client{session};
  SessionPort port{&env.backend, &session};
  shell::test::VtScreen screen;
  shell::ResizeModel model;
  size_t cols, rows;
  std::unique_ptr<ShellSession> shell;
  std::string output;  // every byte the shell wrote
};

}  // namespace shell_app::test
