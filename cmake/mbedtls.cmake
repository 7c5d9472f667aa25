# mbedTLS 3.6 LTS (Debian trixie's source, unpatched, fetched by `make deps`
# into build/src/mbedtls), configured by
# libcaprt/mbedtls/capos_mbedtls_config.h. Included at the end of
# cmake/guest.cmake.
#
#   mbedtls_guest  STATIC: guest flags (capos_user_options), freestanding libc,
#                  RDRAND/RDSEED entropy hook; crypto, X.509 and TLS. Link it
#                  before caprt_libc. Static linking takes only the modules a
#                  program references: PBKDF2 users get no TLS code.
#   mbedtls_host   STATIC: the same sources and config for host tools and
#                  tests (entropy from the OS), plus certificate writing.
# Both export the config define and the include dirs to their users.
# Debian's two patches (skipped, as for every dependency) are build-only: a
# GCC 14 -Werror=array-bounds false positive and mbedTLS's own CMake files;
# no code compiled here differs.
set(CAPOS_MBEDTLS_SRC ${CAPOS_THIRD_PARTY}/mbedtls)
if(NOT EXISTS ${CAPOS_MBEDTLS_SRC}/include/mbedtls/pkcs5.h)
  message(STATUS "mbedtls: ${CAPOS_MBEDTLS_SRC} missing (run `make deps`); mbedtls targets skipped")
  return()
endif()
# The config and the users are written against the 3.6 API: an older tree
# (2.x has no build_info.h) would fail far from the cause.
set(CAPOS_MBEDTLS_VERSION "2.x")
if(EXISTS ${CAPOS_MBEDTLS_SRC}/include/mbedtls/build_info.h)
  file(STRINGS ${CAPOS_MBEDTLS_SRC}/include/mbedtls/build_info.h CAPOS_MBEDTLS_VERSION
       REGEX "^#define MBEDTLS_VERSION_STRING ")
endif()
string(REGEX MATCH "[0-9x]+\\.[0-9x]+(\\.[0-9]+)?" CAPOS_MBEDTLS_VERSION "${CAPOS_MBEDTLS_VERSION}")
if(NOT CAPOS_MBEDTLS_VERSION MATCHES "^3\\.6\\.")
  message(FATAL_ERROR "mbedtls: ${CAPOS_MBEDTLS_SRC} is '${CAPOS_MBEDTLS_VERSION}', "
                      "not 3.6.x: run `make deps` (or tools/deps/fetch-sources.sh)")
endif()
message(STATUS "mbedtls: ${CAPOS_MBEDTLS_VERSION}")

# The library/ modules the config enables, listed explicitly (a module whose
# options are off compiles to nothing; these are the ones that do not).
set(CAPOS_MBEDTLS_CRYPTO_MODULES
    aes aesni asn1parse asn1write bignum bignum_core chacha20 chachapoly cipher cipher_wrap
    constant_time ctr_drbg ecdh ecdsa ecp ecp_curves entropy entropy_poll gcm hkdf md oid pk
    pk_ecc pk_wrap pkcs5 pkparse platform platform_util poly1305 rsa rsa_alt_helpers sha256
    sha512)
set(CAPOS_MBEDTLS_PSA_MODULES
    psa_crypto psa_crypto_aead psa_crypto_cipher psa_crypto_client
    psa_crypto_driver_wrappers_no_static psa_crypto_ecp psa_crypto_hash psa_crypto_mac
    psa_crypto_random psa_crypto_rsa psa_crypto_se psa_crypto_slot_management
    psa_crypto_storage psa_util)
set(CAPOS_MBEDTLS_X509_MODULES x509 x509_crt)
set(CAPOS_MBEDTLS_TLS_MODULES
    ssl_ciphersuites ssl_client ssl_msg ssl_tls ssl_tls12_client ssl_tls12_server
    ssl_ticket ssl_tls13_client ssl_tls13_generic ssl_tls13_keys ssl_tls13_server)
# Certificate writing for host tests, and PEM reading for the CLI's --ca
# (off in the guest config).
set(CAPOS_MBEDTLS_HOST_MODULES pkwrite x509_create x509write x509write_crt pem base64)

function(capos_mbedtls_sources out)
  set(srcs "")
  foreach(m ${ARGN})
    list(APPEND srcs ${CAPOS_MBEDTLS_SRC}/library/${m}.c)
  endforeach()
  set(${out} ${srcs} PARENT_SCOPE)
endfunction()
capos_mbedtls_sources(CAPOS_MBEDTLS_SOURCES ${CAPOS_MBEDTLS_CRYPTO_MODULES}
                      ${CAPOS_MBEDTLS_PSA_MODULES} ${CAPOS_MBEDTLS_X509_MODULES}
                      ${CAPOS_MBEDTLS_TLS_MODULES})
capos_mbedtls_sources(CAPOS_MBEDTLS_HOST_SOURCES ${CAPOS_MBEDTLS_HOST_MODULES})
set(CAPOS_MBEDTLS_CONFIG_DEF "MBEDTLS_CONFIG_FILE=\"capos_mbedtls_config.h\"")
# Ours, in both builds: PSA's storage in RAM (the native ITS the config asks
# for), the key-service binding (signer_key.h) and the in-process TLS pair
# self-tests and probes prove a configuration with (tls_loopback.h).
set(CAPOS_MBEDTLS_GLUE ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/psa_its_ram.cc
    ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/signer_key.cc
    ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/tls_loopback.cc)

# Third-party code: built as shipped, its warnings are not ours to fix.
add_library(mbedtls_host STATIC ${CAPOS_MBEDTLS_SOURCES} ${CAPOS_MBEDTLS_HOST_SOURCES}
            ${CAPOS_MBEDTLS_GLUE})
target_compile_options(mbedtls_host PRIVATE -w -O2)
# A native ITS comes with the platform's psa/error.h and
# psa/internal_trusted_storage.h (libcaprt/mbedtls/platform), which use
# mbedTLS's declaration of the interface in library/.
set(CAPOS_MBEDTLS_PRIVATE_INCLUDES ${CMAKE_SOURCE_DIR} ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/platform
    ${CAPOS_MBEDTLS_SRC}/library)
target_include_directories(mbedtls_host PRIVATE ${CAPOS_MBEDTLS_PRIVATE_INCLUDES})
target_compile_definitions(mbedtls_host PUBLIC ${CAPOS_MBEDTLS_CONFIG_DEF})
target_include_directories(mbedtls_host SYSTEM PUBLIC
  ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls ${CAPOS_MBEDTLS_SRC}/include)

# The config works, on the host build: mbedTLS's self tests of the configured
# crypto, in-memory TLS 1.3 and 1.2 handshakes (every configured suite and key
# type, and the refusals), asynchronous private-key signing, and TLS 1.3/1.2
# servers signing through a key held by another process (signer_key.h).
set(CAPOS_MBEDTLS_TESTS
    mbedtls_self_test tls_handshake_test tls_async_key_test signer_key_test tls_test_key_holder
    tls_test_peer tls_test_pki)
list(TRANSFORM CAPOS_MBEDTLS_TESTS REPLACE "(.+)" "${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/\\1.cc")
capos_host_test(mbedtls_config_test SOURCES ${CAPOS_MBEDTLS_TESTS} LIBS mbedtls_host)
# The guest's gmtime_r (certificate dates), against the host's libc.
capos_host_test(mbedtls_gmtime_test SOURCES ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/gmtime_test.cc
                ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/gmtime.cc)

if(TARGET capos_user_options)
  add_library(mbedtls_guest STATIC ${CAPOS_MBEDTLS_SOURCES} ${CAPOS_MBEDTLS_GLUE}
              ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/hardware_entropy.cc
              ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/clock.cc
              ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/gmtime.cc)
  target_include_directories(mbedtls_guest PRIVATE ${CAPOS_MBEDTLS_PRIVATE_INCLUDES})
  # The guest is no Unix (no fork, getpid or gettimeofday): mbedTLS's
  # Unix-only paths, PSA's fork protection among them, stay out.
  target_compile_options(mbedtls_guest PRIVATE -w -U__unix__ -U__unix -Uunix)
  # Headers mbedTLS wants that libcaprt's libc lacks; private to this library.
  target_include_directories(mbedtls_guest SYSTEM BEFORE PRIVATE
    ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls/shim)
  target_compile_definitions(mbedtls_guest PUBLIC ${CAPOS_MBEDTLS_CONFIG_DEF} CAPOS_MBEDTLS_GUEST=1)
  target_include_directories(mbedtls_guest SYSTEM PUBLIC
    ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls ${CAPOS_MBEDTLS_SRC}/include)
  # The guest flags without CAPNP_LITE (it includes no kj or capnp), so the
  # non-lite rpc-gateway can link it too.
  target_link_libraries(mbedtls_guest PUBLIC capos_user_base)
endif()

# The guest TLS proof: the TLS modules of mbedtls_guest linked freestanding
# (libcaprt's libc, Linux-syscall _start) and run under CTest, a TLS 1.3 and a
# 1.2 handshake in one process. Its server key and certificate are made at
# build time by a host tool (the guest config cannot write certificates).
if(TARGET mbedtls_guest AND CMAKE_SYSTEM_NAME STREQUAL "Linux"
   AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(CAPOS_MBEDTLS_DIR ${CMAKE_SOURCE_DIR}/libcaprt/mbedtls)
  set(CAPOS_MBEDTLS_GEN ${CMAKE_BINARY_DIR}/gen/mbedtls)
  add_executable(tls_identity_gen ${CAPOS_MBEDTLS_DIR}/tls_identity_gen.cc
                 ${CAPOS_MBEDTLS_DIR}/tls_test_pki.cc)
  target_include_directories(tls_identity_gen PRIVATE ${CMAKE_SOURCE_DIR})
  target_link_libraries(tls_identity_gen PRIVATE mbedtls_host)
  add_custom_command(OUTPUT ${CAPOS_MBEDTLS_GEN}/tls_guest_identity.h
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CAPOS_MBEDTLS_GEN}
    COMMAND tls_identity_gen ${CAPOS_MBEDTLS_GEN}/tls_guest_identity.h
    DEPENDS tls_identity_gen
    COMMENT "test key and certificate for mbedtls_guest_selftest")

  add_executable(mbedtls_guest_selftest ${CAPOS_MBEDTLS_DIR}/tls_guest_selftest.cc
                 ${CMAKE_SOURCE_DIR}/libcaprt/libc/selftest/linux_start.cc
                 ${CAPOS_MBEDTLS_GEN}/tls_guest_identity.h)
  target_include_directories(mbedtls_guest_selftest PRIVATE ${CAPOS_MBEDTLS_GEN})
  target_compile_options(mbedtls_guest_selftest PRIVATE -Wall -Wextra -Wno-unused-parameter)
  # caprt_libc last: mbedTLS calls into it.
  target_link_libraries(mbedtls_guest_selftest PRIVATE mbedtls_guest caprt_libc)
  add_test(NAME mbedtls_guest_selftest COMMAND mbedtls_guest_selftest)
  # 77: a CPU without RDSEED/RDRAND, where the guest has no entropy source.
  set_tests_properties(mbedtls_guest_selftest PROPERTIES SKIP_RETURN_CODE 77)
endif()

# The mbedTLS users: the password-record library, then its two users, the
# build-time hash tool and the authority policy core. They are added here
# (not from tools/ or services/CMakeLists.txt) so they build wherever mbedTLS
# does; move them there together if that changes.
add_subdirectory(${CMAKE_SOURCE_DIR}/services/lib/password-record
                 ${CMAKE_BINARY_DIR}/services/lib/password-record)
add_subdirectory(${CMAKE_SOURCE_DIR}/services/lib/login-proof
                 ${CMAKE_BINARY_DIR}/services/lib/login-proof)
add_subdirectory(${CMAKE_SOURCE_DIR}/services/lib/client-cert
                 ${CMAKE_BINARY_DIR}/services/lib/client-cert)
add_subdirectory(${CMAKE_SOURCE_DIR}/tools/passwd-hash ${CMAKE_BINARY_DIR}/tools/passwd-hash)
add_subdirectory(${CMAKE_SOURCE_DIR}/services/authority ${CMAKE_BINARY_DIR}/services/authority)
