#include "services/lib/shell/command_line.h"

namespace shell {

const char* SplitStatusMessage(SplitStatus status) {
  switch (status) {
    case SplitStatus::kOk:
      return "ok";
    case SplitStatus::kUnterminatedSingleQuote:
      return "unterminated ' quote";
    case SplitStatus::kUnterminatedDoubleQuote:
      return "unterminated \" quote";
    case SplitStatus::kTrailingBackslash:
      return "the line ends with a backslash";
    case SplitStatus::kTooManyWords:
      return "too many words";
    case SplitStatus::kWordTooLong:
      return "a word is too long";
    case SplitStatus::kLineTooLong:
      return "the line is too long";
  }
  return "?";
}

// One pass over a line; `partial` is the completion mode.
class WordSplitter {
 public:
  WordSplitter(Words* words, bool partial) : w_(words), partial_(partial) { w_->count_ = 0; }

  SplitStatus Run(TextRef line) {
    if (line.size > kMaxLineBytes) return SplitStatus::kLineTooLong;
    for (size_t i = 0; i < line.size; ++i) {
      const char c = line.data[i];
      SplitStatus s = SplitStatus::kOk;
      if (quote_ == '\'') {
        if (c == '\'') {
          quote_ = 0;
        } else {
          s = Append(c);
        }
      } else if (quote_ == '"') {
        if (c == '"') {
          quote_ = 0;
        } else if (c == '\\' && i + 1 < line.size &&
                   (line.data[i + 1] == '"' || line.data[i + 1] == '\\')) {
          s = Append(line.data[++i]);
        } else {
          s = Append(c);
        }
      } else if (c == ' ' || c == '\t') {
        EndWord();
      } else {
        s = StartWord(i);
        if (s == SplitStatus::kOk) {
          if (c == '\'' || c == '"') {
            quote_ = c;
          } else if (c != '\\') {
            s = Append(c);
          } else if (i + 1 < line.size) {
            s = Append(line.data[++i]);
          } else if (!partial_) {
            s = SplitStatus::kTrailingBackslash;
          }
        }
      }
      if (s != SplitStatus::kOk) return s;
    }
    if (quote_ != 0 && !partial_) {
      return quote_ == '\'' ? SplitStatus::kUnterminatedSingleQuote
                            : SplitStatus::kUnterminatedDoubleQuote;
    }
    in_word_at_end_ = in_word_;
    EndWord();
    return SplitStatus::kOk;
  }

  bool in_word_at_end() const { return in_word_at_end_; }
  char quote() const { return quote_; }

 private:
  SplitStatus StartWord(size_t offset) {
    if (in_word_) return SplitStatus::kOk;
    if (w_->count_ == kMaxWords) return SplitStatus::kTooManyWords;
    in_word_ = true;
    w_->offsets_[w_->count_] = uint16_t(offset);
    w_->words_[w_->count_] = TextRef{w_->storage_ + used_, 0};
    return SplitStatus::kOk;
  }

  SplitStatus Append(char c) {
    TextRef& word = w_->words_[w_->count_];
    if (word.size == kMaxWordBytes) return SplitStatus::kWordTooLong;
    w_->storage_[used_++] = c;
    ++word.size;
    return SplitStatus::kOk;
  }

  void EndWord() {
    if (!in_word_) return;
    in_word_ = false;
    ++w_->count_;
  }

  Words* w_;
  bool partial_;
  char quote_ = 0;
  bool in_word_ = false;
  bool in_word_at_end_ = false;
  size_t used_ = 0;
};

SplitStatus SplitLine(TextRef line, Words* words) {
  return WordSplitter(words, false).Run(line);
}

SplitStatus SplitForCompletion(TextRef line, size_t cursor, Words* words, CursorWord* at) {
  if (cursor > line.size) cursor = line.size;
  WordSplitter splitter(words, true);
  const SplitStatus s = splitter.Run(TextRef{line.data, cursor});
  if (s != SplitStatus::kOk) return s;
  *at = CursorWord{};
  if (splitter.in_word_at_end()) {
    at->index = words->size() - 1;
    at->start = words->offset(at->index);
    at->text = words->at(at->index);
    at->quote = splitter.quote();
  } else {
    if (words->size() == kMaxWords) return SplitStatus::kTooManyWords;
    at->index = words->size();
    at->start = cursor;
  }
  return SplitStatus::kOk;
}

bool EscapeWord(TextRef word, char* buf, size_t cap, size_t* size) {
  size_t n = 0;
  if (word.size == 0) {
    if (cap < 2) return false;
    buf[0] = buf[1] = '\'';
    *size = 2;
    return true;
  }
  for (size_t i = 0; i < word.size; ++i) {
    const char c = word.data[i];
    const bool special = c == ' ' || c == '\t' || c == '\'' || c == '"' || c == '\\';
    if (n + (special ? 2 : 1) > cap) return false;
    if (special) buf[n++] = '\\';
    buf[n++] = c;
  }
  *size = n;
  return true;
}

}  // namespace shell
