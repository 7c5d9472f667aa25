// Host-test helper shared by terminal_fuzz and model_test: one terminal
// (ring + attach table) driven by a sequence of operations, with a model of
// each client that checks every answer. The operations: the shell
// producing, the owner reading, losing answers, disconnecting with or
// without the terminal noticing and resuming, followers attaching, reading
// and leaving, time passing, the shell exiting, the terminal ending.
//
// Checked on every answer and after every operation:
//   - the owner is never skipped, and what it received, in order, is
//     exactly the shell's output from seq 0 (bytes are a function of their
//     seq, test_bytes.h);
//   - the producer is told kPaused exactly when the next byte would
//     overwrite one the owner has not acknowledged, and takes exactly what
//     fits: nothing is dropped;
//   - a follower's read is contiguous after its skip, the marker is there
//     exactly when bytes were skipped, and it never changes Writable();
//   - at the end, an owner that resumes gets everything that is left.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/terminal/attach.h"

namespace terminal::test {

// Runs the operations encoded in `data`: [capacity][follower limit] then
// pairs [op][arg]. Returns 0 when every check held, else the source line of
// the first that failed.
int RunModel(const uint8_t* data, size_t size);

class Model {
 public:
  static constexpr size_t kMaxCapacity = 64;
  static constexpr size_t kMaxRead = 40;

  Model(size_t capacity, uint32_t max_followers);

  void Step(uint8_t op, uint8_t arg);
  void CheckInvariants();
  // A resuming owner gets every byte the ring holds for it: no loss.
  void Drain();

  int failed_line() const { return failed_line_; }

 private:
  struct Client {
    bool attached = false;
    AttachId id;
    uint64_t have = 0;  // the first seq this client has not received
  };

  bool Check(bool ok, int line = __builtin_LINE());
  bool ended() const { return table_.state() == State::kEnded; }

  void Produce(size_t n);
  void OwnerRead(size_t max, bool lost);
  void OwnerDrop(bool noticed);
  void OwnerResume(bool replace);
  void FollowerAttach(uint8_t how);
  void FollowerRead(Client& f, size_t max);
  void FollowerLeave(Client& f);
  void Pass(uint8_t ms);
  void Finish();

  uint8_t storage_[kMaxCapacity];
  OutputRing ring_;
  AttachTable table_;
  uint32_t limit_;
  Client owner_;
  Client followers_[kMaxFollowers];
  uint64_t now_ = 0;
  int failed_line_ = 0;
};

}  // namespace terminal::test
