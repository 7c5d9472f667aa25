// Kernel entry: bring up the CPU and memory, validate the boot package and
// its manifest, start init with init's grants, and schedule forever.
#include "kernel-abi/abi.h"
#include "kernel/arch/clock.h"
#include "kernel/arch/cpu.h"
#include "kernel/arch/gdt.h"
#include "kernel/arch/pic.h"
#include "kernel/arch/rtc.h"
#include "kernel/arch/serial.h"
#include "kernel/arch/trap.h"
#include "kernel/boot/boot_package.h"
#include "kernel/boot/boot_state.h"
#include "kernel/boot/manifest.h"
#include "kernel/boot/multiboot.h"
#include "kernel/elf/elf_check.h"
#include "kernel/lib/print.h"
#include "kernel/mm/kernel_map.h"
#include "kernel/mm/layout.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/net/net.h"
#include "kernel/objects/entropy.h"
#include "kernel/objects/tcp_caps.h"
#include "kernel/proc/process.h"
#include "kernel/proc/sched.h"

extern "C" uint32_t boot_nx_supported;
extern "C" char _kernel_start[], _kernel_end[];

namespace {

struct Module {
  uint64_t start = 0, end = 0;
};

Module read_multiboot(uint32_t magic, uint32_t info_phys) {
  if (magic != multiboot::kBootloaderMagic) panic("not started by a multiboot loader");
  auto* info = mm::phys_to_virt<multiboot::Info>(info_phys);
  if (!(info->flags & multiboot::kFlagMmap)) panic("bootloader gave no memory map");
  uint64_t p = info->mmap_addr;
  while (p < uint64_t(info->mmap_addr) + info->mmap_length) {
    auto* e = mm::phys_to_virt<multiboot::MmapEntry>(p);
    if (e->type == 1) pmm::add_region(e->addr, e->len);
    p += e->size + 4;
  }
  pmm::reserve(0, 0x100000);  // BIOS area, multiboot structures
  pmm::reserve(mm::virt_to_phys(_kernel_start), _kernel_end - _kernel_start);
  if (!(info->flags & multiboot::kFlagMods) || info->mods_count != 1) {
    panic("expected exactly one multiboot module (the boot package), got %u",
          (info->flags & multiboot::kFlagMods) ? info->mods_count : 0);
  }
  auto* mod = mm::phys_to_virt<multiboot::Module>(info->mods_addr);
  Module m{mod->start, mod->end};
  if (m.end <= m.start || m.end > mm::kMaxPhys) panic("boot package module out of range");
  pmm::reserve(m.start, m.end - m.start);
  return m;
}

void enable_cpu_features() {
  uint32_t a, b, c, d;
  cpu::cpuid(7, 0, &a, &b, &c, &d);
  uint64_t cr4 = cpu::read_cr4();
  cr4 |= (1 << 9) | (1 << 10);  // OSFXSR, OSXMMEXCPT: SSE for ring 3
  bool smep = b & (1 << 7), smap = b & (1 << 20);
  if (smep) cr4 |= 1 << 20;
  if (smap) cr4 |= 1 << 21;
  cpu::write_cr4(cr4);
  // Read back: the line below reports what the CPU actually enforces.
  cr4 = cpu::read_cr4();
  smep = cr4 & (1 << 20);
  smap = cr4 & (1 << 21);
  uint64_t cr0 = cpu::read_cr0();
  cr0 &= ~((1ull << 2) | (1ull << 3));  // EM, TS off
  cr0 |= 1 << 1;                        // MP
  cpu::write_cr0(cr0);
  bool nx = cpu::rdmsr(cpu::kMsrEfer) & (1 << 11);
  uint64_t leaves = kmap::Audit();  // panics on a writable+executable mapping
  klog("cpu: NX %s, SMEP %s, SMAP %s, W^X audit ok (%lu kernel mappings), TSC %lu kHz",
       nx ? "on" : "off", smep ? "on" : "off", smap ? "on" : "off", leaves, clock::tsc_khz());
}

void check_all_elves(const bootpkg::Package& pkg) {
  for (uint32_t i = 0; i < pkg.entry_count; i++) {
    bootpkg::Entry e;
    bootpkg::entry(pkg, i, &e);
    if (e.kind != abi::BootEntryKind::kElf) continue;
    capos::elf::ElfImage img;
    capos::elf::ElfResult res;
    abi::Error err = capos::elf::checkElf(e.data, e.size, &img, &res);
    // A binary for another ABI is well-formed: it is refused when spawned.
    if (err != abi::Error::kOk && err != abi::Error::kAbiMismatch) {
      panic("boot package: ELF '%s' rejected: %s", e.name, res.message);
    }
  }
}

boot::InitPlan plan;

}  // namespace

extern "C" void kmain(uint32_t magic, uint32_t info_phys) {
  serial::init();
  klog("capOS kernel, ABI %u", abi::kAbiVersion);
  Module mod = read_multiboot(magic, info_phys);
  gdt::init();
  trap::init();
  pic::init();
  clock::calibrate();
  rtc::read_at_boot();  // its wall clock runs on the calibrated TSC
  vm::init(boot_nx_supported != 0);
  enable_cpu_features();
  klog("memory: %lu MiB free of %lu MiB", pmm::free_frames() / 256, pmm::total_frames() / 256);
  entropy::init();

  bootpkg::Package pkg;
  auto* data = mm::phys_to_virt<uint8_t>(mod.start);
  if (bootpkg::parse(data, mod.end - mod.start, &pkg) != bootpkg::Status::kOk) {
    panic("boot package rejected: %s", pkg.message);
  }
  boot::set_package(pkg);
  klog("boot package: %u entries, %lu bytes", pkg.entry_count, pkg.total_size);
  check_all_elves(pkg);
  char why[200];
  if (!boot::read_manifest(pkg, &plan, why, sizeof(why))) panic("boot manifest rejected: %s", why);
  // The network comes up after the manifest is read, since the manifest
  // chooses DHCP or the static address.
  net::Config net_config;
  if (plan.static_address) net_config.mode = net::AddressMode::kStatic;
  net::init(net_config);
  tcpcap::init();

  bootpkg::Entry init_elf;
  bootpkg::find(pkg, plan.binary, &init_elf);
  Process* init = nullptr;
  abi::Error err = proc::spawn("init", init_elf.data, init_elf.size, plan.grants, plan.grant_count,
                               plan.heap_pages, nullptr, &init, why, sizeof(why));
  if (err != abi::Error::kOk) panic("cannot start init: %s", why);
  klog("manifest: %u services; started init (pid %u) with %u grants", plan.service_count, init->pid,
       plan.grant_count);

  pic::set_handler(0, [](int) { sched::tick(); });
  pic::unmask(0);
  sched::run(plan.exit_when_idle);
}
