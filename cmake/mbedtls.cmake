# mbedTLS 2.28 (Debian source, unpatched, fetched by `make deps` into
# build/src/mbedtls), configured by libcaprt/mbedtls/capos_mbedtls_config.h.
# Included at the end of cmake/guest.cmake.
#
#   mbedtls_guest  STATIC: guest flags (capos_user_options), freestanding libc,
#                  RDRAND/RDSEED entropy hook. Link it before caprt_libc.
#   mbedtls_host   STATIC: the same sources and config for host tools and
#                  tests (entropy from the OS).
# Both export the config define and the include dirs to their users.
set(CAPOS_MBEDTLS_SRC ${CAPOS_THIRD_PARTY}/mbedtls)
if(NOT EXISTS ${CAPOS_MBEDTLS_SRC}/include/mbedtls/pkcs5.h)
  message(STATUS "mbedtls: ${CAPOS_MBEDTLS_SRC} missing (run `make deps`); mbedtls targets skipped")
  return()
endif()

set(CAPOS_MBEDTLS_MODULES
    aes asn1parse asn1write bignum cipher cipher_wrap constant_time ctr_drbg ecdsa ecp
    ecp_curves entropy entropy_poll gcm md oid pkcs5 platform platform_util sha256)
set(CAPOS_MBEDTLS_SOURCES "")
foreach(m ${CAPOS_MBEDTLS_MODULES})
  list(APPEND CAPOS_MBEDTLS_SOURCES ${CAPOS_MBEDTLS_SRC}/library/${m}.c)
endforeach()
set(CAPOS_MBEDTLS_CONFIG_DEF "MBEDTLS_CONFIG_FILE=\"capos_mbedtls_config.h\"")

# Third-party code: built as shipped, its warnings are not ours to fix.
add_library(mbedtls_host STATIC ${CAPOS_MBEDTLS_SOURCES})
target_compile_options(mbedtls_host PRIVATE -w -O2)
target_compile_definitions(mbedtls_host PUBLIC ${CAPOS_MBEDTLS_CONFIG_DEF})
target_include_directories(mbedtls_host SYSTEM PUBLIC
  ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls ${CAPOS_MBEDTLS_SRC}/include)

if(TARGET capos_user_options)
  add_library(mbedtls_guest STATIC ${CAPOS_MBEDTLS_SOURCES}
              ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/hardware_entropy.cc)
  target_compile_options(mbedtls_guest PRIVATE -w)
  # Headers mbedTLS wants that libcaprt's libc lacks; private to this library.
  target_include_directories(mbedtls_guest SYSTEM BEFORE PRIVATE
    ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/shim)
  target_compile_definitions(mbedtls_guest PUBLIC ${CAPOS_MBEDTLS_CONFIG_DEF} CAPOS_MBEDTLS_GUEST=1)
  target_include_directories(mbedtls_guest SYSTEM PUBLIC
    ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls ${CAPOS_MBEDTLS_SRC}/include)
  target_link_libraries(mbedtls_guest PUBLIC capos_user_options)
endif()

# The mbedTLS users: the password-record library, then its two users, the
# build-time hash tool and the authority policy core. They are added here
# (not from tools/ or services/CMakeLists.txt) so they build wherever mbedTLS
# does; move them there together if that changes.
add_subdirectory(${CMAKE_SOURCE_DIR}/services/lib/password-record
                 ${CMAKE_BINARY_DIR}/services/lib/password-record)
add_subdirectory(${CMAKE_SOURCE_DIR}/tools/passwd-hash ${CMAKE_BINARY_DIR}/tools/passwd-hash)
add_subdirectory(${CMAKE_SOURCE_DIR}/services/authority ${CMAKE_BINARY_DIR}/services/authority)
