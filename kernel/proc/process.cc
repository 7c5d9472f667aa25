#include "kernel/proc/process.h"

#include "kernel/arch/gdt.h"
#include "kernel/arch/trap.h"
#include "kernel/elf/elf_check.h"
#include "kernel/ipc/ipc.h"
#include "kernel/lib/kstring.h"
#include "kernel/lib/print.h"
#include "kernel/mm/heap.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"
#include "kernel/objects/process_handle.h"
#include "kernel/objects/session.h"
#include "kernel/objects/tcp_caps.h"
#include "kernel/objects/timer.h"
#include "kernel/proc/process_list.h"
#include "kernel/proc/sched.h"
#include "kernel/ring/ring.h"

namespace proc {

Process* all_processes = nullptr;

namespace {

constexpr uint64_t kKernelStackPages = 4;
uint32_t next_pid = 1;
uint32_t live = 0;

void say(char* why, size_t len, const char* msg) {
  kstr::copy(why, len, msg, strlen(msg));
}

// Copies file bytes into freshly mapped (possibly read-only) user pages.
void fill(const vm::AddressSpace* as, uint64_t va, const uint8_t* src, uint64_t n) {
  while (n) {
    uint64_t chunk = abi::kPageSize - (va & (abi::kPageSize - 1));
    if (chunk > n) chunk = n;
    memcpy(mm::phys_to_virt(vm::translate(as, va, nullptr)), src, chunk);
    va += chunk, src += chunk, n -= chunk;
  }
}

bool load_segments(Process* p, const uint8_t* elf, const capos::elf::ElfImage& img) {
  for (uint32_t i = 0; i < img.segmentCount; i++) {
    const capos::elf::ElfSegment& s = img.segments[i];
    uint64_t start = s.vaddr & ~(abi::kPageSize - 1);
    uint64_t end = (s.vaddr + s.memsz + abi::kPageSize - 1) & ~(abi::kPageSize - 1);
    uint64_t flags = vm::kUser;
    if (s.flags & capos::elf::kPfW) flags |= vm::kWrite;
    if (!(s.flags & capos::elf::kPfX)) flags |= vm::kNoExec;
    if (!vm::map_new(&p->as, start, (end - start) / abi::kPageSize, flags)) return false;
    fill(&p->as, s.vaddr, elf + s.offset, s.filesz);
  }
  return true;
}

bool setup_capset(Process* p, const Grant* grants, uint32_t n, uint32_t heap_pages) {
  // Each installed grant takes its own reference; the caller keeps its own.
  uint64_t frame = pmm::alloc();
  if (!frame) return false;
  if (!vm::map(&p->as, abi::kCapSetVa, frame, vm::kUser | vm::kNoExec)) {
    pmm::free(frame);
    return false;
  }
  auto* h = mm::phys_to_virt<abi::CapSetHeader>(frame);
  auto* entries = reinterpret_cast<abi::CapSetEntry*>(h + 1);
  h->magic = abi::kCapSetMagic;
  h->abi_version = abi::kAbiVersion;
  h->pid = p->pid;
  h->heap_va = abi::kHeapVa;
  h->heap_size = uint64_t(heap_pages) * abi::kPageSize;
  kstr::copy(h->name, sizeof(h->name), p->name, strlen(p->name));
  for (uint32_t i = 0; i < n; i++) {
    int slot = p->caps.insert(grants[i].object, grants[i].interface_id, grants[i].rights);
    if (slot < 0) return false;
    grants[i].object->ref(grants[i].rights);
    abi::CapSetEntry& e = entries[i];
    kstr::copy(e.name, sizeof(e.name), grants[i].name, grants[i].name_len);
    e.interface_id = grants[i].interface_id;
    e.slot = static_cast<uint32_t>(slot);
    e.generation = p->caps.generation(slot);
  }
  h->count = n;
  return true;
}

// Kernel stack of a new process: a TrapFrame that "returns" to the ELF entry
// in ring 3, under a swtch frame whose return address is trap_exit.
bool setup_kernel_stack(Process* p, uint64_t entry) {
  p->kstack_phys = pmm::alloc_contig(kKernelStackPages);
  if (!p->kstack_phys) return false;
  p->kstack_top = reinterpret_cast<uint64_t>(mm::phys_to_virt(p->kstack_phys)) +
                  kKernelStackPages * abi::kPageSize;
  auto* tf = reinterpret_cast<TrapFrame*>(p->kstack_top - sizeof(TrapFrame));
  memset(tf, 0, sizeof(*tf));
  tf->rip = entry;
  tf->cs = gdt::kUserCode;
  tf->rflags = 0x202;  // IF set
  tf->rsp = abi::kStackTop;
  tf->ss = gdt::kUserData;
  auto* sw = reinterpret_cast<uint64_t*>(tf) - 7;
  for (int i = 0; i < 6; i++) sw[i] = 0;  // r15 r14 r13 r12 rbx rbp
  sw[6] = reinterpret_cast<uint64_t>(&trap_exit);
  p->ctx_rsp = reinterpret_cast<uint64_t>(sw);
  return true;
}

void init_fpu(Process* p) {
  memset(p->fpu, 0, sizeof(p->fpu));
  uint16_t fcw = 0x37f;     // x87 default control word
  uint32_t mxcsr = 0x1f80;  // all SSE exceptions masked
  memcpy(p->fpu, &fcw, 2);
  memcpy(p->fpu + 24, &mxcsr, 4);
}

void free_process(Process* p) {
  if (p->kstack_phys) pmm::free_contig(p->kstack_phys, kKernelStackPages);
  vm::destroy(&p->as);
  kdelete(p);
}

bool names_ok(const Grant* grants, uint32_t n, char* why, size_t why_len) {
  for (uint32_t i = 0; i < n; i++) {
    if (grants[i].name_len == 0 || grants[i].name_len >= abi::kCapNameMax) {
      say(why, why_len, "grant name empty or longer than 31 bytes");
      return false;
    }
    for (uint32_t j = 0; j < i; j++) {
      if (grants[i].name_len == grants[j].name_len &&
          memcmp(grants[i].name, grants[j].name, grants[i].name_len) == 0) {
        say(why, why_len, "two grants with one name");
        return false;
      }
    }
  }
  return true;
}

}  // namespace

abi::Error spawn(const char* name, const uint8_t* elf, size_t elf_len, const Grant* grants,
                 uint32_t grant_count, uint32_t heap_pages, kobj::SessionCell* session,
                 Process** out, char* why, size_t why_len) {
  capos::elf::ElfImage img;
  capos::elf::ElfResult res;
  abi::Error err = capos::elf::checkElf(elf, elf_len, &img, &res);
  if (err != abi::Error::kOk) {
    say(why, why_len, res.message);
    return err;
  }
  size_t name_len = strlen(name);
  if (name_len == 0 || name_len >= abi::kProcNameMax) {
    say(why, why_len, "process name empty or longer than 31 bytes");
    return abi::Error::kBadLength;
  }
  if (heap_pages == 0 || heap_pages > abi::kHeapMaxPages) {
    say(why, why_len, "heap quota outside 1..kHeapMaxPages pages");
    return abi::Error::kBadLength;
  }
  if (grant_count > abi::kCapSetMaxEntries) {
    say(why, why_len, "more grants than a CapSet page holds");
    return abi::Error::kBadLength;
  }
  if (!names_ok(grants, grant_count, why, why_len)) return abi::Error::kBadLength;

  Process* p = knew<Process>();
  if (!p) {
    say(why, why_len, "out of kernel memory");
    return abi::Error::kNoMemory;
  }
  p->pid = next_pid++;
  kstr::copy(p->name, sizeof(p->name), name, name_len);
  bool ok = vm::create(&p->as) && load_segments(p, elf, img) &&
            vm::map_new(&p->as, abi::kStackTop - abi::kStackPages * abi::kPageSize,
                        abi::kStackPages, vm::kUser | vm::kWrite | vm::kNoExec) &&
            vm::map_new(&p->as, abi::kHeapVa, heap_pages, vm::kUser | vm::kWrite | vm::kNoExec) &&
            ring::setup(p) && setup_capset(p, grants, grant_count, heap_pages) &&
            setup_kernel_stack(p, img.entry);
  auto* handle =
      ok ? static_cast<kobj::ProcessHandle*>(kheap::alloc(sizeof(kobj::ProcessHandle))) : nullptr;
  if (!handle) {
    p->caps.clear([](const cap::Entry& e) { e.object->unref(e.rights); });
    free_process(p);
    say(why, why_len, "out of memory while building the process");
    return abi::Error::kNoMemory;
  }
  p->handle = new (handle) kobj::ProcessHandle(p);
  p->handle->ref(0);
  if (session) {
    p->session = session;
    session->pin();
  }
  init_fpu(p);
  p->all_next = all_processes;
  all_processes = p;
  live++;
  sched::add(p);
  *out = p;
  return abi::Error::kOk;
}

// Everything that must happen the moment a process stops running: nothing
// may complete into its ring afterwards, and its parent learns how it ended.
void finish(Process* p, int status, bool killed, bool faulted) {
  p->state = Process::State::kZombie;
  p->exit_status = status;
  timer_obj::drop_process(p);
  ipc::drop_process(p);
  handle_waits::drop_process(p);
  tcpcap::drop_process(p);
  if (p->handle) {
    kobj::ProcessHandle* h = p->handle;
    p->handle = nullptr;
    h->ended(status, killed, faulted);
    h->unref(0);
  }
}

void exit_current(int status) {
  Process* p = sched::current();
  klog("process %s (pid %u) exited with status %d", p->name, p->pid, status);
  finish(p, status, false, false);
  sched::switch_out_for_good();
  __builtin_unreachable();
}

void fault_current(int vector) {
  Process* p = sched::current();
  finish(p, -1000 - vector, false, true);
  sched::switch_out_for_good();
  __builtin_unreachable();
}

void kill(Process* p) {
  klog("process %s (pid %u) killed by its handle", p->name, p->pid);
  if (p == sched::current()) {
    finish(p, -9, true, false);
    sched::switch_out_for_good();
  }
  sched::remove(p);
  finish(p, -9, true, false);
  reap(p);
}

void reap(Process* p) {
  Process** link = &all_processes;
  while (*link && *link != p) link = &(*link)->all_next;
  if (*link) *link = p->all_next;
  p->caps.clear([](const cap::Entry& e) { e.object->unref(e.rights); });
  if (p->session) p->session->unpin();
  free_process(p);
  live--;
}

uint32_t live_count() {
  return live;
}

}  // namespace proc
