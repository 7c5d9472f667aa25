# cJSON 1.7.15 (Debian source, unpatched, fetched by `make deps` into
# build/src/cjson): cJSON.c only (not cJSON_Utils). Included at the end of
# cmake/guest.cmake.
#
# Configuration, by definition rather than by patch:
#   CJSON_NESTING_LIMIT=32  parse, print and delete recurse once per level; a
#                           guest stack must not depend on what a client sends.
#   no ENABLE_LOCALES       '.' is the decimal point (no localeconv()).
# Allocation goes through cJSON's hooks (services/lib/json installs budgeted
# ones). In the guest, printing a number needs sprintf("%1.15g"/"%1.17g") and
# sscanf("%lg") from libcaprt's libc, fabs/isnan/isinf from libcaprt/cshim.
#
# Debian's patches, which this unpatched build does not have, fix: NULL
# checks in cJSON_SetValuestring and cJSON_InsertItemInArray (CVE-2023-50471,
# -50472, CVE-2024-31755), numbers over 63 characters rejected
# (CVE-2023-26819), a read past the end of a buffer that ends after a comma
# in an object (CVE-2023-53154), and a cJSON_Utils bug (CVE-2025-57052).
# services/lib/json never calls those functions and always parses a
# NUL-terminated copy, so the over-read stops at the terminator.
#
#   cjson_host   STATIC: host flags, for host tests; instrumented in the
#                CAPOS_FUZZ build.
#   cjson_guest  STATIC: guest flags, libcaprt's libc.
set(CAPOS_CJSON_SRC ${CAPOS_THIRD_PARTY}/cjson)
if(NOT EXISTS ${CAPOS_CJSON_SRC}/cJSON.c)
  message(STATUS "cjson: ${CAPOS_CJSON_SRC} missing (run `make deps`); skipped")
  return()
endif()
set(CAPOS_CJSON_DEFS CJSON_NESTING_LIMIT=32)

# Third-party code: built as shipped, its warnings are not ours to fix.
add_library(cjson_host STATIC ${CAPOS_CJSON_SRC}/cJSON.c)
target_compile_options(cjson_host PRIVATE -w -O2)
target_compile_definitions(cjson_host PUBLIC ${CAPOS_CJSON_DEFS})
target_include_directories(cjson_host SYSTEM PUBLIC ${CAPOS_CJSON_SRC})
target_link_libraries(cjson_host PUBLIC m)
if(CAPOS_FUZZ)
  target_compile_options(cjson_host PRIVATE -g -O1 -fsanitize=fuzzer-no-link,address,undefined)
endif()

if(TARGET capos_user_options)
  add_library(cjson_guest STATIC ${CAPOS_CJSON_SRC}/cJSON.c)
  target_compile_options(cjson_guest PRIVATE -w -std=gnu11)
  target_include_directories(cjson_guest SYSTEM BEFORE PRIVATE ${CMAKE_SOURCE_DIR}/libcaprt/cshim)
  target_compile_definitions(cjson_guest PUBLIC ${CAPOS_CJSON_DEFS})
  target_include_directories(cjson_guest SYSTEM PUBLIC ${CAPOS_CJSON_SRC})
  target_link_libraries(cjson_guest PUBLIC capos_user_options caprt_libc)
endif()
