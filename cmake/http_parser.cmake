# http-parser 2.9.4 (Debian source, unpatched, fetched by `make deps` into
# build/src/http-parser): one C file, no allocation. Included at the end of
# cmake/guest.cmake. Strict mode (HTTP_PARSER_STRICT=1, the upstream default)
# is spelled out so that every user of the header agrees with the library.
#
#   http_parser_host   STATIC: host flags, for host tests; instrumented for
#                      libFuzzer in the CAPOS_FUZZ build so that the fuzz
#                      targets see coverage inside the parser.
#   http_parser_guest  STATIC: guest flags (capos_user_options), libcaprt's
#                      libc, libcaprt/cshim for <assert.h>.
set(CAPOS_HTTP_PARSER_SRC ${CAPOS_THIRD_PARTY}/http-parser)
if(NOT EXISTS ${CAPOS_HTTP_PARSER_SRC}/http_parser.c)
  message(STATUS "http-parser: ${CAPOS_HTTP_PARSER_SRC} missing (run `make deps`); skipped")
  return()
endif()

# Third-party code: built as shipped, its warnings are not ours to fix.
add_library(http_parser_host STATIC ${CAPOS_HTTP_PARSER_SRC}/http_parser.c)
target_compile_options(http_parser_host PRIVATE -w -O2)
target_compile_definitions(http_parser_host PUBLIC HTTP_PARSER_STRICT=1)
target_include_directories(http_parser_host SYSTEM PUBLIC ${CAPOS_HTTP_PARSER_SRC})
if(CAPOS_FUZZ)
  target_compile_options(http_parser_host PRIVATE -g -O1
                         -fsanitize=fuzzer-no-link,address,undefined)
endif()

if(TARGET capos_user_options)
  add_library(http_parser_guest STATIC ${CAPOS_HTTP_PARSER_SRC}/http_parser.c)
  target_compile_options(http_parser_guest PRIVATE -w -std=gnu11)
  target_include_directories(http_parser_guest SYSTEM BEFORE PRIVATE
                             ${CMAKE_SOURCE_DIR}/libcaprt/cshim)
  target_compile_definitions(http_parser_guest PUBLIC HTTP_PARSER_STRICT=1)
  target_include_directories(http_parser_guest SYSTEM PUBLIC ${CAPOS_HTTP_PARSER_SRC})
  target_link_libraries(http_parser_guest PUBLIC capos_user_options caprt_libc)
endif()
