// Signer (schema/keyvault.capnp) over one key: params bytes in, result bytes
// out. Pure (no IPC), so the host tests run exactly what the service runs.
#ifndef SERVICES_KEYVAULT_SIGNER_CODEC_H_
#define SERVICES_KEYVAULT_SIGNER_CODEC_H_

#include <stdint.h>

#include "kernel-abi/abi.h"
#include "services/keyvault/key_table.h"

namespace keyvault {

struct Reply {
  abi::Error status = abi::Error::kOk;  // the RETURN's; kOk carries `len` bytes
  uint32_t len = 0;
  SignError sign_error = SignError::kNone;  // a typed `sign` refusal, for the log
};

// Answers call `method` on the endpoint of `key`. Transport errors:
// kBadMethod, kMalformedMessage (params that do not decode), kResultTooSmall
// (out_cap below the method's minimum). Refusals of a well-formed request
// are typed results (Signer.Error), with status kOk.
Reply HandleCall(const KeyTable& table, const Key& key, uint16_t method, const uint8_t* params,
                 uint32_t params_len, uint8_t* out, uint32_t out_cap);

}  // namespace keyvault

#endif  // SERVICES_KEYVAULT_SIGNER_CODEC_H_
