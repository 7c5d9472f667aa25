// Splitting a finished line into words, the way a POSIX shell does without
// its expansions: blanks separate words; '...' is literal; "..." is literal
// except \" and \\; outside quotes a backslash takes the next byte as is;
// quoted and unquoted parts next to each other are one word ("a"'b'c is
// abc; "" is an empty word). Nothing is expanded: no variables, globs or
// substitutions, because the shell's words name caps and verbs, not files.
//
// Bounded: kMaxWords words of at most kMaxWordBytes each, from a line of at
// most kMaxLineBytes; exceeding one, or an unterminated quote, is a typed
// SplitStatus the shell prints, never a partial command.
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "services/lib/shell/ansi.h"
#include "services/lib/shell/bounds.h"

namespace shell {

enum class SplitStatus : uint8_t {
  kOk,
  kUnterminatedSingleQuote,
  kUnterminatedDoubleQuote,
  kTrailingBackslash,
  kTooManyWords,
  kWordTooLong,
  kLineTooLong,
};
// A short message for the user ("unterminated \" quote").
const char* SplitStatusMessage(SplitStatus status);

class Words {
 public:
  size_t size() const { return count_; }
  // Word i, unquoted; points into this object.
  TextRef at(size_t i) const { return words_[i]; }
  // Byte offset in the line where word i starts (its first quote, if any):
  // a command taking free text ("chat send ...") uses the raw rest of the
  // line from there.
  size_t offset(size_t i) const { return offsets_[i]; }

 private:
  friend class WordSplitter;
  char storage_[kMaxLineBytes];  // unquoting never makes a word longer
  TextRef words_[kMaxWords];
  uint16_t offsets_[kMaxWords] = {};
  size_t count_ = 0;
};

SplitStatus SplitLine(TextRef line, Words* words);

// The word the cursor is in, for completion.
struct CursorWord {
  size_t index = 0;  // its index in the words (= the words before it)
  size_t start = 0;  // byte offset of its start in the line (the cursor for a new word)
  TextRef text;      // its text before the cursor, unquoted
  char quote = 0;    // '\'' or '"' when the cursor is inside an open quote
};
// Splits line[0, cursor), where an open quote or a final backslash is the
// word still being typed, not an error.
SplitStatus SplitForCompletion(TextRef line, size_t cursor, Words* words, CursorWord* at);

// Writes `word` so that SplitLine reads it back as one word: a backslash
// before blanks, quotes and backslashes; "''" for an empty word. False if it
// does not fit in cap bytes.
bool EscapeWord(TextRef word, char* buf, size_t cap, size_t* size);

}  // namespace shell
