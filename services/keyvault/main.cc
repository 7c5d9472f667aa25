// keyvault: holds the private keys of the boot package's secret resource
// and serves one Signer endpoint per key (README.md). The resource is read
// once, its keys go into PSA (sign-only, not exportable), and the bytes and
// the resource cap are dropped before the first call is served.
#include <stdlib.h>
#include <string.h>

#include "layout/keyvault.capnp.layout.h"
#include "libcaprt/runtime/capset.h"
#include "libcaprt/runtime/clients/boot_package.h"
#include "libcaprt/runtime/clients/console.h"
#include "libcaprt/runtime/interfaces.h"
#include "libcaprt/runtime/ipc.h"
#include "mbedtls/platform_util.h"
#include "services/keyvault/key_load.h"
#include "services/keyvault/signer_codec.h"

namespace {

constexpr char kKeysGrant[] = "keys";  // the bootResource grant's name

caprt::Console console;
keyvault::KeyTable table;
caprt::Server server;  // large: static

void Serve(void* ctx, const caprt::Incoming& in, uint8_t* out, uint32_t out_cap,
           caprt::Answer* answer) {
  const keyvault::Key& key = *static_cast<const keyvault::Key*>(ctx);
  const keyvault::Reply r =
      keyvault::HandleCall(table, key, in.header->method, in.params, in.params_len, out, out_cap);
  // Refusals are logged (a caller that sends bad digests is worth seeing);
  // signatures are not: a TLS front end asks for one per handshake.
  if (r.sign_error != keyvault::SignError::kNone) {
    console.Printf("keyvault: %s: sign refused (%u)\n", key.name, unsigned(r.sign_error));
  }
  answer->status = r.status;
  answer->len = r.status == abi::Error::kOk ? r.len : 0;
}

// Reads and loads the resource, then wipes it and drops the cap.
bool LoadResource(const caprt::Cap& cap) {
  caprt::BootPackage res(cap);
  caprt::BootEntry entry;
  caprt::Result<size_t> n = res.List(&entry, 1);
  if (!n.ok() || n.value() != 1) {
    console.Printf("keyvault: keys resource unlisted (%s)\n",
                   n.ok() ? "not one entry" : caprt::ErrorName(n.error()));
    return false;
  }
  const size_t size = static_cast<size_t>(entry.size);
  caprt::Result<void*> bytes = res.ReadAll(entry.name, size);
  caprt::Release(cap);  // nothing else is ever read from the package
  if (!bytes.ok()) {
    console.Printf("keyvault: keys resource unreadable (%s)\n", caprt::ErrorName(bytes.error()));
    return false;
  }
  char why[96];
  const bool ok = keyvault::LoadKeys(bytes.value(), size, &table, why, sizeof(why));
  mbedtls_platform_zeroize(bytes.value(), size);
  free(bytes.value());
  if (!ok) console.Printf("keyvault: keys resource refused: %s\n", why);
  return ok;
}

}  // namespace

int main() {
  caprt::Result<caprt::Console> c = caprt::Console::Find();
  if (!c.ok()) return 1;
  console = c.value();
  if (psa_crypto_init() != PSA_SUCCESS) {
    console.Printf("keyvault: PSA crypto did not start\n");
    return 1;
  }
  caprt::Result<caprt::Cap> keys = caprt::FindCap(kKeysGrant, caprt::iface::kBootPackage);
  if (!keys.ok()) {
    console.Printf("keyvault: no %s grant (%s)\n", kKeysGrant, caprt::ErrorName(keys.error()));
    return 1;
  }
  if (!LoadResource(keys.value())) return 1;

  static_assert(caprt::Server::kBufferBytes >= 8704, "Signer.chainResultBytes");
  int served = 0;
  for (int i = 0; i < table.count(); ++i) {
    const keyvault::Key* key = table.at(i);
    caprt::Result<caprt::Cap> owner = caprt::FindCap(key->name, capos::layout::Signer::kId);
    if (!owner.ok()) {
      // A key nobody is meant to use stays unreachable, not an error.
      console.Printf("keyvault: key %s has no Signer grant (%s); not served\n", key->name,
                     caprt::ErrorName(owner.error()));
      continue;
    }
    if (!server.Add(owner.value(), Serve, const_cast<keyvault::Key*>(key))) break;
    ++served;
  }
  console.Printf("keyvault: serving %d of %d keys\n", served, table.count());
  if (served == 0) return 1;
  const abi::Error e = server.Run();
  console.Printf("keyvault: stopped: %s\n", caprt::ErrorName(e));
  return e == abi::Error::kOk ? 0 : 1;
}
