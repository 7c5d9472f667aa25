// Catalog services for the tests: a small valid one and one with every list
// and text at its bound (the largest entry a catalog can hold).
#ifndef SERVICES_AUTHORITY_TEST_CATALOG_H_
#define SERVICES_AUTHORITY_TEST_CATALOG_H_

#include "services/authority/catalog.h"

namespace authority::testing {

// Worker "adventure" (profile "adventure-worker"), one companion, one grant
// (console: Console, backendHeld), one export (adventure, read|write),
// classes user and operator, default limits.
ServiceProfile make_service(const char* name);

// Name "svc<index>-" padded to kIdentMax; kMaxCompanions companions,
// kMaxServiceGrants grants, kMaxExports exports, both classes, every text
// at its longest.
ServiceProfile make_full_service(int index);

}  // namespace authority::testing

#endif  // SERVICES_AUTHORITY_TEST_CATALOG_H_
