# Cap'n Proto 0.9.2 lite (kj + capnp, no RPC) built freestanding for ring-3
# services, from the unpatched Debian source tree that tools/deps fetches.
# Included by cmake/guest.cmake.
#
#   capos_user_base      INTERFACE: guest flags, the freestanding include
#                        chain and static no-libc link options, without
#                        CAPNP_LITE: for code that includes no kj or capnp
#                        header (libc, the terminal cores), which both
#                        Cap'n Proto builds may then link.
#   capos_user_options   INTERFACE: capos_user_base + CAPNP_LITE. Link every
#                        other guest library and service against it.
#   capnp_lite           STATIC: kj + capnp lite sources.
#   capos_schema_guest   STATIC: the generated schema code, guest flags.
# caprt_libc and caprt_capnp_glue live in libcaprt/libc/CMakeLists.txt.
set(CAPOS_CAPNP_SRC ${CAPOS_THIRD_PARTY}/capnproto/src)
if(NOT EXISTS ${CAPOS_CAPNP_SRC}/capnp/message.h)
  message(STATUS "capnp lite: ${CAPOS_CAPNP_SRC} missing (run `make deps`); guest targets skipped")
  return()
endif()

# libstdc++'s header dirs (for <initializer_list>, <type_traits>, <new>, ...):
# they must precede libcaprt/include because their C wrappers #include_next
# the C headers, and CMake drops implicit dirs from include lists, so the
# whole chain is spelled out as flags.
set(CAPOS_CXX_STD_INCLUDES "")
foreach(dir ${CMAKE_CXX_IMPLICIT_INCLUDE_DIRECTORIES})
  if(dir MATCHES "/c\\+\\+/[0-9]+$" AND EXISTS ${dir}/new)
    list(PREPEND CAPOS_CXX_STD_INCLUDES ${dir})
  elseif(dir MATCHES "/c\\+\\+/[0-9]+$" AND EXISTS ${dir}/bits/c++config.h)
    list(APPEND CAPOS_CXX_STD_INCLUDES ${dir})
  endif()
endforeach()
set(CAPOS_USER_INCLUDE_FLAGS -nostdinc)
foreach(dir ${CAPOS_CXX_STD_INCLUDES} ${CMAKE_SOURCE_DIR}/libcaprt/include ${CAPOS_GCC_INCLUDE})
  list(APPEND CAPOS_USER_INCLUDE_FLAGS "SHELL:-isystem ${dir}")
endforeach()

add_library(capos_user_base INTERFACE)
# The guest is not Linux: undefining it keeps kj off futex/addr2line paths.
# Debian's GCC limits.h needs _LIBC_LIMITS_H_ once there is no glibc.
target_compile_options(capos_user_base INTERFACE
  ${CAPOS_USER_FLAGS} -U__linux__ -U__linux -Ulinux -U__gnu_linux__ -D_LIBC_LIMITS_H_
  -ffunction-sections -fdata-sections ${CAPOS_USER_INCLUDE_FLAGS})
target_include_directories(capos_user_base SYSTEM INTERFACE ${CAPOS_CAPNP_SRC})
target_include_directories(capos_user_base INTERFACE ${CMAKE_SOURCE_DIR} ${CAPOS_SCHEMA_GEN_DIR})
target_link_options(capos_user_base INTERFACE
  -nostdlib -static -no-pie -Wl,--gc-sections -Wl,--build-id=none)
target_link_libraries(capos_user_base INTERFACE gcc)

add_library(capos_user_options INTERFACE)
target_compile_definitions(capos_user_options INTERFACE CAPNP_LITE=1)
target_link_libraries(capos_user_options INTERFACE capos_user_base)

set(CAPOS_KJ_LITE array list common debug exception io memory mutex string source-location
    hash table arena units encoding)
set(CAPOS_CAPNP_LITE c++.capnp blob arena layout list any message schema.capnp stream.capnp
    serialize serialize-packed)
set(CAPOS_CAPNP_LITE_SOURCES "")
foreach(f ${CAPOS_KJ_LITE})
  list(APPEND CAPOS_CAPNP_LITE_SOURCES ${CAPOS_CAPNP_SRC}/kj/${f}.c++)
endforeach()
foreach(f ${CAPOS_CAPNP_LITE})
  list(APPEND CAPOS_CAPNP_LITE_SOURCES ${CAPOS_CAPNP_SRC}/capnp/${f}.c++)
endforeach()
set_source_files_properties(${CAPOS_CAPNP_LITE_SOURCES} PROPERTIES LANGUAGE CXX)

# Third-party code: built as shipped, its warnings are not ours to fix.
add_library(capnp_lite STATIC ${CAPOS_CAPNP_LITE_SOURCES})
target_compile_options(capnp_lite PRIVATE -w)
target_link_libraries(capnp_lite PUBLIC capos_user_options caprt_libc)

add_library(capos_schema_guest STATIC ${CAPOS_SCHEMA_SOURCES})
add_dependencies(capos_schema_guest capos_schema_gen)
target_compile_options(capos_schema_guest PRIVATE -w)
target_link_libraries(capos_schema_guest PUBLIC capnp_lite)
