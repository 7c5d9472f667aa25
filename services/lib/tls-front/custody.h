// The key-custody proof of a TLS front end (test images only): with a
// `custodyCheck` grant (a CustodyCheck boot resource, schema/keyvault.capnp)
// the front end searches all of its writable memory after each completed
// handshake for the TLS private key, in both byte orders it could sit in,
// and prints what it found. It is given each pattern's first 8 bytes and
// SHA-256, never the key: a window counts only if both match. First it
// copies a random canary into its own heap, which every scan must find, so
// a scan that misses memory shows as a missing canary, not as a pass.
// Without the grant (every product image) nothing here runs.
#pragma once

#include "libcaprt/runtime/clients/console.h"

namespace tls_front::custody {

// Loads the check if the manifest grants one; `who` prefixes the lines.
void Load(caprt::Console& console, const char* who);

// After a completed handshake: one scan and one line,
//   "<who>: custody scan N: B bytes, canary C, key NAME K"
// (C >= 1 and K == 0 when custody holds). Nothing without a check.
void AfterHandshake();

}  // namespace tls_front::custody
