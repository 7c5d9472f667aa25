// Every encoding the decoder knows, and what it does with the ones it does
// not: hostile sequences end as nothing, never as stray text or a stuck
// state.
#include "services/lib/shell/key_decoder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace shell {
namespace {

// Keys as short names: "a" for text, "<left>", "^c" for Ctrl-C.
std::vector<std::string> Decode(const std::string& bytes, KeyDecoder* d = nullptr) {
  KeyDecoder local;
  if (d == nullptr) d = &local;
  std::vector<std::string> keys;
  for (char c : bytes) {
    Key k;
    if (!d->Feed(uint8_t(c), &k)) continue;
    switch (k.code) {
      case KeyCode::kText:
        keys.push_back(std::string(k.text, k.size));
        break;
      case KeyCode::kCtrl:
        keys.push_back(std::string("^") + k.ctrl);
        break;
      case KeyCode::kEnter:
        keys.push_back("<enter>");
        break;
      case KeyCode::kTab:
        keys.push_back("<tab>");
        break;
      case KeyCode::kBackspace:
        keys.push_back("<bs>");
        break;
      case KeyCode::kDelete:
        keys.push_back("<del>");
        break;
      case KeyCode::kLeft:
        keys.push_back("<left>");
        break;
      case KeyCode::kRight:
        keys.push_back("<right>");
        break;
      case KeyCode::kUp:
        keys.push_back("<up>");
        break;
      case KeyCode::kDown:
        keys.push_back("<down>");
        break;
      case KeyCode::kHome:
        keys.push_back("<home>");
        break;
      case KeyCode::kEnd:
        keys.push_back("<end>");
        break;
      case KeyCode::kWordLeft:
        keys.push_back("<wleft>");
        break;
      case KeyCode::kWordRight:
        keys.push_back("<wright>");
        break;
      case KeyCode::kNone:
        keys.push_back("<none>");
        break;
    }
  }
  return keys;
}

using V = std::vector<std::string>;

TEST(KeyDecoder, TextAndUtf8) {
  EXPECT_EQ(Decode("ab~"), (V{"a", "b", "~"}));
  EXPECT_EQ(Decode("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), (V{"é", "€", "😀"}));
}

TEST(KeyDecoder, ControlKeys) {
  EXPECT_EQ(Decode("\r\n\t\x7f\x08"), (V{"<enter>", "<tab>", "<bs>", "<bs>"}));
  EXPECT_EQ(Decode("\n\n"), (V{"<enter>", "<enter>"}));
  EXPECT_EQ(Decode("\r\r"), (V{"<enter>", "<enter>"}));
  EXPECT_EQ(Decode("\x01\x03\x04\x05\x0b\x0c\x15\x17"),
            (V{"^a", "^c", "^d", "^e", "^k", "^l", "^u", "^w"}));
  EXPECT_EQ(Decode(std::string("\0\x1c\x1d\x1e\x1f", 5)), V{});
}

TEST(KeyDecoder, CursorKeysInEveryMode) {
  EXPECT_EQ(Decode("\x1b[A\x1b[B\x1b[C\x1b[D"), (V{"<up>", "<down>", "<right>", "<left>"}));
  EXPECT_EQ(Decode("\x1bOA\x1bOB\x1bOC\x1bOD"), (V{"<up>", "<down>", "<right>", "<left>"}));
}

TEST(KeyDecoder, HomeEndDeleteEveryEncoding) {
  EXPECT_EQ(Decode("\x1b[H\x1b[1~\x1b[7~\x1bOH"), (V{"<home>", "<home>", "<home>", "<home>"}));
  EXPECT_EQ(Decode("\x1b[F\x1b[4~\x1b[8~\x1bOF"), (V{"<end>", "<end>", "<end>", "<end>"}));
  EXPECT_EQ(Decode("\x1b[3~"), (V{"<del>"}));
}

TEST(KeyDecoder, ModifiedArrowsAndAltWordMoves) {
  EXPECT_EQ(Decode("\x1b[1;5C\x1b[1;5D\x1b[1;3C\x1b[1;3D"),
            (V{"<wright>", "<wleft>", "<wright>", "<wleft>"}));
  EXPECT_EQ(Decode("\x1b[1;2C\x1b[1;5A"), (V{"<right>", "<up>"}));  // shift: plain
  EXPECT_EQ(Decode("\x1b"
                   "b\x1b"
                   "f"),
            (V{"<wleft>", "<wright>"}));
}

TEST(KeyDecoder, UnknownSequencesAreConsumedWhole) {
  EXPECT_EQ(Decode("\x1b[200~x\x1b[201~"), (V{"x"}));      // bracketed paste markers
  EXPECT_EQ(Decode("\x1b[?1;2c\x1b[>0;1c"), V{});          // device attributes
  EXPECT_EQ(Decode("\x1b[5~\x1b[6~\x1b[15~\x1b[Z"), V{});  // PgUp/PgDn/F5/Shift-Tab
  EXPECT_EQ(Decode("\x1bOP\x1bx\x1b\x1b[A"), (V{"<up>"}));
  EXPECT_EQ(Decode("\x1b[1 q\x1b[4:3m"), V{});  // intermediates, sub-parameters
}

TEST(KeyDecoder, TerminalStringsAreConsumedToTheirEnd) {
  EXPECT_EQ(Decode("\x1b]52;c;Zm9v\x07x"), (V{"x"}));                // OSC 52 ended by BEL
  EXPECT_EQ(Decode("\x1b]11;rgb:0/0/0\x1b\\y"), (V{"y"}));           // ended by ST
  EXPECT_EQ(Decode("\x1bP1$r0m\x1b\\\x1b_x\x1b\\\x1b^y\x07"), V{});  // DCS, APC, PM
  EXPECT_EQ(Decode("\x1b]0;title\x03"), (V{"^c"}));                  // a control ends it
}

TEST(KeyDecoder, OverlongSequenceIsIgnoredAndStateStaysBounded) {
  KeyDecoder d;
  std::string s = "\x1b[";
  s += std::string(10000, '1');
  EXPECT_EQ(Decode(s + "A", &d), V{});
  EXPECT_TRUE(d.idle());
  EXPECT_EQ(Decode("x", &d), (V{"x"}));
  EXPECT_EQ(Decode("\x1b[" + std::string(40, ';') + "C"), V{});
  EXPECT_EQ(Decode("\x1b[99999999999C"), (V{"<right>"}));  // saturates, still a key
}

TEST(KeyDecoder, ControlInsideASequenceIsItself) {
  EXPECT_EQ(Decode("\x1b[12\x03"), (V{"^c"}));
  EXPECT_EQ(Decode("\x1b\x03"), (V{"^c"}));
  EXPECT_EQ(Decode("\x1bO\r"), (V{"<enter>"}));
  EXPECT_EQ(Decode("\x1b[1\x1b[D"), (V{"<left>"}));  // ESC restarts
}

TEST(KeyDecoder, InvalidUtf8IsDroppedWithoutEatingTheNextKey) {
  EXPECT_EQ(Decode("\xC3x"), (V{"x"}));
  EXPECT_EQ(Decode("\xE2\x82\r"), (V{"<enter>"}));
  EXPECT_EQ(Decode("\xE2\x82\xC3\xA9"), (V{"é"}));
  EXPECT_EQ(Decode("\x80\xBF\xFF\xFE\xC0\xAF\xC1\xBF"), V{});  // stray, invalid, overlong
  EXPECT_EQ(Decode("\xED\xA0\x80"), V{});                      // surrogate
  EXPECT_EQ(Decode("\xF4\x90\x80\x80"), V{});                  // above U+10FFFF
  EXPECT_EQ(Decode("\xC2\x9B"
                   "A"),
            (V{"A"}));  // C1 CSI is not text
}

TEST(KeyDecoder, SplitAnywhereGivesTheSameKeys) {
  const std::string all = "a\x1b[1;5C\xE2\x82\xAC\x1bOH\r\n\x1b[3~\x03";
  const V whole = Decode(all);
  for (size_t cut = 0; cut <= all.size(); ++cut) {
    KeyDecoder d;
    V keys = Decode(all.substr(0, cut), &d);
    const V rest = Decode(all.substr(cut), &d);
    keys.insert(keys.end(), rest.begin(), rest.end());
    EXPECT_EQ(keys, whole) << "cut at " << cut;
  }
}

}  // namespace
}  // namespace shell
