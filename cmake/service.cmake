# Ring-3 service executables. Included from cmake/guest.cmake.
#
# capos_service(NAME <name> SOURCES a.cc ... [DEFINES X=1 ...] [LIBS lib ...])
#   Target svc_<name>; the static ELF (with debug info, for gdb) is written
#   to ${CMAKE_BINARY_DIR}/services/debug/<name>, and a copy without debug
#   sections, which is what boot packages carry, to
#   ${CMAKE_BINARY_DIR}/services/bin/<name>. It is laid out by linker/user.ld and
#   carries the ABI note (libcaprt/runtime/abi_note.cc is compiled into each
#   service so DEFINES can override its version). Every target is appended to
#   the GLOBAL property CAPOS_SERVICE_TARGETS for the boot-package builder.
#   With RPC, the service links the non-lite Cap'n Proto build
#   (cmake/capnp_rpc.cmake) and the *_rpc twins of the runtime instead.
set(CAPOS_USER_LD ${CMAKE_SOURCE_DIR}/linker/user.ld)
set(CAPOS_ABI_NOTE_SOURCE ${CMAKE_SOURCE_DIR}/libcaprt/runtime/abi_note.cc)

function(capos_service)
  cmake_parse_arguments(S "RPC" "NAME" "SOURCES;DEFINES;LIBS" ${ARGN})
  if(NOT S_NAME OR NOT S_SOURCES)
    message(FATAL_ERROR "capos_service: NAME and SOURCES are required")
  endif()
  set(t svc_${S_NAME})
  add_executable(${t} ${S_SOURCES} ${CAPOS_ABI_NOTE_SOURCE})
  target_compile_definitions(${t} PRIVATE ${S_DEFINES})
  target_compile_options(${t} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  # The runtime and libc reference each other (abort hook, debug write), so
  # the archives are searched as one group.
  if(S_RPC)
    target_link_libraries(${t} PRIVATE capos_user_rpc ${S_LIBS}
      "$<LINK_GROUP:RESCAN,caprt_runtime_rpc,caprt_capnp_glue_rpc,capos_schema_guest_rpc,caprt_rpc_shims,capnp_rpc_guest,caprt_libc>")
  else()
    target_link_libraries(${t} PRIVATE capos_user_options ${S_LIBS}
      "$<LINK_GROUP:RESCAN,caprt_runtime,caprt_capnp_glue,capos_schema_guest,capnp_lite,caprt_libc>")
  endif()
  target_link_options(${t} PRIVATE -T ${CAPOS_USER_LD} -Wl,-z,max-page-size=4096
                      -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments)
  set_target_properties(${t} PROPERTIES
    OUTPUT_NAME ${S_NAME}
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/services/debug
    LINK_DEPENDS ${CAPOS_USER_LD})
  add_custom_command(TARGET ${t} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/services/bin
    COMMAND objcopy --strip-debug $<TARGET_FILE:${t}> ${CMAKE_BINARY_DIR}/services/bin/${S_NAME})
  set_property(GLOBAL APPEND PROPERTY CAPOS_SERVICE_TARGETS ${t})
endfunction()
