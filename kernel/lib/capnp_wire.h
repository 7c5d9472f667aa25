// A small bounds-checked Cap'n Proto wire codec for the kernel.
//
// Freestanding: no libc, no allocation, no floating point, no SSE. All state
// lives in caller storage. Field locations come from the layout headers that
// tools/capnp-kernel-gen generates from schema/*.capnp ("layout/*.layout.h"),
// never from hand-written offsets.
//
// Reading (input is hostile):
//   wire::Message msg;                       // holds the segment table
//   wire::StructReader root;
//   if (wire::readRoot(msg, buf, len, &root) != wire::Status::kOk) ...
//   uint64_t ns = root.get(layout::Timer::SleepParams::kNs);
//   const char* s; uint32_t n;
//   root.text(layout::Console::WriteParams::kText, &s, &n);
//   if (!msg.ok()) -> msg.status() is the first failure of any read.
// Primitive reads never fail: a field outside the data section reads as its
// default (schema evolution). Pointer reads return a Status and also record
// the first failure in the Message ("sticky"), so a caller may check once at
// the end; on failure their outputs are the field's default (empty).
//
// Building (output is our own): a single segment in stream framing, written
// into a caller buffer; every allocation is checked against its capacity.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace capos::wire {

enum class Status : uint8_t {
  kOk = 0,
  kMisaligned,       // buffer not 8-byte aligned
  kTruncated,        // buffer shorter than the segment table says
  kBadFraming,       // segment count over kMaxSegments, or empty first segment
  kOutOfBounds,      // pointer target outside its segment
  kBadPointer,       // reserved pointer kind, malformed far pointer or list tag
  kCapability,       // capability pointer: kernel messages never carry one
  kWrongType,        // pointer kind or list element size does not fit the read
  kBadText,          // Text not NUL-terminated
  kTraversalLimit,   // more words read than the traversal budget allows
  kNestingLimit,     // pointers nested deeper than the nesting limit
  kIndexOutOfRange,  // list index >= size
  kTooSmall,         // builder: the buffer cannot hold the message
  kBadArgument,      // builder: field outside the struct, count too large
};
const char* statusName(Status s);

// Field descriptors, emitted by capnp-kernel-gen. Offsets are in bytes for
// data fields and bits for Bool; pointer fields give the pointer index.
template <typename T>
struct DataField {
  uint32_t byteOffset;
  T defaultValue;  // stored XOR-ed on the wire
};
struct BoolField {
  uint32_t bitOffset;
  bool defaultValue;
};
struct TextField {
  uint16_t ptrIndex;
};
struct DataBlobField {
  uint16_t ptrIndex;
};
struct StructField {
  uint16_t ptrIndex;
};
struct ListField {
  uint16_t ptrIndex;
};
struct AnyPointerField {
  uint16_t ptrIndex;
};
struct CapabilityField {
  uint16_t ptrIndex;
};

enum class ElementSize : uint8_t {
  kVoid = 0,
  kBit = 1,
  kByte = 2,
  kTwoBytes = 3,
  kFourBytes = 4,
  kEightBytes = 5,
  kPointer = 6,
  kComposite = 7,
};

inline constexpr uint32_t kMaxSegments = 16;

struct ReaderOptions {
  uint64_t traversalLimitWords = 1u << 20;  // 8 MiB of reads
  uint32_t nestingLimit = 32;
};

class Message;
class ListReader;

// A view of one struct. Default-constructed: every field reads as default.
class StructReader {
 public:
  uint8_t u8(uint32_t byteOffset) const { return load<uint8_t>(byteOffset); }
  uint16_t u16(uint32_t byteOffset) const { return load<uint16_t>(byteOffset); }
  uint32_t u32(uint32_t byteOffset) const { return load<uint32_t>(byteOffset); }
  uint64_t u64(uint32_t byteOffset) const { return load<uint64_t>(byteOffset); }
  bool boolean(uint32_t bitOffset) const;

  template <typename T>
  T get(DataField<T> f) const {
    return static_cast<T>(load<T>(f.byteOffset) ^ f.defaultValue);
  }
  bool get(BoolField f) const { return boolean(f.bitOffset) != f.defaultValue; }

  // Text: *str points at len bytes followed by a NUL inside the message; a
  // null pointer reads as "" (never a null *str).
  Status text(uint16_t ptrIndex, const char** str, uint32_t* len) const;
  // Data: a null pointer reads as (nullptr, 0).
  Status data(uint16_t ptrIndex, const uint8_t** bytes, uint32_t* len) const;
  Status getStruct(uint16_t ptrIndex, StructReader* out) const;
  // Any list; struct lists also accept primitive/pointer lists (capnp's
  // upgrade rule), but not bit lists.
  Status list(uint16_t ptrIndex, ListReader* out) const;
  Status structList(uint16_t ptrIndex, ListReader* out) const;
  bool isNull(uint16_t ptrIndex) const;

  Status text(TextField f, const char** str, uint32_t* len) const {
    return text(f.ptrIndex, str, len);
  }
  Status data(DataBlobField f, const uint8_t** bytes, uint32_t* len) const {
    return data(f.ptrIndex, bytes, len);
  }
  Status getStruct(StructField f, StructReader* out) const { return getStruct(f.ptrIndex, out); }
  Status list(ListField f, ListReader* out) const { return list(f.ptrIndex, out); }
  Status structList(ListField f, ListReader* out) const { return structList(f.ptrIndex, out); }

  uint32_t dataBytes() const { return dataBytes_; }
  uint16_t pointerCount() const { return ptrCount_; }

 private:
  friend class Message;
  friend class ListReader;

  template <typename T>
  T load(uint32_t byteOffset) const {
    T v = 0;
    if (byteOffset < dataBytes_ && sizeof(T) <= dataBytes_ - byteOffset)
      __builtin_memcpy(&v, data_ + byteOffset, sizeof(T));
    return v;
  }
  const uint8_t* pointerAt(uint16_t ptrIndex) const;

  Message* msg_ = nullptr;
  const uint8_t* data_ = nullptr;
  uint32_t segment_ = 0;
  uint32_t dataBytes_ = 0;
  uint16_t ptrCount_ = 0;
  uint32_t nestingLeft_ = 0;
};

class ListReader {
 public:
  uint32_t size() const { return count_; }
  ElementSize elementSize() const { return elementSize_; }
  // Element i as a struct (a primitive element is a struct whose data
  // section is that value; a pointer element a struct with one pointer).
  // Out of range or a bit list: an empty struct, and a sticky error.
  StructReader get(uint32_t i) const;
  Status get(uint32_t i, StructReader* out) const;
  uint8_t u8(uint32_t i) const { return get(i).u8(0); }
  uint16_t u16(uint32_t i) const { return get(i).u16(0); }
  uint32_t u32(uint32_t i) const { return get(i).u32(0); }
  uint64_t u64(uint32_t i) const { return get(i).u64(0); }
  bool boolean(uint32_t i) const;
  Status text(uint32_t i, const char** str, uint32_t* len) const;  // List(Text)

 private:
  friend class Message;
  friend class StructReader;

  Message* msg_ = nullptr;
  const uint8_t* base_ = nullptr;
  uint32_t segment_ = 0;
  uint32_t count_ = 0;
  uint32_t stepBytes_ = 0;  // unused for bit lists
  uint32_t elemDataBytes_ = 0;
  uint16_t elemPtrCount_ = 0;
  ElementSize elementSize_ = ElementSize::kVoid;
  uint32_t nestingLeft_ = 0;
};

// The segment table and limits of one message being read. Readers derived
// from it point into it and into the caller's buffer: both must outlive them.
class Message {
 public:
  Message() = default;
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;

  // Validates the stream framing of buf[0, len). buf must be 8-byte aligned
  // and must not change while readers are in use (the kernel reads a private
  // copy). Bytes after the last segment are ignored (see usedBytes()).
  Status init(const void* buf, size_t len, ReaderOptions opts = {});
  Status root(StructReader* out);
  size_t usedBytes() const { return usedBytes_; }

  bool ok() const { return status_ == Status::kOk; }
  Status status() const { return status_; }

 private:
  friend class StructReader;
  friend class ListReader;

  struct Segment {
    const uint8_t* base;
    uint32_t words;
  };
  // A pointer after following far pointers: the pointer word that describes
  // the target, and the target's segment and word index (may be out of range).
  struct Resolved {
    uint64_t ref;
    uint32_t segment;
    int64_t target;
  };

  Status fail(Status s);
  Status resolve(uint32_t segment, const uint8_t* loc, Resolved* r);
  Status checkRange(uint32_t segment, int64_t start, uint64_t words);
  Status charge(uint64_t words);
  Status readStruct(uint32_t segment, const uint8_t* loc, uint32_t nestingLeft, StructReader* out);
  Status readList(uint32_t segment, const uint8_t* loc, uint32_t nestingLeft, ListReader* out);

  Segment segments_[kMaxSegments] = {};
  uint32_t segmentCount_ = 0;
  size_t usedBytes_ = 0;
  uint64_t traversalLeft_ = 0;
  uint32_t nestingLimit_ = 0;
  Status status_ = Status::kBadFraming;  // until init() succeeds
};

// Convenience: msg.init(buf, len, opts) then msg.root(root).
Status readRoot(Message& msg, const void* buf, size_t len, StructReader* root,
                ReaderOptions opts = {});

class MessageBuilder;
class StructListBuilder;

// A struct being written. Setters outside the struct's sections are ignored
// and recorded as kBadArgument in the builder (a schema/code mismatch).
class StructBuilder {
 public:
  void setU8(uint32_t byteOffset, uint8_t v) { store(byteOffset, v); }
  void setU16(uint32_t byteOffset, uint16_t v) { store(byteOffset, v); }
  void setU32(uint32_t byteOffset, uint32_t v) { store(byteOffset, v); }
  void setU64(uint32_t byteOffset, uint64_t v) { store(byteOffset, v); }
  void setBool(uint32_t bitOffset, bool v);

  template <typename T>
  void set(DataField<T> f, T v) {
    store(f.byteOffset, static_cast<T>(v ^ f.defaultValue));
  }
  void set(BoolField f, bool v) { setBool(f.bitOffset, v != f.defaultValue); }

  // Setting a pointer twice leaves the first target as unreachable bytes.
  Status setText(uint16_t ptrIndex, const char* str, uint32_t len);
  Status setData(uint16_t ptrIndex, const void* bytes, uint32_t len);
  Status initStruct(uint16_t ptrIndex, uint16_t dataWords, uint16_t ptrCount, StructBuilder* out);
  Status initStructList(uint16_t ptrIndex, uint32_t count, uint16_t dataWords, uint16_t ptrCount,
                        StructListBuilder* out);

  Status setText(TextField f, const char* str, uint32_t len) {
    return setText(f.ptrIndex, str, len);
  }
  Status setData(DataBlobField f, const void* bytes, uint32_t len) {
    return setData(f.ptrIndex, bytes, len);
  }
  template <typename Layout>
  Status initStruct(StructField f, StructBuilder* out) {
    return initStruct(f.ptrIndex, Layout::kDataWords, Layout::kPointerCount, out);
  }
  template <typename Layout>
  Status initStructList(ListField f, uint32_t count, StructListBuilder* out) {
    return initStructList(f.ptrIndex, count, Layout::kDataWords, Layout::kPointerCount, out);
  }

 private:
  friend class MessageBuilder;
  friend class StructListBuilder;

  template <typename T>
  void store(uint32_t byteOffset, T v) {
    if (byteOffset < dataBytes() && sizeof(T) <= dataBytes() - byteOffset)
      __builtin_memcpy(data_ + byteOffset, &v, sizeof(T));
    else
      badArgument();
  }
  uint32_t dataBytes() const { return uint32_t{dataWords_} * 8; }
  void badArgument();
  uint8_t* pointerSlot(uint16_t ptrIndex);

  MessageBuilder* msg_ = nullptr;
  uint8_t* data_ = nullptr;
  uint16_t dataWords_ = 0;
  uint16_t ptrCount_ = 0;
};

class StructListBuilder {
 public:
  uint32_t size() const { return count_; }
  StructBuilder get(uint32_t i) const;  // out of range: a no-op builder + kBadArgument

 private:
  friend class StructBuilder;
  MessageBuilder* msg_ = nullptr;
  uint8_t* base_ = nullptr;
  uint32_t count_ = 0;
  uint16_t dataWords_ = 0;
  uint16_t ptrCount_ = 0;
};

class MessageBuilder {
 public:
  // buf must be 8-byte aligned (else every call returns kMisaligned).
  MessageBuilder(void* buf, size_t capacity);
  MessageBuilder(const MessageBuilder&) = delete;
  MessageBuilder& operator=(const MessageBuilder&) = delete;

  Status initRoot(uint16_t dataWords, uint16_t ptrCount, StructBuilder* root);
  template <typename Layout>
  Status initRoot(StructBuilder* root) {
    return initRoot(Layout::kDataWords, Layout::kPointerCount, root);
  }
  // Writes the segment table; *len = bytes of the framed message. Returns the
  // first error of any earlier call (kTooSmall when the buffer ran out).
  Status finish(size_t* len);
  Status status() const { return status_; }

 private:
  friend class StructBuilder;
  friend class StructListBuilder;

  Status fail(Status s);
  // Zeroed words at the end of the segment, or nullptr (kTooSmall recorded).
  uint8_t* allocate(uint64_t words);
  int64_t wordIndex(const uint8_t* p) const { return (p - segment_) / 8; }

  uint8_t* buf_;
  uint8_t* segment_;
  uint64_t capacityWords_;  // of the segment, after the 8-byte table
  uint64_t usedWords_ = 0;
  Status status_ = Status::kOk;
};

}  // namespace capos::wire
