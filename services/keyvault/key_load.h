// Reads keyvault's boot resource (KeyvaultKeys, schema/keyvault.capnp) into
// a KeyTable. The resource is trusted (the image build wrote it) but still
// decoded through the hostile-input glue: a damaged one must stop keyvault
// with a reason, not crash it.
#ifndef SERVICES_KEYVAULT_KEY_LOAD_H_
#define SERVICES_KEYVAULT_KEY_LOAD_H_

#include <stddef.h>

#include "services/keyvault/key_table.h"

namespace keyvault {

// True when every key of the resource was added. On false, `why` says what
// was wrong and the table must not be served (it may hold some keys).
// The caller wipes `bytes` afterwards: PSA has its own copy of each key.
bool LoadKeys(const void* bytes, size_t size, KeyTable* table, char* why, size_t why_cap);

}  // namespace keyvault

#endif  // SERVICES_KEYVAULT_KEY_LOAD_H_
