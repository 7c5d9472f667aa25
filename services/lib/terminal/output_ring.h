// A terminal's output ring: the last `capacity` bytes the shell wrote, each
// addressed by a 64-bit sequence number (the first byte ever written is seq
// 0). Clients name their position by seq, so a reader that comes back with
// the seq it stopped at gets exactly what followed, as long as the ring
// still holds it, and learns how much it lost when it does not.
//
// The ring itself has no policy: Append always succeeds and overwrites the
// oldest bytes. Who may be overwritten (never the owner's unread bytes) is
// AttachTable's decision, made before it appends.
//
// Storage is the caller's (e.g. 256 KiB per terminal, TerminalSession.
// ringBytes); the ring never allocates. Not thread-safe.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace terminal {

struct RingRead {
  bool future = false;     // from_seq was above next_seq: nothing was read
  size_t length = 0;       // bytes copied to out
  uint64_t start_seq = 0;  // seq of out[0]: max(from_seq, oldest_seq)
  uint64_t next_seq = 0;   // start_seq + length: where the next read starts
  uint64_t skipped = 0;    // bytes from from_seq on that are no longer held
};

class OutputRing {
 public:
  // `storage` must outlive the ring; capacity 0 makes a ring that holds
  // nothing (every Append is counted and immediately lost).
  OutputRing(uint8_t* storage, size_t capacity);

  size_t capacity() const { return capacity_; }
  uint64_t oldest_seq() const { return next_ - held_; }
  uint64_t next_seq() const { return next_; }
  size_t size() const { return held_; }
  size_t free_bytes() const { return capacity_ - held_; }

  // Writes `len` bytes at next_seq. When the ring is full the oldest bytes
  // go; a write longer than the ring keeps only its last `capacity` bytes.
  // Sequence numbers advance by `len` either way.
  void Append(const uint8_t* data, size_t len);

  // Copies up to `max` bytes from from_seq (or from oldest_seq when
  // from_seq fell out of the ring, counting the difference in `skipped`).
  // A from_seq above next_seq reads nothing and sets `future`.
  RingRead Read(uint64_t from_seq, uint8_t* out, size_t max) const;

  // The byte at `seq`; seq must be in [oldest_seq, next_seq).
  uint8_t At(uint64_t seq) const;

 private:
  size_t Index(uint64_t seq) const { return static_cast<size_t>(seq % capacity_); }

  uint8_t* storage_;
  size_t capacity_;
  size_t held_ = 0;
  uint64_t next_ = 0;
};

}  // namespace terminal
