// Tests of the ELF validator: a valid image built in memory, then one test
// per rejection path, each asserting the typed status and the message.
#include "kernel/elf/elf_check.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace capos::elf {
namespace {

struct Ph {
  uint32_t type, flags;
  uint64_t offset, vaddr, filesz, memsz;
};

constexpr uint32_t kPtLoad = 1, kPtDynamic = 2, kPtInterp = 3, kPtNote = 4;

// An image description, serialised by bytes(). Defaults form a valid image:
// text (R+X) at 0x401000, data (R+W, bss) at 0x402000, and the ABI note.
struct Image {
  uint8_t ident[8] = {0x7f, 'E', 'L', 'F', 2, 1, 1, 0};
  uint16_t type = 2, machine = 62, ehsize = 64, phentsize = 56;
  int phnumOverride = -1;
  uint64_t entry = 0x401010, phoff = 64;
  std::vector<Ph> phdrs = {
      {kPtLoad, kPfR | kPfX, 0x1000, 0x401000, 0x100, 0x100},
      {kPtLoad, kPfR | kPfW, 0x2000, 0x402000, 0x10, 0x2000},
      {kPtNote, kPfR, 0x800, 0x400800, 24, 24},
  };
  uint32_t noteNamesz = 6, noteDescsz = 4, noteType = abi::kAbiNoteType;
  const char* noteName = "capOS";
  uint32_t noteVersion = abi::kAbiVersion;
  size_t size = 0x2010;

  template <typename T>
  static void put(std::vector<uint8_t>& b, size_t at, T v) {
    if (at <= b.size() && sizeof(T) <= b.size() - at) std::memcpy(b.data() + at, &v, sizeof(T));
  }
  std::vector<uint8_t> bytes() const {
    std::vector<uint8_t> b(size, 0);
    std::memcpy(b.data(), ident, 8);
    put(b, 16, type);
    put(b, 18, machine);
    put(b, 20, uint32_t{1});
    put(b, 24, entry);
    put(b, 32, phoff);
    put(b, 52, ehsize);
    put(b, 54, phentsize);
    put(b, 56, uint16_t(phnumOverride >= 0 ? phnumOverride : phdrs.size()));
    for (size_t i = 0; i < phdrs.size(); ++i) {
      size_t at = phoff + i * 56;
      const Ph& p = phdrs[i];
      put(b, at, p.type);
      put(b, at + 4, p.flags);
      put(b, at + 8, p.offset);
      put(b, at + 16, p.vaddr);
      put(b, at + 24, p.vaddr);
      put(b, at + 32, p.filesz);
      put(b, at + 40, p.memsz);
    }
    put(b, 0x800, noteNamesz);
    put(b, 0x804, noteDescsz);
    put(b, 0x808, noteType);
    if (0x80c + 8 <= b.size()) std::memcpy(b.data() + 0x80c, noteName, std::strlen(noteName));
    put(b, 0x814, noteVersion);
    return b;
  }
};

struct Checked {
  abi::Error status;
  ElfResult result;
  ElfImage image;
};

Checked check(const Image& img) {
  Checked c;
  std::vector<uint8_t> b = img.bytes();
  c.status = checkElf(b.data(), b.size(), &c.image, &c.result);
  EXPECT_EQ(c.status, c.result.status);
  EXPECT_LT(std::strlen(c.result.message), kElfMessageMax);
  return c;
}

// Asserts a kBadImage whose message contains `want`.
void expectBad(const Image& img, const char* want) {
  Checked c = check(img);
  EXPECT_EQ(c.status, abi::Error::kBadImage) << c.result.message;
  EXPECT_NE(std::string(c.result.message).find(want), std::string::npos)
      << "message: " << c.result.message << ", want: " << want;
}

TEST(ElfCheck, AcceptsValidImage) {
  Checked c = check(Image{});
  ASSERT_EQ(c.status, abi::Error::kOk) << c.result.message;
  EXPECT_EQ(c.image.entry, 0x401010u);
  ASSERT_EQ(c.image.segmentCount, 2u);
  EXPECT_EQ(c.image.segments[0].vaddr, 0x401000u);
  EXPECT_EQ(c.image.segments[0].flags, kPfR | kPfX);
  EXPECT_EQ(c.image.segments[1].offset, 0x2000u);
  EXPECT_EQ(c.image.segments[1].filesz, 0x10u);
  EXPECT_EQ(c.image.segments[1].memsz, 0x2000u);
}

TEST(ElfCheck, RejectsBadHeaders) {
  Image i;
  i.size = 40;
  expectBad(i, "smaller than an ELF header");
  i = {};
  i.ident[1] = 'X';
  expectBad(i, "magic");
  i = {};
  i.ident[4] = 1;  // ELFCLASS32
  expectBad(i, "ELF64");
  i = {};
  i.ident[5] = 2;  // big-endian
  expectBad(i, "little-endian");
  i = {};
  i.type = 3;  // ET_DYN
  expectBad(i, "ET_EXEC");
  i = {};
  i.machine = 183;  // aarch64
  expectBad(i, "x86_64");
  i = {};
  i.phentsize = 32;
  expectBad(i, "phentsize");
  i = {};
  i.phnumOverride = 0;
  expectBad(i, "phnum 0");
  i = {};
  i.phnumOverride = 65;
  expectBad(i, "phnum 65");
  i = {};
  i.phoff = 0x2000;
  expectBad(i, "program headers");
  i = {};
  i.phoff = ~uint64_t{0} - 0xfff;  // wraps if added naively
  expectBad(i, "program headers");
}

TEST(ElfCheck, RejectsDynamicImages) {
  Image i;
  i.phdrs.push_back({kPtInterp, kPfR, 0x900, 0x400900, 8, 8});
  expectBad(i, "PT_INTERP");
  i = {};
  i.phdrs.push_back({kPtDynamic, kPfR, 0x900, 0x400900, 8, 8});
  expectBad(i, "PT_DYNAMIC");
}

TEST(ElfCheck, AbiNote) {
  Image i;
  i.noteVersion = 7;
  Checked c = check(i);
  EXPECT_EQ(c.status, abi::Error::kAbiMismatch);
  EXPECT_EQ(c.result.foundAbiVersion, 7u);
  EXPECT_NE(std::string(c.result.message).find("ABI 7"), std::string::npos) << c.result.message;

  i = {};
  i.phdrs.pop_back();  // no PT_NOTE
  c = check(i);
  EXPECT_EQ(c.status, abi::Error::kAbiMismatch);
  EXPECT_EQ(c.result.foundAbiVersion, 0u);
  i = {};
  i.noteType = 1;  // another note: still missing
  EXPECT_EQ(check(i).status, abi::Error::kAbiMismatch);
  i = {};
  i.noteName = "capOX";
  EXPECT_EQ(check(i).status, abi::Error::kAbiMismatch);

  i = {};
  i.noteDescsz = 8;
  i.phdrs[2].filesz = 28;
  expectBad(i, "descriptor is 8 bytes");
  i = {};
  i.noteDescsz = 0x1000;
  expectBad(i, "note runs past");
  i = {};
  i.noteNamesz = 0xffffffff;
  expectBad(i, "note runs past");
  i = {};
  i.phdrs[2].filesz = 0x10000;
  expectBad(i, "PT_NOTE 2 beyond");
}

TEST(ElfCheck, RejectsBadLoadSegments) {
  Image i;
  i.phdrs[1].memsz = 0;
  i.phdrs[1].filesz = 0;
  expectBad(i, "empty segment");
  i = {};
  i.phdrs[1].filesz = 0x3000;
  expectBad(i, "p_filesz");
  i = {};
  i.phdrs[1].memsz = i.phdrs[1].filesz = 0x100;  // past the 0x2010-byte image
  expectBad(i, "beyond image size");
  i = {};
  i.phdrs[1].offset = ~uint64_t{0} - 4;
  expectBad(i, "beyond image size");
  i = {};
  i.phdrs[0].vaddr = 0x1000;  // below the floor
  i.phdrs[0].offset = 0x1000;
  expectBad(i, "outside the user image window");
  i = {};
  i.phdrs[1].vaddr = abi::kUserImageMax - 0x1000;
  expectBad(i, "outside the user image window");
  i = {};
  i.phdrs[1].memsz = ~uint64_t{0} - 0x1000;  // vaddr + memsz overflows
  expectBad(i, "outside the user image window");
  i = {};
  i.phdrs[1].vaddr = 0x402100;
  expectBad(i, "modulo the page size");
  i = {};
  i.phdrs[0].flags = kPfR | kPfW | kPfX;
  expectBad(i, "W^X");
}

TEST(ElfCheck, RejectsOverlapsCountsAndEntry) {
  Image i;
  i.phdrs[1].vaddr = 0x401000;  // same page as text
  i.phdrs[1].offset = 0x1000;
  expectBad(i, "shares a page");
  i = {};
  i.phdrs[0].memsz = 0x1001;  // text's last page is data's first
  expectBad(i, "shares a page");

  i = {};
  i.phdrs.clear();
  i.phdrs.push_back({kPtNote, kPfR, 0x800, 0x400800, 24, 24});
  for (uint64_t k = 0; k < 9; ++k)
    i.phdrs.push_back({kPtLoad, kPfR | kPfX, 0x1000, 0x1001000 + k * 0x10000, 0x100, 0x100});
  i.entry = 0x1001000;
  expectBad(i, "more than 8 PT_LOAD");

  i = {};
  i.phdrs = {{kPtNote, kPfR, 0x800, 0x400800, 24, 24}};
  expectBad(i, "no PT_LOAD");
  i = {};
  i.entry = 0x402000;  // in the writable data segment
  expectBad(i, "not in an executable segment");
  i = {};
  i.entry = 0x401100;  // one past the end of text
  expectBad(i, "not in an executable segment");
}

TEST(ElfCheck, EveryTruncationIsRefusedCleanly) {
  std::vector<uint8_t> full = Image{}.bytes();
  for (size_t len = 0; len < full.size(); len += 7) {
    std::vector<uint8_t> cut(full.begin(), full.begin() + len);  // exact size for ASan
    ElfImage out;
    ElfResult r;
    EXPECT_NE(checkElf(cut.data(), cut.size(), &out, &r), abi::Error::kOk) << len;
  }
}

}  // namespace
}  // namespace capos::elf
