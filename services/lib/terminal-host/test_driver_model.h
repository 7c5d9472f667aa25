// The model behind test_driver.h (host tests and fuzz only): what each
// client and shell of the driven TerminalSet knows, and the driver's
// operations. test_driver.cc checks answers and Effects calls,
// test_driver_run.cc decodes the operations and runs the final drain.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "services/lib/terminal-host/codes.h"
#include "services/lib/terminal-host/fake_effects.h"
#include "services/lib/terminal-host/terminal_set.h"

namespace terminal_host::test {

using remote_session::TerminalOp;
using remote_session::TerminalReply;
using remote_session::TerminalRequest;
using terminal::Status;
using Kind = FakeEffects::Kind;

constexpr int kClients = 3;  // per terminal: the owner, two followers

struct Client {
  bool attached = false;  // as far as the client knows
  uint32_t att = 0;
  uint64_t have = 0;  // the first seq it has not received
  bool pending = false;
};

struct Term {
  uint32_t id = 0;
  bool stopped = false;
  bool gone = false;        // the shell exited or never started
  uint64_t sent = 0;        // bytes the shell handed to output calls
  bool out_parked = false;  // its output call is unanswered
  bool in_parked = false;
  bool resized = false;
  std::string input;  // accepted writes the shell has not been given
  Client c[kClients];
  std::vector<uint32_t> handed_out;  // every attachment number it gave
};

class Driver {
 public:
  explicit Driver(const uint8_t* cfg)
      : limits_{20 + cfg[1] % 200u, cfg[2] % 3u, 1 + cfg[3] % 4u, 2, 8 + cfg[0] % 200u},
        set_(std::make_unique<TerminalSet>(fx_, rings_, limits_)) {}

  void Step(uint8_t op, uint8_t arg);
  void Finish();
  int failed() const { return failed_; }

 private:
  bool Check(bool ok, int line = __builtin_LINE()) {
    if (!ok && failed_ == 0) failed_ = line;
    return ok;
  }
  Term* Pick(uint8_t arg);
  TerminalReply Call(const TerminalRequest& q, Outcome* o = nullptr);
  TerminalRequest Ref(TerminalOp op, const Term& t, uint32_t att) const;
  void Events();
  void Answer(Term& t, int who, uint64_t from, const TerminalReply& r, const std::string& bytes);
  void Open(uint8_t arg);
  void Read(Term& t, int who, uint8_t arg);
  void OwnerDrop(Term& t, uint8_t arg);
  void OwnerResume(Term& t, bool replace);
  void FollowerAttach(Term& t, uint8_t arg);
  void FollowerLeave(Term& t, uint8_t arg);
  void Write(Term& t, uint8_t arg);
  void Resize(Term& t, uint8_t arg);
  void Close(Term& t, uint8_t arg);
  void Output(Term& t, uint8_t arg);
  void Input(Term& t, uint8_t arg);
  void Exit(Term& t, uint8_t arg);
  void Forge(Term& t, uint8_t arg);
  void Invariants();
  void DrainOwner(Term& t);

  Limits limits_;
  FakeEffects fx_;
  FakeRings rings_;
  std::unique_ptr<TerminalSet> set_;
  std::map<uint32_t, Term> terms_;  // every terminal ever opened, by id
  struct Pending {
    uint32_t id;
    int who;
    uint64_t from;
  };
  std::map<uint32_t, Pending> pending_;  // parked reads by call tag
  uint32_t next_tag_ = 1;
  size_t seen_ = 0;  // fx_.events already checked
  uint64_t now_ = 0;
  int failed_ = 0;
};

}  // namespace terminal_host::test
