// The catalog on the wire: AuthorityBroker.serviceCatalog's results, every
// service as loaded, in manifest order. Shared by the service and its host
// test, so the test sees the bytes a front end receives.
#ifndef SERVICES_AUTHORITY_CATALOG_WIRE_H_
#define SERVICES_AUTHORITY_CATALOG_WIRE_H_

#include <stdint.h>

#include "schema/authority.capnp.h"
#include "services/authority/catalog.h"

namespace authority {

// The results message of a full catalog (kMaxServices services, every list
// and text at its bound) fits in this many bytes (catalog_wire_test checks
// it): the authority's reply buffer is at least this big, and so must be a
// front end's result buffer for serviceCatalog.
inline constexpr uint32_t kServiceCatalogBytes = 24 * 1024;

void FillServiceCatalog(const Catalog& catalog,
                        capos::schema::AuthorityBroker::ServiceCatalogResults::Builder out);

}  // namespace authority

#endif  // SERVICES_AUTHORITY_CATALOG_WIRE_H_
