// The ring-page ABI: the only contract between the kernel and userspace.
//
// Everything here is plain data. The kernel and libcaprt include this one
// header and nothing is re-declared on either side; every size and offset is
// pinned with a static_assert so an accidental layout change fails the build
// instead of corrupting a ring at run time.
//
// Conventions:
//  - All integers are little-endian, naturally aligned.
//  - Indices (heads and tails) are free-running uint32 counters; the slot is
//    index & (entries - 1). A tail more than `entries` ahead of its head is an
//    index overflow and is answered with an error CQE, never trusted.
//  - Messages (params and results) are Cap'n Proto messages in the standard
//    stream framing (segment table + segments), defined in schema/*.capnp.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace abi {

// Bumped on any incompatible change to this file. A service carries the
// version it was built against in an ELF note (see kAbiNote*); the kernel
// refuses to start a binary whose note is missing or different.
inline constexpr uint32_t kAbiVersion = 2;

// ---------------------------------------------------------------------------
// User address-space layout (fixed, so that no pointer needs to be passed in).

inline constexpr uint64_t kPageSize = 4096;
inline constexpr uint64_t kUserImageMin = 0x0000000000400000;  // ELF load floor
inline constexpr uint64_t kUserImageMax = 0x0000000010000000;  // ELF load ceiling
inline constexpr uint64_t kRingVa = 0x0000000010000000;        // ring pages (RW)
inline constexpr uint64_t kRingPages = 5;
inline constexpr uint64_t kCapSetVa = 0x0000000010100000;  // CapSet page (RO)
inline constexpr uint64_t kHeapVa = 0x0000000020000000;    // heap (RW, NX)
inline constexpr uint64_t kHeapMaxPages = 16384;           // 64 MiB ceiling
inline constexpr uint64_t kStackTop = 0x00007ffffff00000;  // grows down
inline constexpr uint64_t kStackPages = 32;                // 128 KiB
inline constexpr uint64_t kUserTop = 0x0000800000000000;   // canonical limit

static_assert(kUserImageMax <= kRingVa);
static_assert(kRingVa + kRingPages * kPageSize <= kCapSetVa);
static_assert(kCapSetVa + kPageSize <= kHeapVa);

// ---------------------------------------------------------------------------
// The one system call. `syscall` with rax = kSysCapEnter:
//   rdi = min_complete : wait until at least this many CQEs are unread
//   rsi = timeout_ns   : relative; kWaitForever waits without limit
// The kernel first consumes every valid SQE (answering malformed ones with an
// error CQE), then waits. Returns in rax the number of unread CQEs (>= 0), or
// a negative Error for a broken ring header. Waking on timeout is not an
// error: the caller compares the count with what it asked for.
inline constexpr uint64_t kSysCapEnter = 1;
inline constexpr uint64_t kWaitForever = ~0ull;

// Largest params message or result buffer a CALL may name (kBadLength above).
inline constexpr uint32_t kMaxMessageBytes = 64 * 1024;

// ---------------------------------------------------------------------------
// Opcodes. Zero is deliberately invalid so that a zeroed SQE is rejected.
enum class Op : uint8_t {
  kInvalid = 0,
  kNop = 1,      // completes at once with status kOk; echoes user_data
  kCall = 2,     // invoke method `method` of `interface_id` on cap `slot`
  kRelease = 3,  // drop cap `slot` from the caller's table
  kExit = 4,     // end the calling process; aux = exit status; no CQE
  kRecv = 5,     // endpoint owner: wait for the next call (RecvHeader + params)
  kReturn = 6,   // endpoint owner: answer call `interface_id` (the call token)
  kCancel = 7,   // cancel the caller's outstanding CALL whose user_data is `interface_id`
  kOpCount = 8,
};

// Errors carried in Cqe::status as negative values (status = -Error).
// Error names are the typed errors services see; keep kErrorNames in sync.
enum class Error : int32_t {
  kOk = 0,
  kBadOpcode = 1,          // unknown or reserved opcode
  kBadFlags = 2,           // reserved flag bits or reserved fields set
  kBadSlot = 3,            // slot out of range or not granted (empty)
  kStaleGeneration = 4,    // slot reused since the caller learned it
  kBadAddress = 5,         // buffer not mapped user memory of the right kind
  kBadLength = 6,          // length out of range (zero where required, huge)
  kIndexOverflow = 7,      // ring head/tail inconsistent with entry counts
  kWrongInterface = 8,     // interface_id is not the cap's interface
  kBadMethod = 9,          // method ordinal unknown for the interface
  kMalformedMessage = 10,  // params are not a valid Cap'n Proto message
  kResultTooSmall = 11,    // result buffer cannot hold the reply
  kNoMemory = 12,          // kernel or process quota exhausted
  kDenied = 13,            // facet lacks the right, or policy refused
  kNotFound = 14,          // named resource does not exist
  kBusy = 15,              // bounded queue full; retry later
  kTimedOut = 16,
  kCancelled = 17,
  kDisconnected = 18,
  kStaleSession = 19,
  kAbiMismatch = 20,  // binary built for another ABI version
  kBadImage = 21,     // ELF rejected by the loader
  kReset = 22,        // connection reset or failed (TCP)
  kErrorCount = 23,
};

// ---------------------------------------------------------------------------
// Submission queue entry: 64 bytes, written by userspace, read once by the
// kernel (it copies the entry before validating, so a racing writer cannot
// change what was checked).
struct Sqe {
  uint8_t opcode;         // Op
  uint8_t flags;          // must be 0 (reserved)
  uint16_t method;        // method ordinal for kCall
  uint32_t slot;          // cap table index
  uint32_t generation;    // generation the caller saw for `slot`
  uint32_t params_len;    // bytes at params_addr (0 = empty params)
  uint64_t user_data;     // echoed verbatim in the CQE
  uint64_t interface_id;  // Cap'n Proto interface id the caller expects
  uint64_t params_addr;   // user VA of the params message
  uint64_t result_addr;   // user VA of the result buffer
  uint32_t result_cap;    // result buffer capacity in bytes
  uint16_t caps_count;    // kCall/kReturn: CapTransfer entries at aux
  uint16_t timeout_ms;    // kCall: fail with kTimedOut after this (0 = none)
  uint64_t aux;           // kExit: status; kCall/kReturn: CapTransfer array VA
};
static_assert(sizeof(Sqe) == 64);
static_assert(offsetof(Sqe, opcode) == 0);
static_assert(offsetof(Sqe, flags) == 1);
static_assert(offsetof(Sqe, method) == 2);
static_assert(offsetof(Sqe, slot) == 4);
static_assert(offsetof(Sqe, generation) == 8);
static_assert(offsetof(Sqe, params_len) == 12);
static_assert(offsetof(Sqe, user_data) == 16);
static_assert(offsetof(Sqe, interface_id) == 24);
static_assert(offsetof(Sqe, params_addr) == 32);
static_assert(offsetof(Sqe, result_addr) == 40);
static_assert(offsetof(Sqe, result_cap) == 48);
static_assert(offsetof(Sqe, caps_count) == 52);
static_assert(offsetof(Sqe, timeout_ms) == 54);
static_assert(offsetof(Sqe, aux) == 56);

// Field reuse by opcode (everything else must be zero):
//  kCall:   method, slot/generation (client cap), interface_id, params,
//           result buffer, caps_count/aux (caps sent), timeout_ms.
//  kRecv:   slot/generation (owner cap), result buffer (RecvHeader, params,
//           CapDescriptors).
//  kReturn: slot/generation (owner cap), interface_id = call token,
//           method = 0 or the Error to deliver, params = results message,
//           caps_count/aux (caps sent back).
//  kCancel: interface_id = user_data of the caller's own CALL.
//  kRelease: slot/generation.  kExit: aux = status.

inline constexpr uint16_t kMaxTransferCaps = 16;

// Facet rights. A cap's rights are fixed when it is minted and can only be
// narrowed when it is transferred; they are checked once, at SQE entry.
enum Right : uint32_t {
  kRightCall = 1u << 0,      // CALL (every client facet)
  kRightRecv = 1u << 1,      // RECV and RETURN (endpoint owner facet)
  kRightDisclose = 1u << 2,  // owner facet: RecvHeader discloses caller classes
  kRightBind = 1u << 3,      // session cell: bind a spawned process to it
  kRightTransfer = 1u << 4,  // may be sent in a CALL/RETURN
  kRightsAll = 0xffffffffu,
};

// One cap sent with a CALL or RETURN.
enum class TransferMode : uint8_t { kCopy = 0, kMove = 1 };
struct CapTransfer {
  uint32_t slot;
  uint32_t generation;
  uint32_t rights;  // AND-ed with the cap's rights: a transfer can only narrow
  uint8_t mode;     // TransferMode
  uint8_t reserved[3];
};
static_assert(sizeof(CapTransfer) == 16);
static_assert(offsetof(CapTransfer, rights) == 8);
static_assert(offsetof(CapTransfer, mode) == 12);

// One cap received: written after the message (8-byte aligned) in the
// result buffer of a CALL or the buffer of a RECV, in transfer order. The
// message refers to caps by their index in this list.
struct CapDescriptor {
  uint32_t slot;
  uint32_t generation;
  uint64_t interface_id;
};
static_assert(sizeof(CapDescriptor) == 16);
static_assert(offsetof(CapDescriptor, interface_id) == 8);

// What a RECV delivers at the start of its buffer; the params message
// follows at offset 64, then the CapDescriptors (8-byte aligned).
inline constexpr uint8_t kDisclosedClasses = 1;  // RecvHeader::disclosed bit
struct RecvHeader {
  uint64_t call_token;    // pass to RETURN; single use
  uint64_t interface_id;  // the endpoint's interface
  uint16_t method;
  uint16_t caps_count;
  uint32_t params_len;
  uint64_t badge;           // the client facet's badge (0 unless minted with one)
  uint64_t session_ref;     // opaque caller-session reference; 0 = no session
  uint8_t principal_class;  // the three classes are 0 unless `disclosed`
  uint8_t auth_strength;
  uint8_t profile_class;
  uint8_t disclosed;  // kDisclosedClasses when the owner facet may see them
  uint32_t reserved0;
  uint64_t reserved1[2];
};
static_assert(sizeof(RecvHeader) == 64);
static_assert(offsetof(RecvHeader, method) == 16);
static_assert(offsetof(RecvHeader, params_len) == 20);
static_assert(offsetof(RecvHeader, badge) == 24);
static_assert(offsetof(RecvHeader, session_ref) == 32);
static_assert(offsetof(RecvHeader, principal_class) == 40);
static_assert(offsetof(RecvHeader, disclosed) == 43);

// Completion queue entry: 32 bytes, written by the kernel.
struct Cqe {
  uint64_t user_data;   // from the SQE (0 for a malformed SQE it could not read)
  int32_t status;       // 0 or -Error
  uint32_t result_len;  // message bytes at result_addr (kRecv: header+params)
  uint64_t aux;         // kCall: caps received; kResultTooSmall: bytes needed
  uint64_t reserved;
};
static_assert(sizeof(Cqe) == 32);
static_assert(offsetof(Cqe, user_data) == 0);
static_assert(offsetof(Cqe, status) == 8);
static_assert(offsetof(Cqe, result_len) == 12);
static_assert(offsetof(Cqe, aux) == 16);

// ---------------------------------------------------------------------------
// Ring header at kRingVa. The SQ and CQ arrays follow at fixed offsets.
// Ownership: userspace writes sq_tail and cq_head; the kernel writes sq_head
// and cq_tail. Everything else is written by the kernel at process creation
// and is read-only by convention (the kernel never re-reads it).
inline constexpr uint32_t kRingMagic = 0x474e4952;  // "RING"
inline constexpr uint32_t kSqEntries = 128;
inline constexpr uint32_t kCqEntries = 256;  // > SQ so a full SQ always fits
// Asynchronous operations (CALLs, timer sleeps) one process may have in
// flight; one more is kBusy. Below kCqEntries, so synchronous answers
// always find a CQ slot. Event loops size their windows against it.
inline constexpr uint32_t kMaxAsync = 192;
static_assert(kMaxAsync < kCqEntries);

struct RingHeader {
  uint32_t magic;
  uint32_t abi_version;
  uint32_t sq_entries;
  uint32_t cq_entries;
  uint32_t sq_offset;   // from kRingVa
  uint32_t cq_offset;   // from kRingVa
  uint32_t sq_head;     // kernel: next SQE it will consume
  uint32_t sq_tail;     // user: next SQE slot it will fill
  uint32_t cq_head;     // user: next CQE it will read
  uint32_t cq_tail;     // kernel: next CQE slot it will fill
  uint32_t sq_dropped;  // kernel: SQEs it could not even copy (counted, not lost)
  uint32_t reserved;
};
static_assert(sizeof(RingHeader) == 48);
static_assert(offsetof(RingHeader, sq_head) == 24);
static_assert(offsetof(RingHeader, sq_tail) == 28);
static_assert(offsetof(RingHeader, cq_head) == 32);
static_assert(offsetof(RingHeader, cq_tail) == 36);

inline constexpr uint32_t kSqOffset = 64;
inline constexpr uint32_t kCqOffset = kSqOffset + kSqEntries * sizeof(Sqe);
static_assert((kSqEntries & (kSqEntries - 1)) == 0, "power of two");
static_assert((kCqEntries & (kCqEntries - 1)) == 0, "power of two");
static_assert(kCqEntries >= kSqEntries);
static_assert(kSqOffset >= sizeof(RingHeader));
static_assert(kCqOffset + kCqEntries * sizeof(Cqe) <= kRingPages * kPageSize);

// ---------------------------------------------------------------------------
// CapSet page at kCapSetVa: read-only for the process. Lists the caps the
// manifest granted, by name, so a service never hard-codes a slot number.
inline constexpr uint32_t kCapSetMagic = 0x53504143;  // "CAPS"
inline constexpr uint32_t kCapNameMax = 32;           // including the NUL
inline constexpr uint32_t kProcNameMax = 32;

struct CapSetEntry {
  char name[kCapNameMax];  // NUL-terminated, unique within the page
  uint64_t interface_id;   // Cap'n Proto interface id of the cap
  uint32_t slot;
  uint32_t generation;
};
static_assert(sizeof(CapSetEntry) == 48);
static_assert(offsetof(CapSetEntry, interface_id) == 32);
static_assert(offsetof(CapSetEntry, slot) == 40);
static_assert(offsetof(CapSetEntry, generation) == 44);

struct CapSetHeader {
  uint32_t magic;
  uint32_t abi_version;
  uint32_t count;  // entries that follow
  uint32_t pid;
  uint64_t heap_va;         // the process heap (kHeapVa) ...
  uint64_t heap_size;       // ... and its size, from the manifest quota
  char name[kProcNameMax];  // service name from the manifest
};
static_assert(sizeof(CapSetHeader) == 64);
static_assert(offsetof(CapSetHeader, heap_va) == 16);
static_assert(offsetof(CapSetHeader, name) == 32);

inline constexpr uint32_t kCapSetMaxEntries =
    (kPageSize - sizeof(CapSetHeader)) / sizeof(CapSetEntry);
static_assert(kCapSetMaxEntries >= 64);

// Per-process cap table size; a slot index >= this is kBadSlot.
inline constexpr uint32_t kCapTableSlots = 256;

// ---------------------------------------------------------------------------
// ABI note: every service ELF carries a PT_NOTE with name "capOS", type
// kAbiNoteType and a 4-byte descriptor holding kAbiVersion. libcaprt emits it.
inline constexpr uint32_t kAbiNoteType = 0x43415031;  // "CAP1"
inline constexpr char kAbiNoteName[] = "capOS";

// ---------------------------------------------------------------------------
// The boot package (the multiboot module the kernel boots from) is a contract
// between the host tools and the kernel, declared in kernel-abi/boot_package.h.
// Its header carries kAbiVersion.

// ---------------------------------------------------------------------------
// QEMU isa-debug-exit (iobase 0xf4): the guest writes a byte v and QEMU exits
// with status (v << 1) | 1. The runner maps these back.
inline constexpr uint16_t kDebugExitPort = 0xf4;
inline constexpr uint8_t kExitClean = 0x10;  // -> status 33: clean shutdown
inline constexpr uint8_t kExitPanic = 0x11;  // -> status 35: kernel refused/panicked

}  // namespace abi
