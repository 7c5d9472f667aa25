// Interop and bad-input tests for the kernel's Cap'n Proto codec. Messages
// built by the official library are read with the generated layout; messages
// built by our builder are read back by the official library; every class of
// malformed input is rejected with its typed status.
#include "kernel/lib/capnp_wire.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

#include "layout/boot_manifest.capnp.layout.h"
#include "layout/kernel.capnp.layout.h"
#include "schema/boot_manifest.capnp.h"
#include "schema/kernel.capnp.h"

namespace capos::wire {
namespace {

namespace L = capos::layout;
namespace S = capos::schema;

// A message in stream framing, in 8-byte-aligned storage.
struct Flat {
  std::vector<uint64_t> words;
  size_t bytes() const { return words.size() * 8; }
};

Flat flatten(capnp::MessageBuilder& b) {
  auto arr = capnp::messageToFlatArray(b);
  Flat f;
  f.words.resize(arr.size());
  std::memcpy(f.words.data(), arr.begin(), arr.size() * 8);
  return f;
}

// A single-segment message from raw segment words.
Flat frame(std::vector<uint64_t> seg) {
  Flat f;
  f.words.push_back(uint64_t{seg.size()} << 32);
  f.words.insert(f.words.end(), seg.begin(), seg.end());
  return f;
}

uint64_t structPtr(int32_t off, uint16_t dw, uint16_t pc) {
  return uint64_t(uint32_t(off) << 2) | uint64_t(dw) << 32 | uint64_t(pc) << 48;
}
uint64_t listPtr(int32_t off, uint8_t size, uint32_t count) {
  return uint64_t(uint32_t(off) << 2) | 1 | uint64_t(size) << 32 | uint64_t(count) << 35;
}
uint64_t farPtr(bool twoWords, uint32_t off, uint32_t seg) {
  return 2 | (twoWords ? 4 : 0) | uint64_t(off) << 3 | uint64_t(seg) << 32;
}

Status readRootOf(Message& m, const Flat& f, StructReader* root, ReaderOptions o = {}) {
  return readRoot(m, f.words.data(), f.bytes(), root, o);
}

std::string textOf(const StructReader& s, TextField f) {
  const char* p;
  uint32_t n;
  EXPECT_EQ(s.text(f, &p, &n), Status::kOk);
  EXPECT_EQ(p[n], 0);
  return std::string(p, n);
}

TEST(CapnpWireInterop, ReadsOfficialConsoleWrite) {
  capnp::MallocMessageBuilder b;
  b.initRoot<S::Console::WriteParams>().setText("hello, kernel");
  Flat f = flatten(b);
  Message m;
  StructReader root;
  ASSERT_EQ(readRootOf(m, f, &root), Status::kOk);
  EXPECT_EQ(textOf(root, L::Console::WriteParams::kText), "hello, kernel");
  EXPECT_TRUE(m.ok());
  EXPECT_EQ(m.usedBytes(), f.bytes());
}

TEST(CapnpWireInterop, ReadsOfficialSpawnWithGrantList) {
  capnp::MallocMessageBuilder b;
  auto p = b.initRoot<S::ProcessSpawner::SpawnParams>();
  p.setName("chat");
  p.setBinary("chat-server");
  p.setHeapPages(77);
  auto grants = p.initGrants(3);
  for (uint32_t i = 0; i < 3; ++i) {
    grants[i].setName(("cap" + std::to_string(i)).c_str());
    grants[i].setCapIndex(10 + i);
  }
  Flat f = flatten(b);
  Message m;
  StructReader root;
  ASSERT_EQ(readRootOf(m, f, &root), Status::kOk);
  using P = L::ProcessSpawner::SpawnParams;
  using G = L::ProcessSpawner::Grant;
  EXPECT_EQ(textOf(root, P::kName), "chat");
  EXPECT_EQ(textOf(root, P::kBinary), "chat-server");
  EXPECT_EQ(root.get(P::kHeapPages), 77u);
  ListReader list;
  ASSERT_EQ(root.structList(P::kGrants, &list), Status::kOk);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list.elementSize(), ElementSize::kComposite);
  for (uint32_t i = 0; i < 3; ++i) {
    StructReader g = list.get(i);
    EXPECT_EQ(textOf(g, G::kName), "cap" + std::to_string(i));
    EXPECT_EQ(g.get(G::kCapIndex), 10 + i);
  }
  EXPECT_TRUE(m.ok());
}

TEST(CapnpWireInterop, ReadsOfficialManifestNestedStructsAndBools) {
  capnp::MallocMessageBuilder b;
  auto man = b.initRoot<S::BootManifest>();
  man.initOptions().setExitWhenIdle(true);
  auto svcs = man.initServices(2);
  svcs[0].setName("init");
  svcs[1].setName("gateway");
  svcs[1].initGrants(1)[0].setKind(S::BootManifest::CapKind::PROCESS_SPAWNER);
  Flat f = flatten(b);
  Message m;
  StructReader root, opts;
  ASSERT_EQ(readRootOf(m, f, &root), Status::kOk);
  ASSERT_EQ(root.getStruct(L::BootManifest::kOptions, &opts), Status::kOk);
  EXPECT_TRUE(opts.get(L::BootManifest::Options::kExitWhenIdle));
  ListReader svc, grants;
  ASSERT_EQ(root.structList(L::BootManifest::kServices, &svc), Status::kOk);
  ASSERT_EQ(svc.size(), 2u);
  EXPECT_EQ(textOf(svc.get(1), L::BootManifest::Service::kName), "gateway");
  ASSERT_EQ(svc.get(1).structList(L::BootManifest::Service::kGrants, &grants), Status::kOk);
  ASSERT_EQ(grants.size(), 1u);
  EXPECT_EQ(grants.get(0).get(L::BootManifest::Grant::kKind),
            uint16_t(L::BootManifest::CapKind::kProcessSpawner));
  // Absent pointers read as defaults, not errors.
  ListReader none;
  EXPECT_EQ(svc.get(0).structList(L::BootManifest::Service::kGrants, &none), Status::kOk);
  EXPECT_EQ(none.size(), 0u);
  EXPECT_EQ(textOf(svc.get(0), L::BootManifest::Service::kBinary), "");
  EXPECT_TRUE(m.ok());
}

TEST(CapnpWireInterop, ReadsOfficialMultiSegmentFarPointers) {
  // One-word segments force every object into its own segment behind a far
  // pointer (and double-far ones where no landing pad fits).
  capnp::MallocMessageBuilder b(1, capnp::AllocationStrategy::FIXED_SIZE);
  auto p = b.initRoot<S::BootPackage::ReadParams>();
  p.setName("some-resource-name");
  p.setOffset(0x1122334455667788ull);
  p.setLength(4096);
  Flat f = flatten(b);
  ASSERT_GT(f.words[0] & 0xffffffff, 0u) << "expected several segments";
  Message m;
  StructReader root;
  ASSERT_EQ(readRootOf(m, f, &root), Status::kOk);
  using P = L::BootPackage::ReadParams;
  EXPECT_EQ(root.get(P::kOffset), 0x1122334455667788ull);
  EXPECT_EQ(root.get(P::kLength), 4096u);
  EXPECT_EQ(textOf(root, P::kName), "some-resource-name");
  EXPECT_TRUE(m.ok());
}

TEST(CapnpWireInterop, ReadsDoubleFarPointer) {
  // seg0: root = double far -> seg1[0..1] = (far to seg2 @0, struct tag).
  Flat f;
  f.words = {uint64_t{2} | uint64_t{1} << 32,
             uint64_t{2} | uint64_t{1} << 32,  // 3 segs: 1,2,1
             farPtr(true, 0, 1),
             farPtr(false, 0, 2),
             structPtr(0, 1, 0),
             0xabcdefull};
  Message m;
  StructReader root;
  ASSERT_EQ(readRootOf(m, f, &root), Status::kOk);
  EXPECT_EQ(root.u64(0), 0xabcdefull);
}

TEST(CapnpWireInterop, BuilderOutputReadByOfficialLibrary) {
  alignas(8) uint8_t buf[512];
  MessageBuilder mb(buf, sizeof(buf));
  StructBuilder root;
  using P = L::ProcessSpawner::SpawnParams;
  using G = L::ProcessSpawner::Grant;
  ASSERT_EQ(mb.initRoot<P>(&root), Status::kOk);
  root.set(P::kHeapPages, 9u);
  ASSERT_EQ(root.setText(P::kName, "web", 3), Status::kOk);
  ASSERT_EQ(root.setText(P::kBinary, "web-ui", 6), Status::kOk);
  StructListBuilder gl;
  ASSERT_EQ(root.initStructList<G>(P::kGrants, 2, &gl), Status::kOk);
  for (uint32_t i = 0; i < gl.size(); ++i) {
    gl.get(i).set(G::kCapIndex, uint16_t(5 + i));
    ASSERT_EQ(gl.get(i).setText(G::kName, "console", 7), Status::kOk);
  }
  size_t len = 0;
  ASSERT_EQ(mb.finish(&len), Status::kOk);

  kj::ArrayPtr<const capnp::word> words(reinterpret_cast<const capnp::word*>(buf), len / 8);
  capnp::FlatArrayMessageReader r(words);
  auto p = r.getRoot<S::ProcessSpawner::SpawnParams>();
  EXPECT_EQ(p.getName(), "web");
  EXPECT_EQ(p.getBinary(), "web-ui");
  EXPECT_EQ(p.getHeapPages(), 9u);
  ASSERT_EQ(p.getGrants().size(), 2u);
  EXPECT_EQ(p.getGrants()[1].getCapIndex(), 6u);
  EXPECT_EQ(p.getGrants()[0].getName(), "console");
}

TEST(CapnpWireInterop, BuilderDataBoolNestedStruct) {
  alignas(8) uint8_t buf[256];
  MessageBuilder mb(buf, sizeof(buf));
  StructBuilder root, opts;
  ASSERT_EQ(mb.initRoot<L::BootManifest>(&root), Status::kOk);
  ASSERT_EQ(root.initStruct<L::BootManifest::Options>(L::BootManifest::kOptions, &opts),
            Status::kOk);
  opts.set(L::BootManifest::Options::kExitWhenIdle, true);
  size_t len;
  ASSERT_EQ(mb.finish(&len), Status::kOk);
  capnp::FlatArrayMessageReader r(
      kj::ArrayPtr<const capnp::word>(reinterpret_cast<const capnp::word*>(buf), len / 8));
  EXPECT_TRUE(r.getRoot<S::BootManifest>().getOptions().getExitWhenIdle());

  MessageBuilder db(buf, sizeof(buf));
  ASSERT_EQ(db.initRoot<L::BootPackage::ReadResults>(&root), Status::kOk);
  const uint8_t bytes[5] = {1, 2, 0, 4, 5};
  ASSERT_EQ(root.setData(L::BootPackage::ReadResults::kData, bytes, 5), Status::kOk);
  ASSERT_EQ(db.finish(&len), Status::kOk);
  capnp::FlatArrayMessageReader r2(
      kj::ArrayPtr<const capnp::word>(reinterpret_cast<const capnp::word*>(buf), len / 8));
  auto d = r2.getRoot<S::BootPackage::ReadResults>().getData();
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d[3], 4);
}

TEST(CapnpWireBuilder, TooSmallAndBadArguments) {
  alignas(8) uint8_t buf[32];  // table + root pointer + 2 words
  MessageBuilder mb(buf, sizeof(buf));
  StructBuilder root;
  ASSERT_EQ(mb.initRoot(0, 1, &root), Status::kOk);
  EXPECT_EQ(root.setText(0, "this does not fit", 17), Status::kTooSmall);
  size_t len = 1;
  EXPECT_EQ(mb.finish(&len), Status::kTooSmall);
  EXPECT_EQ(len, 0u);

  alignas(8) uint8_t big[128];
  MessageBuilder mb2(big, sizeof(big));
  ASSERT_EQ(mb2.initRoot(1, 1, &root), Status::kOk);
  root.setU64(8, 1);  // outside the one data word
  EXPECT_EQ(mb2.status(), Status::kBadArgument);
  EXPECT_EQ(root.setText(1, "x", 1), Status::kBadArgument);

  MessageBuilder mis(big + 4, 64);
  EXPECT_EQ(mis.initRoot(1, 0, &root), Status::kMisaligned);
}

TEST(CapnpWireReader, PrimitiveAndBitLists) {
  // root {0 data, 4 ptrs}: List(UInt16) [1,2,3], List(Bool) 10 bits,
  // List(UInt64) [big], List(Text) ["ab"].
  Flat f = frame({structPtr(0, 0, 4), listPtr(3, 3, 3), listPtr(3, 1, 10), listPtr(3, 5, 1),
                  listPtr(3, 6, 1), 0x0000000300020001ull, 0x0205ull, 0xfeedfacecafebeefull,
                  listPtr(0, 2, 3), 0x006261ull});
  Message m;
  StructReader root;
  ASSERT_EQ(readRootOf(m, f, &root), Status::kOk);
  ListReader l;
  ASSERT_EQ(root.list(0, &l), Status::kOk);
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l.u16(2), 3u);
  ASSERT_EQ(root.list(1, &l), Status::kOk);
  EXPECT_TRUE(l.boolean(0));
  EXPECT_FALSE(l.boolean(1));
  EXPECT_TRUE(l.boolean(9));
  ASSERT_EQ(root.list(2, &l), Status::kOk);
  EXPECT_EQ(l.u64(0), 0xfeedfacecafebeefull);
  ASSERT_EQ(root.list(3, &l), Status::kOk);
  const char* s;
  uint32_t n;
  ASSERT_EQ(l.text(0, &s, &n), Status::kOk);
  EXPECT_EQ(std::string(s, n), "ab");
  // A bit list is not a struct list.
  EXPECT_EQ(root.structList(1, &l), Status::kWrongType);
}

// ---------------------------------------------------------------------------
// Malformed input: each class is rejected with its status, never a crash.

Status readText(const Flat& f, ReaderOptions o = {}) {
  Message m;
  StructReader root;
  Status s = readRootOf(m, f, &root, o);
  if (s != Status::kOk) return s;
  const char* p;
  uint32_t n;
  s = root.text(0, &p, &n);
  EXPECT_EQ(s, m.status());  // sticky
  EXPECT_NE(p, nullptr);
  return s;
}

TEST(CapnpWireMalformed, Framing) {
  Flat ok = frame({structPtr(0, 1, 0), 5});
  Message m;
  StructReader root;
  EXPECT_EQ(readRoot(m, ok.words.data(), 7, &root), Status::kTruncated);
  EXPECT_EQ(readRoot(m, ok.words.data(), 16, &root), Status::kTruncated);  // size says 2
  EXPECT_EQ(readRoot(m, reinterpret_cast<uint8_t*>(ok.words.data()) + 4, 16, &root),
            Status::kMisaligned);
  Flat many = ok;
  many.words[0] = 16;  // 17 segments
  EXPECT_EQ(readRootOf(m, many, &root), Status::kBadFraming);
  many.words[0] = 0xffffffff;  // count wraps
  EXPECT_EQ(readRootOf(m, many, &root), Status::kBadFraming);
  Flat empty;
  empty.words = {0};
  EXPECT_EQ(readRootOf(m, empty, &root), Status::kBadFraming);
  Flat twoSeg;
  twoSeg.words = {1 | uint64_t{1} << 32, 0xffffffffull, structPtr(0, 0, 0)};
  EXPECT_EQ(readRootOf(m, twoSeg, &root), Status::kTruncated);
  EXPECT_FALSE(m.ok());
}

TEST(CapnpWireMalformed, StructPointers) {
  Message m;
  StructReader root;
  EXPECT_EQ(readRootOf(m, frame({structPtr(0, 2, 0), 1}), &root), Status::kOutOfBounds);
  EXPECT_EQ(readRootOf(m, frame({structPtr(-2, 1, 0), 1}), &root), Status::kOutOfBounds);
  EXPECT_EQ(readRootOf(m, frame({structPtr(0x1fffffff, 1, 0)}), &root), Status::kOutOfBounds);
  EXPECT_EQ(readRootOf(m, frame({listPtr(0, 2, 1), 0}), &root), Status::kWrongType);
  EXPECT_EQ(readRootOf(m, frame({3 | uint64_t{0} << 32}), &root), Status::kCapability);
  EXPECT_EQ(readRootOf(m, frame({7}), &root), Status::kBadPointer);
  // Null root: the empty struct, every field default.
  ASSERT_EQ(readRootOf(m, frame({0}), &root), Status::kOk);
  EXPECT_EQ(root.u64(0), 0u);
  EXPECT_TRUE(root.isNull(0));
}

TEST(CapnpWireMalformed, FarPointers) {
  Message m;
  StructReader root;
  EXPECT_EQ(readRootOf(m, frame({farPtr(false, 0, 1)}), &root), Status::kBadPointer);
  EXPECT_EQ(readRootOf(m, frame({farPtr(false, 5, 0)}), &root), Status::kOutOfBounds);
  EXPECT_EQ(readRootOf(m, frame({farPtr(false, 0, 0)}), &root), Status::kBadPointer);  // far->far
  EXPECT_EQ(readRootOf(m, frame({farPtr(true, 1, 0), 0}), &root), Status::kOutOfBounds);
  // Double far whose first pad word is not a far pointer, or a far tag.
  EXPECT_EQ(readRootOf(m, frame({farPtr(true, 1, 0), 0, structPtr(0, 0, 0)}), &root),
            Status::kBadPointer);
  EXPECT_EQ(
      readRootOf(m, frame({farPtr(true, 1, 0), farPtr(false, 0, 0), farPtr(false, 0, 0)}), &root),
      Status::kBadPointer);
  EXPECT_EQ(
      readRootOf(m, frame({farPtr(true, 1, 0), farPtr(false, 0, 3), structPtr(0, 1, 0)}), &root),
      Status::kBadPointer);
  EXPECT_EQ(
      readRootOf(m, frame({farPtr(true, 1, 0), farPtr(false, 2, 0), structPtr(0, 2, 0)}), &root),
      Status::kOutOfBounds);
}

TEST(CapnpWireMalformed, ListsAndText) {
  EXPECT_EQ(readText(frame({structPtr(0, 0, 1), listPtr(0, 2, 9), 0})), Status::kOutOfBounds);
  EXPECT_EQ(readText(frame({structPtr(0, 0, 1), listPtr(0, 2, 3), 0x636261})),
            Status::kBadText);  // "abc" without NUL
  EXPECT_EQ(readText(frame({structPtr(0, 0, 1), listPtr(0, 2, 0)})), Status::kBadText);
  EXPECT_EQ(readText(frame({structPtr(0, 0, 1), listPtr(0, 4, 1), 0})), Status::kWrongType);
  // An empty list of another element size is no Text either (nor Data).
  EXPECT_EQ(readText(frame({structPtr(0, 0, 1), listPtr(0, 4, 0)})), Status::kWrongType);
  EXPECT_EQ(readText(frame({structPtr(0, 0, 1), listPtr(0, 0, 0)})), Status::kWrongType);
  EXPECT_EQ(readText(frame({structPtr(0, 0, 1), structPtr(0, 1, 0), 0})), Status::kWrongType);
  EXPECT_EQ(readText(frame({structPtr(0, 0, 1), 3})), Status::kCapability);
  EXPECT_EQ(readText(frame({structPtr(0, 0, 1), listPtr(0, 2, 2), 0x0061})), Status::kOk);

  Message m;
  StructReader root;
  ListReader l;
  // Composite: tag not struct-shaped; elements exceed the word count.
  ASSERT_EQ(
      readRootOf(m, frame({structPtr(0, 0, 1), listPtr(0, 7, 1), listPtr(0, 0, 0), 0}), &root),
      Status::kOk);
  EXPECT_EQ(root.structList(0, &l), Status::kBadPointer);
  ASSERT_EQ(
      readRootOf(m, frame({structPtr(0, 0, 1), listPtr(0, 7, 2), structPtr(3, 1, 0), 0, 0}), &root),
      Status::kOk);
  EXPECT_EQ(root.structList(0, &l), Status::kBadPointer);
  ASSERT_EQ(
      readRootOf(m, frame({structPtr(0, 0, 1), listPtr(0, 7, 5), structPtr(1, 1, 0), 0}), &root),
      Status::kOk);
  EXPECT_EQ(root.structList(0, &l), Status::kOutOfBounds);
  // Index out of range is sticky and yields an empty struct.
  ASSERT_EQ(
      readRootOf(m, frame({structPtr(0, 0, 1), listPtr(0, 7, 1), structPtr(1, 1, 0), 42}), &root),
      Status::kOk);
  ASSERT_EQ(root.structList(0, &l), Status::kOk);
  EXPECT_EQ(l.get(0).u64(0), 42u);
  EXPECT_TRUE(m.ok());
  EXPECT_EQ(l.get(1).u64(0), 0u);
  EXPECT_EQ(m.status(), Status::kIndexOutOfRange);
}

TEST(CapnpWireMalformed, DataIsAByteList) {
  auto readData = [](const Flat& f, uint32_t* len) {
    Message m;
    StructReader root;
    Status s = readRootOf(m, f, &root);
    const uint8_t* p = nullptr;
    if (s == Status::kOk) s = root.data(0, &p, len);
    return s;
  };
  uint32_t len = 99;
  EXPECT_EQ(readData(frame({structPtr(0, 0, 1), listPtr(0, 2, 0)}), &len), Status::kOk);
  EXPECT_EQ(len, 0u);
  EXPECT_EQ(readData(frame({structPtr(0, 0, 1), 0}), &len), Status::kOk);  // null
  EXPECT_EQ(readData(frame({structPtr(0, 0, 1), listPtr(0, 2, 3), 0x636261}), &len), Status::kOk);
  EXPECT_EQ(len, 3u);
  EXPECT_EQ(readData(frame({structPtr(0, 0, 1), listPtr(0, 3, 0)}), &len), Status::kWrongType);
  EXPECT_EQ(readData(frame({structPtr(0, 0, 1), listPtr(0, 7, 0), 0}), &len), Status::kWrongType);
}

TEST(CapnpWireMalformed, TraversalAndNestingLimits) {
  // A struct whose only pointer points at itself: infinite depth.
  Flat loop = frame({structPtr(0, 0, 1), structPtr(-1, 0, 1)});
  Message m;
  StructReader s;
  ASSERT_EQ(readRootOf(m, loop, &s), Status::kOk);
  Status st = Status::kOk;
  for (int i = 0; i < 100 && st == Status::kOk; ++i) st = s.getStruct(0, &s);
  EXPECT_EQ(st, Status::kNestingLimit);

  // Reading the same list again and again drains the traversal budget.
  Flat f = frame({structPtr(0, 0, 1), listPtr(0, 5, 4), 1, 2, 3, 4});
  ReaderOptions o;
  o.traversalLimitWords = 20;
  StructReader root;
  ASSERT_EQ(readRootOf(m, f, &root, o), Status::kOk);
  ListReader l;
  st = Status::kOk;
  int reads = 0;
  for (; reads < 10 && st == Status::kOk; ++reads) st = root.list(0, &l);
  EXPECT_EQ(st, Status::kTraversalLimit);
  EXPECT_EQ(reads, 5);  // 1 (root) + 4 reads of 4 words, then refused

  // A void list of 2^29-1 elements costs its element count.
  ASSERT_EQ(readRootOf(m, frame({structPtr(0, 0, 1), listPtr(0, 0, 0x1fffffff)}), &root),
            Status::kOk);
  EXPECT_EQ(root.list(0, &l), Status::kTraversalLimit);
}

}  // namespace
}  // namespace capos::wire
