// Cap'n Proto wire codec: see capnp_wire.h. Encoding reference: the Cap'n
// Proto "Encoding" spec (pointers, far pointers, stream framing).
//
// Bounds are checked in word indices held in 64-bit signed integers, never by
// forming out-of-range pointers, so no check can overflow or be optimised
// away.
#include "kernel/lib/capnp_wire.h"

namespace capos::wire {
namespace {

constexpr uint32_t kMaxOffsetWords = 1u << 29;  // 30-bit signed / 29-bit counts

uint64_t loadWord(const uint8_t* p) {
  uint64_t v;
  __builtin_memcpy(&v, p, 8);
  return v;
}
uint32_t loadU32(const uint8_t* p) {
  uint32_t v;
  __builtin_memcpy(&v, p, 4);
  return v;
}
void storeWord(uint8_t* p, uint64_t v) {
  __builtin_memcpy(p, &v, 8);
}

uint32_t kindOf(uint64_t ref) {
  return static_cast<uint32_t>(ref & 3);
}
// Struct/list offset: signed 30 bits above the kind.
int64_t offsetOf(uint64_t ref) {
  return static_cast<int32_t>(static_cast<uint32_t>(ref)) >> 2;
}
uint16_t structDataWords(uint64_t ref) {
  return static_cast<uint16_t>(ref >> 32);
}
uint16_t structPtrCount(uint64_t ref) {
  return static_cast<uint16_t>(ref >> 48);
}

// Words a capability pointer or a reserved "other" pointer is rejected with.
Status otherPointer(uint64_t ref) {
  return ((ref >> 2) & 0x3fffffff) == 0 ? Status::kCapability : Status::kBadPointer;
}

const char kEmptyText[1] = {0};

}  // namespace

const char* statusName(Status s) {
  switch (s) {
    case Status::kOk:
      return "ok";
    case Status::kMisaligned:
      return "misaligned";
    case Status::kTruncated:
      return "truncated";
    case Status::kBadFraming:
      return "bad framing";
    case Status::kOutOfBounds:
      return "out of bounds";
    case Status::kBadPointer:
      return "bad pointer";
    case Status::kCapability:
      return "capability pointer";
    case Status::kWrongType:
      return "wrong type";
    case Status::kBadText:
      return "text not NUL-terminated";
    case Status::kTraversalLimit:
      return "traversal limit";
    case Status::kNestingLimit:
      return "nesting limit";
    case Status::kIndexOutOfRange:
      return "index out of range";
    case Status::kTooSmall:
      return "buffer too small";
    case Status::kBadArgument:
      return "bad argument";
  }
  return "unknown";
}

// ---------------------------------------------------------------------------
// Message

Status Message::fail(Status s) {
  if (status_ == Status::kOk) status_ = s;
  return s;
}

Status Message::init(const void* buf, size_t len, ReaderOptions opts) {
  segmentCount_ = 0;
  usedBytes_ = 0;
  traversalLeft_ = opts.traversalLimitWords;
  nestingLimit_ = opts.nestingLimit;
  status_ = Status::kOk;
  const uint8_t* p = static_cast<const uint8_t*>(buf);
  if (reinterpret_cast<uintptr_t>(p) % 8 != 0) return fail(Status::kMisaligned);
  if (len < 8) return fail(Status::kTruncated);
  uint64_t count = uint64_t{loadU32(p)} + 1;
  if (count > kMaxSegments) return fail(Status::kBadFraming);
  uint64_t tableBytes = (count + 2) / 2 * 8;  // 4-byte count + sizes, padded
  if (len < tableBytes) return fail(Status::kTruncated);
  uint64_t total = tableBytes;
  for (uint64_t i = 0; i < count; ++i) {
    uint32_t words = loadU32(p + 4 + 4 * i);
    if (words > len / 8 || total + uint64_t{words} * 8 > len) return fail(Status::kTruncated);
    segments_[i] = {p + total, words};
    total += uint64_t{words} * 8;
  }
  if (segments_[0].words == 0) return fail(Status::kBadFraming);  // no root pointer
  segmentCount_ = static_cast<uint32_t>(count);
  usedBytes_ = total;
  return Status::kOk;
}

Status Message::root(StructReader* out) {
  *out = StructReader();
  if (status_ != Status::kOk) return status_;
  if (segmentCount_ == 0) return fail(Status::kBadFraming);
  return readStruct(0, segments_[0].base, nestingLimit_, out);
}

Status Message::checkRange(uint32_t segment, int64_t start, uint64_t words) {
  uint64_t size = segments_[segment].words;
  if (start < 0 || static_cast<uint64_t>(start) > size || words > size - start)
    return Status::kOutOfBounds;
  return Status::kOk;
}

Status Message::charge(uint64_t words) {
  if (words == 0) words = 1;  // every followed pointer costs something
  if (words > traversalLeft_) {
    traversalLeft_ = 0;
    return Status::kTraversalLimit;
  }
  traversalLeft_ -= words;
  return Status::kOk;
}

Status Message::resolve(uint32_t segment, const uint8_t* loc, Resolved* r) {
  uint64_t ref = loadWord(loc);
  if (kindOf(ref) != 2) {
    int64_t at = (loc - segments_[segment].base) / 8;
    *r = {ref, segment, at + 1 + offsetOf(ref)};
    return Status::kOk;
  }
  bool twoWords = (ref & 4) != 0;
  uint64_t padOffset = (ref >> 3) & 0x1fffffff;
  uint32_t padSegment = static_cast<uint32_t>(ref >> 32);
  if (padSegment >= segmentCount_) return Status::kBadPointer;
  if (checkRange(padSegment, static_cast<int64_t>(padOffset), twoWords ? 2 : 1) != Status::kOk)
    return Status::kOutOfBounds;
  const uint8_t* pad = segments_[padSegment].base + padOffset * 8;
  uint64_t first = loadWord(pad);
  if (!twoWords) {
    // Single far: the landing pad is an ordinary pointer in padSegment.
    if (kindOf(first) == 2) return Status::kBadPointer;
    *r = {first, padSegment, static_cast<int64_t>(padOffset) + 1 + offsetOf(first)};
    return Status::kOk;
  }
  // Double far: a far pointer to the content, then a tag describing it.
  uint64_t tag = loadWord(pad + 8);
  if (kindOf(first) != 2 || (first & 4) != 0 || kindOf(tag) == 2) return Status::kBadPointer;
  uint32_t contentSegment = static_cast<uint32_t>(first >> 32);
  if (contentSegment >= segmentCount_) return Status::kBadPointer;
  *r = {tag, contentSegment, static_cast<int64_t>((first >> 3) & 0x1fffffff)};
  return Status::kOk;
}

Status Message::readStruct(uint32_t segment, const uint8_t* loc, uint32_t nestingLeft,
                           StructReader* out) {
  *out = StructReader();
  if (loadWord(loc) == 0) return Status::kOk;  // null: the default (empty) struct
  if (nestingLeft == 0) return fail(Status::kNestingLimit);
  Resolved r;
  Status s = resolve(segment, loc, &r);
  if (s != Status::kOk) return fail(s);
  if (kindOf(r.ref) == 3) return fail(otherPointer(r.ref));
  if (kindOf(r.ref) != 0) return fail(Status::kWrongType);
  uint16_t dataWords = structDataWords(r.ref);
  uint16_t ptrCount = structPtrCount(r.ref);
  uint64_t words = uint64_t{dataWords} + ptrCount;
  if ((s = checkRange(r.segment, r.target, words)) != Status::kOk) return fail(s);
  if ((s = charge(words)) != Status::kOk) return fail(s);
  out->msg_ = this;
  out->segment_ = r.segment;
  out->data_ = segments_[r.segment].base + r.target * 8;
  out->dataBytes_ = uint32_t{dataWords} * 8;
  out->ptrCount_ = ptrCount;
  out->nestingLeft_ = nestingLeft - 1;
  return Status::kOk;
}

Status Message::readList(uint32_t segment, const uint8_t* loc, uint32_t nestingLeft,
                         ListReader* out) {
  *out = ListReader();
  if (loadWord(loc) == 0) return Status::kOk;  // null: the empty list
  if (nestingLeft == 0) return fail(Status::kNestingLimit);
  Resolved r;
  Status s = resolve(segment, loc, &r);
  if (s != Status::kOk) return fail(s);
  if (kindOf(r.ref) == 3) return fail(otherPointer(r.ref));
  if (kindOf(r.ref) != 1) return fail(Status::kWrongType);
  auto size = static_cast<ElementSize>((r.ref >> 32) & 7);
  uint32_t count = static_cast<uint32_t>(r.ref >> 35);
  const uint8_t* base = segments_[r.segment].base;
  out->elementSize_ = size;
  if (size == ElementSize::kComposite) {
    // count is the word count of the elements; a struct-shaped tag precedes them.
    if ((s = checkRange(r.segment, r.target, uint64_t{count} + 1)) != Status::kOk) return fail(s);
    uint64_t tag = loadWord(base + r.target * 8);
    if (kindOf(tag) != 0) return fail(Status::kBadPointer);
    uint32_t elements = static_cast<uint32_t>(tag) >> 2;
    uint64_t perElement = uint64_t{structDataWords(tag)} + structPtrCount(tag);
    if (uint64_t{elements} * perElement > count) return fail(Status::kBadPointer);
    // Zero-sized elements cost one word each, so a tiny message cannot make
    // the caller loop over 2^30 of them for free.
    if ((s = charge(perElement == 0 ? elements : count)) != Status::kOk) return fail(s);
    out->base_ = base + (r.target + 1) * 8;
    out->count_ = elements;
    out->stepBytes_ = static_cast<uint32_t>(perElement * 8);
    out->elemDataBytes_ = uint32_t{structDataWords(tag)} * 8;
    out->elemPtrCount_ = structPtrCount(tag);
  } else {
    static constexpr uint8_t kBits[8] = {0, 1, 8, 16, 32, 64, 64, 0};
    uint64_t bits = kBits[static_cast<uint8_t>(size)];
    uint64_t words = (uint64_t{count} * bits + 63) / 64;
    if ((s = checkRange(r.segment, r.target, words)) != Status::kOk) return fail(s);
    if ((s = charge(size == ElementSize::kVoid ? count : words)) != Status::kOk) return fail(s);
    out->base_ = base + r.target * 8;
    out->count_ = count;
    out->stepBytes_ = static_cast<uint32_t>(bits / 8);
    out->elemDataBytes_ = size == ElementSize::kPointer ? 0 : out->stepBytes_;
    out->elemPtrCount_ = size == ElementSize::kPointer ? 1 : 0;
  }
  out->msg_ = this;
  out->segment_ = r.segment;
  out->nestingLeft_ = nestingLeft - 1;
  return Status::kOk;
}

Status readRoot(Message& msg, const void* buf, size_t len, StructReader* root, ReaderOptions opts) {
  *root = StructReader();
  Status s = msg.init(buf, len, opts);
  return s != Status::kOk ? s : msg.root(root);
}

// ---------------------------------------------------------------------------
// StructReader / ListReader

bool StructReader::boolean(uint32_t bitOffset) const {
  uint32_t byte = bitOffset / 8;
  if (byte >= dataBytes_) return false;
  return (data_[byte] >> (bitOffset % 8)) & 1;
}

const uint8_t* StructReader::pointerAt(uint16_t ptrIndex) const {
  if (ptrIndex >= ptrCount_) return nullptr;  // outside the struct: a null pointer
  return data_ + dataBytes_ + uint32_t{ptrIndex} * 8;
}

bool StructReader::isNull(uint16_t ptrIndex) const {
  const uint8_t* loc = pointerAt(ptrIndex);
  return loc == nullptr || loadWord(loc) == 0;
}

Status StructReader::getStruct(uint16_t ptrIndex, StructReader* out) const {
  const uint8_t* loc = pointerAt(ptrIndex);
  if (loc == nullptr) {
    *out = StructReader();
    return Status::kOk;
  }
  return msg_->readStruct(segment_, loc, nestingLeft_, out);
}

Status StructReader::list(uint16_t ptrIndex, ListReader* out) const {
  const uint8_t* loc = pointerAt(ptrIndex);
  if (loc == nullptr) {
    *out = ListReader();
    return Status::kOk;
  }
  return msg_->readList(segment_, loc, nestingLeft_, out);
}

Status StructReader::structList(uint16_t ptrIndex, ListReader* out) const {
  Status s = list(ptrIndex, out);
  if (s == Status::kOk && out->elementSize() == ElementSize::kBit) {
    *out = ListReader();
    return msg_->fail(Status::kWrongType);
  }
  return s;
}

// Shared by text() and data(): a list of bytes. The caller records failures
// (recording one twice is harmless: the first error sticks). Any present
// list of another element size is refused, even an empty one, as Cap'n
// Proto's own reader does: ring-3 services read the same messages with both.
static Status byteList(const StructReader& sr, uint16_t ptrIndex, ListReader* out) {
  Status s = sr.list(ptrIndex, out);
  if (s != Status::kOk) return s;
  if (out->elementSize() != ElementSize::kByte && !sr.isNull(ptrIndex)) {
    *out = ListReader();
    return Status::kWrongType;
  }
  return Status::kOk;
}

Status StructReader::data(uint16_t ptrIndex, const uint8_t** bytes, uint32_t* len) const {
  *bytes = nullptr;
  *len = 0;
  ListReader l;
  Status s = byteList(*this, ptrIndex, &l);
  if (s != Status::kOk) return msg_->fail(s);
  if (l.size() != 0) {
    *bytes = l.base_;
    *len = l.size();
  }
  return s;
}

Status StructReader::text(uint16_t ptrIndex, const char** str, uint32_t* len) const {
  *str = kEmptyText;
  *len = 0;
  ListReader l;
  Status s = byteList(*this, ptrIndex, &l);
  if (s != Status::kOk) return msg_->fail(s);
  if (l.size() == 0) {
    // A present but zero-length Text has no room for its NUL.
    return isNull(ptrIndex) ? Status::kOk : msg_->fail(Status::kBadText);
  }
  if (l.base_[l.size() - 1] != 0) return msg_->fail(Status::kBadText);
  *str = reinterpret_cast<const char*>(l.base_);
  *len = l.size() - 1;
  return Status::kOk;
}

Status ListReader::get(uint32_t i, StructReader* out) const {
  *out = StructReader();
  Status s = Status::kOk;
  if (i >= count_)
    s = Status::kIndexOutOfRange;
  else if (elementSize_ == ElementSize::kBit)
    s = Status::kWrongType;
  if (s != Status::kOk) return msg_ != nullptr ? msg_->fail(s) : s;
  out->msg_ = msg_;
  out->segment_ = segment_;
  out->data_ = base_ + uint64_t{i} * stepBytes_;
  out->dataBytes_ = elemDataBytes_;
  out->ptrCount_ = elemPtrCount_;
  out->nestingLeft_ = nestingLeft_;
  return Status::kOk;
}

StructReader ListReader::get(uint32_t i) const {
  StructReader out;
  get(i, &out);
  return out;
}

bool ListReader::boolean(uint32_t i) const {
  if (elementSize_ != ElementSize::kBit) return get(i).boolean(0);
  if (i >= count_) {
    if (msg_ != nullptr) msg_->fail(Status::kIndexOutOfRange);
    return false;
  }
  return (base_[i / 8] >> (i % 8)) & 1;
}

Status ListReader::text(uint32_t i, const char** str, uint32_t* len) const {
  StructReader element;
  Status s = get(i, &element);
  if (s != Status::kOk) {
    *str = kEmptyText;
    *len = 0;
    return s;
  }
  return element.text(uint16_t{0}, str, len);
}

}  // namespace capos::wire

// ---------------------------------------------------------------------------
// Builder: one segment, in stream framing, at buf + 8.
namespace capos::wire {
namespace {

uint64_t structRef(int64_t offset, uint16_t dataWords, uint16_t ptrCount) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(offset) << 2)) | (uint64_t{dataWords} << 32) |
         (uint64_t{ptrCount} << 48);
}
uint64_t listRef(int64_t offset, ElementSize size, uint32_t count) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(offset) << 2) | 1) |
         (uint64_t{static_cast<uint8_t>(size)} << 32) | (uint64_t{count} << 35);
}

}  // namespace

MessageBuilder::MessageBuilder(void* buf, size_t capacity)
    : buf_(static_cast<uint8_t*>(buf)), segment_(buf_ + 8), capacityWords_(0) {
  if (reinterpret_cast<uintptr_t>(buf_) % 8 != 0) {
    status_ = Status::kMisaligned;
    return;
  }
  if (capacity >= 8) capacityWords_ = (capacity - 8) / 8;
  // Offsets are 30-bit signed: keep the segment addressable from word 0.
  if (capacityWords_ > kMaxOffsetWords - 1) capacityWords_ = kMaxOffsetWords - 1;
}

Status MessageBuilder::fail(Status s) {
  if (status_ == Status::kOk) status_ = s;
  return s;
}

uint8_t* MessageBuilder::allocate(uint64_t words) {
  if (status_ == Status::kMisaligned) return nullptr;
  if (words > capacityWords_ - usedWords_) {
    fail(Status::kTooSmall);
    return nullptr;
  }
  uint8_t* p = segment_ + usedWords_ * 8;
  for (uint64_t i = 0; i < words; ++i) storeWord(p + i * 8, 0);
  usedWords_ += words;
  return p;
}

Status MessageBuilder::initRoot(uint16_t dataWords, uint16_t ptrCount, StructBuilder* root) {
  *root = StructBuilder();
  if (usedWords_ != 0) return fail(Status::kBadArgument);  // one root per message
  uint8_t* ref = allocate(1);
  uint8_t* body = ref ? allocate(uint64_t{dataWords} + ptrCount) : nullptr;
  if (body == nullptr) return status_;
  storeWord(ref, structRef(0, dataWords, ptrCount));
  *root = StructBuilder();
  root->msg_ = this;
  root->data_ = body;
  root->dataWords_ = dataWords;
  root->ptrCount_ = ptrCount;
  return Status::kOk;
}

Status MessageBuilder::finish(size_t* len) {
  *len = 0;
  if (status_ != Status::kOk) return status_;
  if (usedWords_ == 0) return fail(Status::kBadArgument);  // no root
  uint32_t table[2] = {0, static_cast<uint32_t>(usedWords_)};
  __builtin_memcpy(buf_, table, 8);
  *len = 8 + usedWords_ * 8;
  return Status::kOk;
}

// ---------------------------------------------------------------------------
// StructBuilder

void StructBuilder::badArgument() {
  if (msg_ != nullptr) msg_->fail(Status::kBadArgument);
}

void StructBuilder::setBool(uint32_t bitOffset, bool v) {
  uint32_t byte = bitOffset / 8;
  if (byte >= dataBytes()) return badArgument();
  uint8_t mask = static_cast<uint8_t>(1u << (bitOffset % 8));
  data_[byte] = v ? (data_[byte] | mask) : (data_[byte] & ~mask);
}

uint8_t* StructBuilder::pointerSlot(uint16_t ptrIndex) {
  if (msg_ == nullptr || ptrIndex >= ptrCount_) {
    badArgument();
    return nullptr;
  }
  return data_ + dataBytes() + uint32_t{ptrIndex} * 8;
}

Status StructBuilder::setData(uint16_t ptrIndex, const void* bytes, uint32_t len) {
  uint8_t* slot = pointerSlot(ptrIndex);
  if (slot == nullptr) return Status::kBadArgument;
  if (len >= kMaxOffsetWords) return msg_->fail(Status::kBadArgument);
  uint8_t* body = msg_->allocate((uint64_t{len} + 7) / 8);
  if (body == nullptr) return msg_->status();
  const uint8_t* src = static_cast<const uint8_t*>(bytes);
  for (uint32_t i = 0; i < len; ++i) body[i] = src[i];
  int64_t offset = msg_->wordIndex(body) - msg_->wordIndex(slot) - 1;
  storeWord(slot, listRef(offset, ElementSize::kByte, len));
  return Status::kOk;
}

Status StructBuilder::setText(uint16_t ptrIndex, const char* str, uint32_t len) {
  uint8_t* slot = pointerSlot(ptrIndex);
  if (slot == nullptr) return Status::kBadArgument;
  if (len >= kMaxOffsetWords - 1) return msg_->fail(Status::kBadArgument);
  // allocate() zeroes, so the NUL after the copied bytes is already there.
  uint8_t* body = msg_->allocate((uint64_t{len} + 1 + 7) / 8);
  if (body == nullptr) return msg_->status();
  for (uint32_t i = 0; i < len; ++i) body[i] = static_cast<uint8_t>(str[i]);
  int64_t offset = msg_->wordIndex(body) - msg_->wordIndex(slot) - 1;
  storeWord(slot, listRef(offset, ElementSize::kByte, len + 1));
  return Status::kOk;
}

Status StructBuilder::initStruct(uint16_t ptrIndex, uint16_t dataWords, uint16_t ptrCount,
                                 StructBuilder* out) {
  *out = StructBuilder();
  uint8_t* slot = pointerSlot(ptrIndex);
  if (slot == nullptr) return Status::kBadArgument;
  uint8_t* body = msg_->allocate(uint64_t{dataWords} + ptrCount);
  if (body == nullptr) return msg_->status();
  storeWord(slot,
            structRef(msg_->wordIndex(body) - msg_->wordIndex(slot) - 1, dataWords, ptrCount));
  out->msg_ = msg_;
  out->data_ = body;
  out->dataWords_ = dataWords;
  out->ptrCount_ = ptrCount;
  return Status::kOk;
}

Status StructBuilder::initStructList(uint16_t ptrIndex, uint32_t count, uint16_t dataWords,
                                     uint16_t ptrCount, StructListBuilder* out) {
  *out = StructListBuilder();
  uint8_t* slot = pointerSlot(ptrIndex);
  if (slot == nullptr) return Status::kBadArgument;
  uint64_t words = uint64_t{count} * (uint64_t{dataWords} + ptrCount);
  if (words >= kMaxOffsetWords || count >= (1u << 30)) return msg_->fail(Status::kBadArgument);
  uint8_t* tag = msg_->allocate(words + 1);
  if (tag == nullptr) return msg_->status();
  storeWord(tag, structRef(count, dataWords, ptrCount));  // the count sits in the offset field
  storeWord(slot, listRef(msg_->wordIndex(tag) - msg_->wordIndex(slot) - 1, ElementSize::kComposite,
                          static_cast<uint32_t>(words)));
  out->msg_ = msg_;
  out->base_ = tag + 8;
  out->count_ = count;
  out->dataWords_ = dataWords;
  out->ptrCount_ = ptrCount;
  return Status::kOk;
}

StructBuilder StructListBuilder::get(uint32_t i) const {
  StructBuilder b;
  if (i >= count_) {
    if (msg_ != nullptr) msg_->fail(Status::kBadArgument);
    return b;
  }
  b.msg_ = msg_;
  b.data_ = base_ + uint64_t{i} * (uint64_t{dataWords_} + ptrCount_) * 8;
  b.dataWords_ = dataWords_;
  b.ptrCount_ = ptrCount_;
  return b;
}

}  // namespace capos::wire
