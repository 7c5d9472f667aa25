// The end-to-end check: TLS 1.3 and TLS 1.2 handshakes in this process,
// client and server joined in memory, where the server's signature comes
// from keyvault (another process) through a SignerKey over the Signer cap,
// and the client verifies the chain keyvault serves. Needs
// caprt::tls::InstallSignerDriver() before psa_crypto_init().
#pragma once

#include "libcaprt/runtime/ring.h"
#include "services/lib/probe/harness.h"

namespace kvprobe {

void RunTlsChecks(harness::Harness& checks, const caprt::Cap& signer);

}  // namespace kvprobe
