// The TLS options' rules once every option is read (args_internal.h).
#include "tools/remote-session-client/args_internal.h"

namespace rsclient::grammar {

bool finish_tls(Options* o, const Env& env, std::string* error) {
  TlsOptions& t = o->tls;
  // The pin `make run` prints, exported: TLS to the DTO port without flags.
  if (t.pin.empty() && t.ca_file.empty() && (t.enabled || o->transport == Transport::kDto)) {
    if (auto p = env("CAPOS_REMOTE_SESSION_PIN"); p && !p->empty()) {
      t.pin = *p;
      t.enabled = true;
    }
  }
  if (!t.enabled) return true;
  if (!t.cert_file.empty()) {
    if (o->identity.empty()) {
      *error = "--cert FILE needs --identity KEY: the certificate's private key";
      return false;
    }
    t.key_file = o->identity;
  }
  if (t.pin.empty() && t.ca_file.empty()) {
    *error =
        "--tls needs --ca FILE or --pin SHA256 (or $CAPOS_REMOTE_SESSION_PIN): "
        "a server this client cannot check is not trusted";
    return false;
  }
  if (!t.pin.empty() && normalize_pin(t.pin).empty()) {
    *error = "CAPOS_REMOTE_SESSION_PIN: a SHA-256 fingerprint (64 hex digits, colons allowed)";
    return false;
  }
  if (o->transport == Transport::kRpc && t.ca_file.empty()) {
    // kj's TLS (rpc_link.h) shows no peer certificate to compare a pin with.
    *error = "--transport rpc: TLS needs --ca FILE (a --pin is checked on the DTO port only)";
    return false;
  }
  return true;
}

}  // namespace rsclient::grammar
