// resource-probe: a bootResource grant reads one blob of the boot package
// and nothing else (manifest system-boot-resource, scenario boot-resource).
// It holds two such caps, `note` (blob probe-note) and `other` (blob
// probe-other), and no bootPackage: each lists only its own entry, reads
// its bytes, and answers every other name (the manifest, ELFs, the other
// blob, near-miss names) notFound, exactly as a name the package lacks.
// Reading probe-other through `other` proves that blob is in the package,
// so `note`'s notFound for it is the scope, not an absence.
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/boot_package.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/interfaces.h"
#include "services/lib/probe/harness.h"

namespace {

using caprt::BootPackage;
using caprt::ErrorName;

// The bytes of qemu-tests/testdata/boot-resource-{note,other}.txt, which
// the manifest packs as these blobs (change both together).
constexpr char kNote[] = "capOS boot resource probe: the one blob its note cap may read.\n";
constexpr char kOther[] = "a second blob, readable only through its own cap\n";
constexpr size_t kNoteSize = sizeof(kNote) - 1;

harness::Harness checks;

// A check name with its counts; the harness prints it at once.
const char* Named(char (&buf)[128], const char* fmt, ...) __attribute__((format(printf, 2, 3)));
const char* Named(char (&buf)[128], const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  return buf;
}

// `cap` lists exactly one entry: `name`, a blob of `size` bytes.
void CheckListsOnly(BootPackage cap, const char* check, const char* name, size_t size) {
  caprt::BootEntry entries[4];
  caprt::Result<size_t> n = cap.List(entries, 4);
  if (!n.ok()) return checks.Fail(check, "list: %s", ErrorName(n.error()));
  bool ok = n.value() == 1 && strcmp(entries[0].name, name) == 0 &&
            entries[0].kind == caprt::BootKind::kBlob && entries[0].size == size;
  checks.Check(check, ok, "%zu entries, first '%s' kind %u size %llu", n.value(), entries[0].name,
               unsigned(entries[0].kind), (unsigned long long)entries[0].size);
}

// `cap` reads exactly `want` under `name`.
void CheckReads(BootPackage cap, const char* check, const char* name, const char* want) {
  size_t len = strlen(want);
  caprt::Result<void*> bytes = cap.ReadAll(name, len);
  if (!bytes.ok()) return checks.Fail(check, "read %s: %s", name, ErrorName(bytes.error()));
  checks.Check(check, memcmp(bytes.value(), want, len) == 0, "%s: bytes differ", name);
  free(bytes.value());
}

// Every name but its own is notFound through `cap`, as an unknown name is.
void CheckRefuses(BootPackage cap, const char* const* names, size_t count, const char* check) {
  size_t refused = 0;
  char buf[16];
  for (size_t i = 0; i < count; ++i) {
    caprt::Result<size_t> r = cap.Read(names[i], 0, buf, sizeof(buf));
    if (!r.ok() && r.error() == abi::Error::kNotFound) {
      ++refused;
    } else {
      checks.out().Printf("resource-probe: '%s' answered %s\n", names[i],
                          r.ok() ? "bytes" : ErrorName(r.error()));
    }
  }
  checks.Check(check, refused == count, "%zu of %zu names notFound", refused, count);
}

void Run(BootPackage note, BootPackage other) {
  char name[128];
  CheckListsOnly(note, Named(name, "resource-list-one-entry probe-note %zu bytes", kNoteSize),
                 "probe-note", kNoteSize);
  CheckReads(note, Named(name, "resource-read-bytes %zu bytes", kNoteSize), "probe-note", kNote);
  // A read from an offset, and one at the end (0 bytes, not an error).
  char part[10];
  caprt::Result<size_t> mid = note.Read("probe-note", 6, part, sizeof(part));
  caprt::Result<size_t> end = note.Read("probe-note", kNoteSize, part, sizeof(part));
  bool mid_ok = mid.ok() && mid.value() == sizeof(part) && memcmp(part, kNote + 6, 10) == 0;
  checks.Check("resource-read-offset 10 bytes at 6, 0 at the end",
               mid_ok && end.ok() && end.value() == 0, "mid %s, end %s",
               mid.ok() ? "ok" : ErrorName(mid.error()), end.ok() ? "ok" : ErrorName(end.error()));
  const char* hidden[] = {"manifest",  "init",        "resource-probe", "probe-other",
                          "probe-not", "probe-notes", "probe-note/",    "no-such-entry"};
  constexpr size_t kHidden = sizeof(hidden) / sizeof(hidden[0]);
  CheckRefuses(note, hidden, kHidden,
               Named(name, "resource-other-names-not-found %zu of %zu", kHidden, kHidden));

  CheckListsOnly(other,
                 Named(name, "resource-list-one-entry probe-other %zu bytes", strlen(kOther)),
                 "probe-other", strlen(kOther));
  CheckReads(other, "resource-other-blob-exists", "probe-other", kOther);
  const char* theirs[] = {"probe-note", "manifest"};
  CheckRefuses(other, theirs, 2, "resource-other-cap-refuses-probe-note 2 of 2");

  // The manifest grants no bootPackage: nothing here reads the whole package.
  caprt::Result<BootPackage> whole = BootPackage::Find();
  checks.Check("resource-no-whole-package", !whole.ok() && whole.error() == abi::Error::kNotFound,
               "bootPackage: %s", whole.ok() ? "granted" : ErrorName(whole.error()));
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> console = caprt::Console::Find();
  if (!console.ok()) return 1;
  checks = harness::Harness(console.value(), "resource-probe");
  caprt::Result<BootPackage> note = BootPackage::Find("note");
  caprt::Result<BootPackage> other = BootPackage::Find("other");
  if (!note.ok() || !other.ok()) {
    checks.Fail("resource-setup", "note %s, other %s", ErrorName(note.error()),
                ErrorName(other.error()));
    return checks.Finish();
  }
  Run(note.value(), other.value());
  return checks.Finish();
}
