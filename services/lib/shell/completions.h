// Tab completion between the line editor and whoever knows the words (the
// shell: its commands, the session's cap names, a service's verbs). The
// editor asks a Completer for the candidates of the word before the
// cursor; a Completions object holds them, bounded and already safe to put
// into the line and on the screen.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/shell/ansi.h"
#include "services/lib/shell/bounds.h"

namespace shell {

class Completions {
 public:
  // Starts over for the word that begins at byte `word_start` of the line
  // (the editor replaces line[word_start, cursor) with the completion).
  void Reset(size_t word_start);
  // Adds one candidate. Refused (false): not clean text (controls, escapes,
  // invalid UTF-8), empty, longer than kMaxCandidateBytes, or a duplicate;
  // past kMaxCandidates it is only counted in omitted().
  bool Add(TextRef candidate);
  size_t size() const { return count_; }
  TextRef at(size_t i) const { return items_[i]; }
  const TextRef* items() const { return items_; }
  size_t omitted() const { return omitted_; }
  size_t word_start() const { return word_start_; }
  // Longest common prefix of every candidate, in whole code points.
  size_t CommonPrefix() const;
  // A single candidate is followed by a space unless the completer says
  // the word goes on (e.g. a prefix of several levels).
  bool append_space() const { return append_space_; }
  void set_append_space(bool v) { append_space_ = v; }

 private:
  TextRef items_[kMaxCandidates];
  char pool_[kMaxCandidates * kMaxCandidateBytes];
  size_t count_ = 0;
  size_t used_ = 0;
  size_t omitted_ = 0;
  size_t word_start_ = 0;
  bool append_space_ = true;
};

// Implemented by the shell. Called on Tab with the whole line and the
// cursor's byte offset; calls out->Reset(word start) and out->Add(...).
// Called synchronously: it must not block (the shell answers from what it
// already holds: its CapSet view and descriptors).
class Completer {
 public:
  virtual void Complete(TextRef line, size_t cursor, Completions* out) = 0;

 protected:
  ~Completer() = default;  // not owned through this interface
};

}  // namespace shell
