#include "services/keyvault/key_load.h"

#include <stdio.h>

#include "libcaprt/capnp_glue.h"
#include "schema/keyvault.capnp.h"

namespace keyvault {

bool LoadKeys(const void* bytes, size_t size, KeyTable* table, char* why, size_t why_cap) {
  const char* problem = nullptr;
  char name[kNameMax] = {};
  const caprt::DecodeResult d = caprt::Decode<capos::schema::KeyvaultKeys>(
      bytes, size, [&](capos::schema::KeyvaultKeys::Reader r) {
        auto keys = r.getKeys();
        if (keys.size() == 0) problem = "no keys";
        if (keys.size() > static_cast<unsigned>(kMaxKeys)) problem = "too many keys";
        for (unsigned i = 0; problem == nullptr && i < keys.size(); ++i) {
          auto k = keys[i];
          auto chain = k.getCertificateChain();
          if (chain.size() > static_cast<unsigned>(kMaxChainCerts)) {
            problem = "too many certificates";
            break;
          }
          const uint8_t* certs[kMaxChainCerts];
          size_t cert_lens[kMaxChainCerts];
          for (unsigned c = 0; c < chain.size(); ++c) {
            certs[c] = chain[c].begin();
            cert_lens[c] = chain[c].size();
          }
          capnp::Text::Reader n = k.getName();
          snprintf(name, sizeof(name), "%.*s", static_cast<int>(n.size()), n.cStr());
          capnp::Data::Reader secret = k.getPrivateKey();
          table->Add(n.cStr(), n.size(), static_cast<KeyType>(k.getType()), secret.begin(),
                     secret.size(), certs, cert_lens, static_cast<int>(chain.size()), &problem);
        }
      });
  if (!d.ok()) {
    snprintf(why, why_cap, "undecodable resource (%s)", d.detail);
    return false;
  }
  if (problem != nullptr) {
    snprintf(why, why_cap, "%s%s%s", name[0] ? name : "", name[0] ? ": " : "", problem);
    return false;
  }
  return true;
}

}  // namespace keyvault
