# Cap'n Proto 0.9.2 RPC (non-lite kj + capnp + capnp-rpc) built freestanding
# for the one service that speaks standard Cap'n Proto RPC
# (services/rpc-gateway), from the same unpatched Debian source tree as
# cmake/capnp_lite.cmake. Included by cmake/guest.cmake after it.
#
# Lite and non-lite objects cannot share a binary (CAPNP_LITE changes class
# layouts and the generated code), so everything such a service links that
# includes a kj or capnp header is built a second time without CAPNP_LITE:
#
#   capos_user_rpc           INTERFACE: capos_user_base with the POSIX
#                            header shims of libcaprt/rpc/include first
#   capnp_rpc_guest          STATIC: kj (with async), capnp, capnp-rpc and
#                            the generated code of rpc.capnp,
#                            rpc-twoparty.capnp and persistent.capnp
#   capos_schema_guest_rpc   STATIC: the generated code of schema/*.capnp
#   capos_rpc_flavor(<lib>)  defines <lib>_rpc: <lib>'s sources, options and
#                            include dirs, with every lite dependency
#                            replaced by its non-lite twin
# The shims' code (caprt_rpc_shims) lives in libcaprt/rpc.
set(CAPOS_RPC_SHIM_INCLUDE ${CMAKE_SOURCE_DIR}/libcaprt/rpc/include)

# The shim headers must come before libcaprt/include (one wraps its
# unistd.h with #include_next); the whole chain is repeated here so its
# order does not depend on how CMake merges interface options.
add_library(capos_user_rpc INTERFACE)
set(CAPOS_RPC_INCLUDE_FLAGS -nostdinc)
foreach(dir ${CAPOS_CXX_STD_INCLUDES} ${CAPOS_RPC_SHIM_INCLUDE} ${CMAKE_SOURCE_DIR}/libcaprt/include
            ${CAPOS_GCC_INCLUDE})
  list(APPEND CAPOS_RPC_INCLUDE_FLAGS "SHELL:-isystem ${dir}")
endforeach()
target_compile_options(capos_user_rpc INTERFACE ${CAPOS_RPC_INCLUDE_FLAGS})
target_link_libraries(capos_user_rpc INTERFACE capos_user_base)

# The lite lists plus what async I/O and RPC need (timer: kj::TimerImpl).
# No schema loader, dynamic API or stringify: nothing here uses them.
set(CAPOS_KJ_RPC ${CAPOS_KJ_LITE} refcount string-tree time async async-io timer)
set(CAPOS_CAPNP_RPC ${CAPOS_CAPNP_LITE} schema capability serialize-async rpc rpc-twoparty
    rpc.capnp rpc-twoparty.capnp persistent.capnp)
set(CAPOS_CAPNP_RPC_SOURCES "")
foreach(f ${CAPOS_KJ_RPC})
  list(APPEND CAPOS_CAPNP_RPC_SOURCES ${CAPOS_CAPNP_SRC}/kj/${f}.c++)
endforeach()
foreach(f ${CAPOS_CAPNP_RPC})
  list(APPEND CAPOS_CAPNP_RPC_SOURCES ${CAPOS_CAPNP_SRC}/capnp/${f}.c++)
endforeach()
set_source_files_properties(${CAPOS_CAPNP_RPC_SOURCES} PROPERTIES LANGUAGE CXX)

add_library(capnp_rpc_guest STATIC ${CAPOS_CAPNP_RPC_SOURCES})
target_compile_options(capnp_rpc_guest PRIVATE -w)
target_link_libraries(capnp_rpc_guest PUBLIC capos_user_rpc caprt_libc)

add_library(capos_schema_guest_rpc STATIC ${CAPOS_SCHEMA_SOURCES})
add_dependencies(capos_schema_guest_rpc capos_schema_gen)
target_compile_options(capos_schema_guest_rpc PRIVATE -w)
target_link_libraries(capos_schema_guest_rpc PUBLIC capnp_rpc_guest)

# Lite targets and their non-lite twins; capos_rpc_flavor adds to it.
set_property(GLOBAL PROPERTY CAPOS_RPC_TWINS
  "capos_user_options=capos_user_rpc;capnp_lite=capnp_rpc_guest;capos_schema_guest=capos_schema_guest_rpc")

function(capos_rpc_flavor lib)
  get_target_property(dir ${lib} SOURCE_DIR)
  get_target_property(sources ${lib} SOURCES)
  set(absolute "")
  foreach(s ${sources})
    if(IS_ABSOLUTE ${s})
      list(APPEND absolute ${s})
    else()
      list(APPEND absolute ${dir}/${s})
    endif()
  endforeach()
  add_library(${lib}_rpc STATIC ${absolute})
  foreach(prop COMPILE_OPTIONS INCLUDE_DIRECTORIES COMPILE_DEFINITIONS)
    get_target_property(value ${lib} ${prop})
    if(value)
      set_property(TARGET ${lib}_rpc PROPERTY ${prop} ${value})
    endif()
  endforeach()
  get_target_property(value ${lib} INTERFACE_INCLUDE_DIRECTORIES)
  if(value)
    set_property(TARGET ${lib}_rpc PROPERTY INTERFACE_INCLUDE_DIRECTORIES ${value})
  endif()
  get_property(twins GLOBAL PROPERTY CAPOS_RPC_TWINS)
  get_target_property(deps ${lib} LINK_LIBRARIES)
  set(mapped "")
  foreach(d ${deps})
    set(twin ${d})
    foreach(pair ${twins})
      string(REPLACE "=" ";" pair ${pair})
      list(GET pair 0 from)
      if(from STREQUAL d)
        list(GET pair 1 twin)
      endif()
    endforeach()
    list(APPEND mapped ${twin})
  endforeach()
  target_link_libraries(${lib}_rpc PUBLIC ${mapped})
  add_dependencies(${lib}_rpc capos_schema_gen capos_layout_gen)
  set_property(GLOBAL APPEND PROPERTY CAPOS_RPC_TWINS "${lib}=${lib}_rpc")
endfunction()
