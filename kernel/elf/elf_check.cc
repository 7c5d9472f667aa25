// ELF validation for the service loader: see elf_check.h.
#include "kernel/elf/elf_check.h"

namespace capos::elf {
namespace {

// ELF64 constants (System V ABI), named here so no libc header is needed.
constexpr uint16_t kEtExec = 2;
constexpr uint16_t kEmX86_64 = 62;
constexpr uint32_t kPtLoad = 1;
constexpr uint32_t kPtDynamic = 2;
constexpr uint32_t kPtInterp = 3;
constexpr uint32_t kPtNote = 4;
constexpr size_t kEhdrSize = 64;
constexpr size_t kPhdrSize = 56;
constexpr uint64_t kPageMask = abi::kPageSize - 1;

struct Phdr {
  uint32_t type;
  uint32_t flags;
  uint64_t offset;
  uint64_t vaddr;
  uint64_t filesz;
  uint64_t memsz;
};

// Little-endian loads from a possibly unaligned hostile buffer; the caller
// has checked the bounds.
uint64_t le(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

Phdr readPhdr(const uint8_t* p) {
  return {static_cast<uint32_t>(le(p, 4)),
          static_cast<uint32_t>(le(p + 4, 4)),
          le(p + 8, 8),
          le(p + 16, 8),
          le(p + 32, 8),
          le(p + 40, 8)};
}

// Appends text and numbers to the fixed result message, truncating safely.
class Msg {
 public:
  explicit Msg(ElfResult* r) : buf_(r->message) { buf_[0] = 0; }
  Msg& operator<<(const char* s) {
    while (*s != 0 && len_ + 1 < kElfMessageMax) buf_[len_++] = *s++;
    buf_[len_] = 0;
    return *this;
  }
  Msg& hex(uint64_t v) {
    char tmp[19] = "0x";
    int digits = 1;
    while (digits < 16 && (v >> (4 * digits)) != 0) ++digits;
    for (int i = 0; i < digits; ++i)
      tmp[2 + i] = "0123456789abcdef"[(v >> (4 * (digits - 1 - i))) & 15];
    tmp[2 + digits] = 0;
    return *this << tmp;
  }
  Msg& dec(uint64_t v) {
    char tmp[21];
    int i = 20;
    tmp[i] = 0;
    do {
      tmp[--i] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    return *this << tmp + i;
  }

 private:
  char* buf_;
  uint32_t len_ = 0;
};

// Scans one PT_NOTE for the capOS ABI note. Returns false (message written)
// for a malformed note area; sets *found/*version when the note is there.
bool scanNotes(const uint8_t* img, const Phdr& ph, uint32_t index, bool* found, uint32_t* version,
               Msg& msg) {
  uint64_t pos = ph.offset, end = ph.offset + ph.filesz;  // bounds checked by caller
  while (end - pos >= 12) {
    uint64_t namesz = le(img + pos, 4), descsz = le(img + pos + 4, 4), type = le(img + pos + 8, 4);
    uint64_t name = pos + 12;
    uint64_t desc = name + ((namesz + 3) & ~uint64_t{3});
    if (desc > end || descsz > end - desc) {
      msg << "PT_NOTE ";
      msg.dec(index) << ": note runs past its segment";
      return false;
    }
    bool capos = namesz == sizeof(abi::kAbiNoteName);
    for (uint64_t i = 0; capos && i < namesz; ++i) capos = img[name + i] == abi::kAbiNoteName[i];
    if (capos && type == abi::kAbiNoteType && !*found) {
      if (descsz != 4) {
        msg << "capOS ABI note descriptor is ";
        msg.dec(descsz) << " bytes, want 4";
        return false;
      }
      *found = true;
      *version = static_cast<uint32_t>(le(img + desc, 4));
    }
    uint64_t next = desc + ((descsz + 3) & ~uint64_t{3});
    if (next >= end) break;
    pos = next;
  }
  return true;
}

abi::Error bad(ElfResult* r) {
  r->status = abi::Error::kBadImage;
  return r->status;
}

// Structural checks of one PT_LOAD; writes the reason and returns false.
bool checkLoad(const Phdr& ph, uint32_t i, size_t len, Msg& msg) {
  msg << "PT_LOAD ";
  msg.dec(i) << ": ";
  if (ph.memsz == 0) {
    msg << "empty segment";
  } else if (ph.filesz > ph.memsz) {
    msg << "p_filesz ";
    msg.hex(ph.filesz) << " > p_memsz ";
    msg.hex(ph.memsz);
  } else if (ph.offset > len || ph.filesz > len - ph.offset) {
    msg << "file range ";
    msg.hex(ph.offset) << "+";
    msg.hex(ph.filesz) << " beyond image size ";
    msg.hex(len);
  } else if (ph.vaddr < abi::kUserImageMin || ph.vaddr >= abi::kUserImageMax ||
             ph.memsz > abi::kUserImageMax - ph.vaddr) {
    msg << "vaddr ";
    msg.hex(ph.vaddr) << "+";
    msg.hex(ph.memsz) << " outside the user image window";
  } else if ((ph.vaddr & kPageMask) != (ph.offset & kPageMask)) {
    msg << "vaddr ";
    msg.hex(ph.vaddr) << " and offset ";
    msg.hex(ph.offset) << " differ modulo the page size";
  } else if ((ph.flags & kPfW) != 0 && (ph.flags & kPfX) != 0) {
    msg << "writable and executable (W^X)";
  } else {
    return true;
  }
  return false;
}

}  // namespace

abi::Error checkElf(const void* image, size_t len, ElfImage* out, ElfResult* result) {
  const uint8_t* img = static_cast<const uint8_t*>(image);
  result->foundAbiVersion = 0;
  Msg msg(result);
  if (img == nullptr || len < kEhdrSize) {
    msg << "image smaller than an ELF header";
    return bad(result);
  }
  if (img[0] != 0x7f || img[1] != 'E' || img[2] != 'L' || img[3] != 'F') {
    msg << "no ELF magic";
    return bad(result);
  }
  if (img[4] != 2 || img[5] != 1 || img[6] != 1) {
    msg << "not ELF64 little-endian version 1";
    return bad(result);
  }
  uint64_t type = le(img + 16, 2), machine = le(img + 18, 2), version = le(img + 20, 4);
  uint64_t entry = le(img + 24, 8), phoff = le(img + 32, 8);
  uint64_t ehsize = le(img + 52, 2), phentsize = le(img + 54, 2), phnum = le(img + 56, 2);
  if (type != kEtExec || machine != kEmX86_64 || version != 1) {
    msg << "not an x86_64 ET_EXEC (type ";
    msg.dec(type) << ", machine ";
    msg.dec(machine) << ")";
    return bad(result);
  }
  if (ehsize != kEhdrSize || phentsize != kPhdrSize || phnum == 0 || phnum > kElfMaxPhdrs) {
    msg << "bad header sizes (ehsize ";
    msg.dec(ehsize) << ", phentsize ";
    msg.dec(phentsize) << ", phnum ";
    msg.dec(phnum) << ")";
    return bad(result);
  }
  if (phoff > len || phnum * kPhdrSize > len - phoff) {
    msg << "program headers at ";
    msg.hex(phoff) << " beyond image size ";
    msg.hex(len);
    return bad(result);
  }

  // Pass 1: forbidden types and the ABI note.
  bool found = false;
  uint32_t abiVersion = 0;
  for (uint32_t i = 0; i < phnum; ++i) {
    Phdr ph = readPhdr(img + phoff + i * kPhdrSize);
    if (ph.type == kPtInterp || ph.type == kPtDynamic) {
      msg << (ph.type == kPtInterp ? "PT_INTERP" : "PT_DYNAMIC") << ": not a static executable";
      return bad(result);
    }
    if (ph.type != kPtNote) continue;
    if (ph.offset > len || ph.filesz > len - ph.offset) {
      msg << "PT_NOTE ";
      msg.dec(i) << " beyond image size";
      return bad(result);
    }
    if (!scanNotes(img, ph, i, &found, &abiVersion, msg)) return bad(result);
  }
  if (!found || abiVersion != abi::kAbiVersion) {
    result->status = abi::Error::kAbiMismatch;
    result->foundAbiVersion = abiVersion;
    if (!found) {
      msg << "no capOS ABI note";
    } else {
      msg << "built for ABI ";
      msg.dec(abiVersion) << ", kernel has ABI ";
      msg.dec(abi::kAbiVersion);
    }
    return result->status;
  }

  // Pass 2: the loadable segments.
  // Written in place (no aggregate copy: the kernel has no memcpy to spare).
  out->entry = entry;
  out->segmentCount = 0;
  bool entryOk = false;
  for (uint32_t i = 0; i < phnum; ++i) {
    Phdr ph = readPhdr(img + phoff + i * kPhdrSize);
    if (ph.type != kPtLoad) continue;
    if (!checkLoad(ph, i, len, msg)) return bad(result);
    if (out->segmentCount == kElfMaxSegments) {
      msg << "more than ";
      msg.dec(kElfMaxSegments) << " PT_LOAD segments";
      return bad(result);
    }
    uint64_t first = ph.vaddr & ~kPageMask, last = (ph.vaddr + ph.memsz + kPageMask) & ~kPageMask;
    for (uint32_t j = 0; j < out->segmentCount; ++j) {
      const ElfSegment& o = out->segments[j];
      uint64_t ofirst = o.vaddr & ~kPageMask, olast = (o.vaddr + o.memsz + kPageMask) & ~kPageMask;
      if (first < olast && ofirst < last) {
        msg << "PT_LOAD ";
        msg.dec(i) << " at ";
        msg.hex(ph.vaddr) << " shares a page with the segment at ";
        msg.hex(o.vaddr);
        return bad(result);
      }
    }
    if ((ph.flags & kPfX) != 0 && entry >= ph.vaddr && entry - ph.vaddr < ph.memsz) entryOk = true;
    out->segments[out->segmentCount++] = {ph.vaddr, ph.memsz, ph.offset, ph.filesz,
                                          ph.flags & (kPfR | kPfW | kPfX)};
  }
  if (out->segmentCount == 0) {
    msg << "no PT_LOAD segment";
    return bad(result);
  }
  if (!entryOk) {
    msg << "entry point ";
    msg.hex(entry) << " not in an executable segment";
    return bad(result);
  }
  result->status = abi::Error::kOk;
  msg << "ok";
  return result->status;
}

}  // namespace capos::elf
