// The attach table of one terminal: who reads its output ring, from where,
// and what that means for the shell producing it. At most one owner
// (read-write) and up to Limits::max_followers followers (read-only).
//
// Flow control (issue 12), all decided here:
//   - A read from seq S acknowledges every byte before S; the bytes a read
//     returns are acknowledged only by the next read (a lost answer is
//     therefore never a lost byte).
//   - The owner is never skipped: the producer may append only what fits
//     without overwriting a byte the owner has not acknowledged
//     (Writable()); past that it is told kPaused and stops reading the
//     shell until the owner reads on. This holds while the owner is
//     detached too, which is what makes a resume exact.
//   - A follower never pauses the producer. One that falls out of the ring
//     is skipped ahead to the oldest byte held (then past any UTF-8
//     continuation bytes), and that read starts with the skip marker
//     (skip_marker.h) and reports the count.
//
// Lifetime: a terminal without an owner attached is `detached` and ends
// when its grace runs out (Tick); an owner attach in time cancels it. After
// Finish (the shell exited) output stays readable; an attachment that has
// read everything gets kEnded and is gone, and the terminal ends once none
// is left and the owner has read all, or when the grace runs out. End()
// ends it at once (close, logout). After the end every call is kEnded.
//
// Single-threaded, no allocation: all state is inline, the ring's storage
// is the caller's. Times are the caller's monotonic milliseconds.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/terminal/grace.h"
#include "services/lib/terminal/output_ring.h"
#include "services/lib/terminal/types.h"

namespace terminal {

// Names one attachment. Generation-checked: a detached or replaced
// attachment's id answers kDetached forever, even once its slot is reused.
struct AttachId {
  uint32_t slot = 0;        // 0 is the owner's slot, 1.. followers'
  uint32_t generation = 0;  // 0 never names an attachment
};

struct Limits {
  uint32_t max_followers = kMaxFollowers;  // clamped to kMaxFollowers
  uint64_t grace_ms = 60000;               // the manifest's grace period
};

struct ReadResult {
  size_t length = 0;         // bytes written to out: the marker, then data
  size_t marker_length = 0;  // > 0 exactly when skipped > 0 (and it fit)
  uint64_t next_seq = 0;     // the from_seq of the next read
  uint64_t skipped = 0;      // bytes lost between from_seq and the data
  bool more = false;         // output after next_seq is already waiting
};

class AttachTable {
 public:
  // A new terminal over `ring` (capacity > 0, nothing appended yet):
  // nobody attached, the owner's position at the ring's next_seq, and the
  // grace running from now_ms, so a terminal nobody attaches to ends.
  AttachTable(OutputRing* ring, const Limits& limits, uint64_t now_ms);

  // Attaches at resume_seq (the first seq the client lacks).
  // kOk | kEnded | kFutureSeq | kOwnerAttached | kTooManyFollowers.
  // replace_owner: an attached owner is detached (its id goes stale).
  Status Attach(Mode mode, uint64_t resume_seq, bool replace_owner, AttachId* id);
  // kOk | kDetached | kEnded. The owner's position is kept for a resume.
  Status Detach(AttachId id, uint64_t now_ms);

  // Before forwarding input: kOk | kFollowerInput | kDetached | kEnded.
  Status CheckInput(AttachId id) const;
  // Before resize or close: kOk | kNotOwner | kDetached | kEnded.
  Status CheckControl(AttachId id) const;
  // The attachment's mode and acknowledged position: kOk | kDetached | kEnded.
  Status Describe(AttachId id, Mode* mode, uint64_t* cursor_seq) const;

  // Reads at most max_bytes of output from from_seq into out (the marker
  // first when bytes were skipped; the marker is left out if cap cannot
  // hold it). max_bytes 0 only acknowledges. kOk | kFutureSeq (nothing
  // changes) | kDetached | kEnded (also: exited and this attachment has
  // read everything; it is detached).
  Status Read(AttachId id, uint64_t from_seq, size_t max_bytes, uint8_t* out, size_t cap,
              ReadResult* r);

  // Bytes the producer may append now without overwriting an unread owner
  // byte; 0 once exited or ended.
  size_t Writable() const;
  // Appends up to Writable() of data and says so in *taken; the producer
  // keeps the rest. kPaused when Writable() is now 0, kEnded after Finish.
  Verdict Produce(const uint8_t* data, size_t len, size_t* taken);
  // The producer ended (the shell exited): see the lifetime rules above.
  void Finish(uint64_t now_ms);

  void End();
  // Ends the terminal when its grace ran out. True once it has ended.
  bool Tick(uint64_t now_ms);

  State state() const { return state_; }
  bool owner_attached() const { return slots_[0].used; }
  uint32_t followers() const { return followers_; }
  bool paused() const;
  uint64_t owner_cursor() const { return owner_cursor_; }
  const Grace& grace() const { return grace_; }
  const OutputRing& ring() const { return *ring_; }

 private:
  static constexpr uint32_t kSlots = 1 + kMaxFollowers;

  struct Slot {
    bool used = false;
    uint32_t generation = 0;
    uint64_t cursor = 0;  // followers; the owner's is owner_cursor_
  };

  Status Find(AttachId id, Slot** slot);
  Status Find(AttachId id, const Slot** slot) const;
  uint32_t NextGeneration();
  void Release(uint32_t slot, uint64_t now_ms);
  void EndIfDrained();
  uint64_t SkipTarget(uint64_t from_seq) const;

  OutputRing* ring_;
  uint32_t max_followers_;
  Grace grace_;
  State state_ = State::kDetached;
  Slot slots_[kSlots];
  uint32_t followers_ = 0;
  uint32_t generation_ = 0;
  uint64_t owner_cursor_;  // first seq the owner has not acknowledged
};

}  // namespace terminal
