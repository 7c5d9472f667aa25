// What TLS changes in a front end's connection handling, written once for
// the gateway and the web UI: a channel per connection from the heap,
// plaintext refilled from it into the connection's input buffer, queued
// plaintext sealed into it, and a manifest grant that turns TLS on.
#pragma once

#include <stdint.h>

#include "libcaprt/runtime/clients/console.h"
#include "mbedtls/ssl.h"
#include "services/lib/tls-front/channel.h"

namespace tls_front {

// A started channel (malloc'd: the freestanding runtime has no nothrow
// new), or nullptr without memory for it.
Channel* NewChannel(const mbedtls_ssl_config* conf);
void FreeChannel(Channel* channel);

enum class Fill : uint8_t {
  kData,    // `*len` plaintext bytes are in `in`
  kNone,    // nothing until more ciphertext arrives or CipherOut drains
  kFailed,  // the channel failed: send its alert, then close
  kClosed,  // the peer's close_notify: close
};
// Refills `in` (cap bytes) from the channel, running the handshake first.
// `*opened` is set when this call completed the handshake.
Fill Refill(Channel& channel, uint8_t* in, uint32_t cap, uint32_t* len, bool* opened);

// Seals as much of [p, p + n) as the channel has room for; the bytes taken.
uint32_t Seal(Channel& channel, const uint8_t* p, uint32_t n);

// The front end's TLS config from its manifest grant (kSignerGrant): null
// in *out when there is none (plaintext); false when the grant exists but
// TLS could not be set up (the front end should stop, not fall back).
// Prints "<who>: TLS 1.3/1.2, certificate sha256 ..." or why not.
bool FromGrant(caprt::Console& console, const char* who, const mbedtls_ssl_config** out);

// mTLS (AuthorityPolicy.clientCertificates), after FromGrant set up TLS:
// asks the authority (`session_manager`) for `port`'s policy and, when it
// requires a client certificate, makes every handshake demand one. False
// when the policy requires one but this front end cannot (no TLS, or no
// answer): the front end should stop rather than admit without. Prints
// "<who>: client certificate required (N CAs, M serials denied)".
bool ClientCertsFromAuthority(caprt::Console& console, const char* who,
                              const caprt::Cap& session_manager, uint16_t port);

}  // namespace tls_front
