// The bundle's path and content-type rules (FORMAT.md), shared by the
// archive check and the request lookup so that both accept exactly the same
// paths: a request that the archive check would refuse as a path can never
// name a file.
#ifndef SERVICES_LIB_UI_BUNDLE_BUNDLE_PATH_H_
#define SERVICES_LIB_UI_BUNDLE_BUNDLE_PATH_H_

#include <stddef.h>

namespace ui_bundle {

// `/`-separated segments of [A-Za-z0-9_-][A-Za-z0-9._-]*, 1..kMaxPath bytes.
bool ValidPath(const char* p, size_t len);

// Lower-case type/subtype[; key=value]*, 1..kMaxContentType bytes, nothing
// that could end or split an HTTP header.
bool ValidContentType(const char* t, size_t len);

}  // namespace ui_bundle

#endif  // SERVICES_LIB_UI_BUNDLE_BUNDLE_PATH_H_
