// PSA Internal Trusted Storage in RAM: the "native implementation of the PSA
// ITS interface" that MBEDTLS_PSA_CRYPTO_STORAGE_C asks for when
// MBEDTLS_PSA_ITS_FILE_C is off (the guest has no file system).
//
// Why storage at all: a key that lives in a secure element (here: a key
// service in another process, see signer_key.h) can only be registered with
// mbedTLS as a persistent key, and mbedTLS keeps a persistent key's
// attributes and slot number in ITS. Nothing here outlives the process, which
// is what we want: a TLS endpoint registers its keys again at every start.
//
// What is stored is never private key material: a registered key's entry is
// its attributes and the driver's slot number. Entries are few and small,
// so a fixed table with one heap block per entry is enough; single-threaded,
// like the rest of our mbedTLS.
#include <string.h>

#include "mbedtls/platform.h"
#include "mbedtls/platform_util.h"
#include "psa/internal_trusted_storage.h"

namespace {

constexpr int kMaxEntries = 32;
// mbedTLS's largest entry is a key file; a registered key's is ~40 bytes, a
// transparent persistent RSA-4096 key's would be ~2.4 KiB.
constexpr uint32_t kMaxEntryBytes = 4096;

struct Entry {
  bool used;
  psa_storage_uid_t uid;
  psa_storage_create_flags_t flags;
  uint32_t size;
  unsigned char* data;
};

Entry g_entries[kMaxEntries];

Entry* Find(psa_storage_uid_t uid) {
  for (Entry& e : g_entries) {
    if (e.used && e.uid == uid) return &e;
  }
  return nullptr;
}

void Release(Entry* e) {
  if (e->data != nullptr) {
    mbedtls_platform_zeroize(e->data, e->size);
    mbedtls_free(e->data);
  }
  *e = Entry{};
}

}  // namespace

extern "C" {

psa_status_t psa_its_set(psa_storage_uid_t uid, uint32_t data_length, const void* p_data,
                         psa_storage_create_flags_t create_flags) {
  if (create_flags & ~static_cast<psa_storage_create_flags_t>(PSA_STORAGE_FLAG_WRITE_ONCE)) {
    return PSA_ERROR_NOT_SUPPORTED;
  }
  if (data_length > kMaxEntryBytes) return PSA_ERROR_INSUFFICIENT_STORAGE;
  if (data_length != 0 && p_data == nullptr) return PSA_ERROR_INVALID_ARGUMENT;
  Entry* e = Find(uid);
  if (e != nullptr && (e->flags & PSA_STORAGE_FLAG_WRITE_ONCE)) return PSA_ERROR_NOT_PERMITTED;
  if (e == nullptr) {
    for (Entry& free_entry : g_entries) {
      if (!free_entry.used) {
        e = &free_entry;
        break;
      }
    }
    if (e == nullptr) return PSA_ERROR_INSUFFICIENT_STORAGE;
  }
  // The new value is copied before the old one goes, so a failed set leaves
  // the entry as it was.
  unsigned char* copy = nullptr;
  if (data_length != 0) {
    copy = static_cast<unsigned char*>(mbedtls_calloc(1, data_length));
    if (copy == nullptr) return PSA_ERROR_INSUFFICIENT_STORAGE;
    memcpy(copy, p_data, data_length);
  }
  Release(e);
  *e = Entry{true, uid, create_flags, data_length, copy};
  return PSA_SUCCESS;
}

psa_status_t psa_its_get(psa_storage_uid_t uid, uint32_t data_offset, uint32_t data_length,
                         void* p_data, size_t* p_data_length) {
  const Entry* e = Find(uid);
  if (e == nullptr) return PSA_ERROR_DOES_NOT_EXIST;
  // As mbedTLS's file-backed ITS: a read past the end is refused, not cut.
  if (static_cast<uint64_t>(data_offset) + data_length > e->size) return PSA_ERROR_INVALID_ARGUMENT;
  if (data_length != 0) memcpy(p_data, e->data + data_offset, data_length);
  if (p_data_length != nullptr) *p_data_length = data_length;
  return PSA_SUCCESS;
}

psa_status_t psa_its_get_info(psa_storage_uid_t uid, struct psa_storage_info_t* p_info) {
  const Entry* e = Find(uid);
  if (e == nullptr) return PSA_ERROR_DOES_NOT_EXIST;
  p_info->size = e->size;
  p_info->flags = e->flags;
  return PSA_SUCCESS;
}

psa_status_t psa_its_remove(psa_storage_uid_t uid) {
  Entry* e = Find(uid);
  if (e == nullptr) return PSA_ERROR_DOES_NOT_EXIST;
  if (e->flags & PSA_STORAGE_FLAG_WRITE_ONCE) return PSA_ERROR_NOT_PERMITTED;
  Release(e);
  return PSA_SUCCESS;
}

}  // extern "C"
