# Compiles schema/*.capnp with the Debian `capnp` tool. The generated C++ is
# shared by host tools (linked against Debian's full libcapnp) and by the
# guest (compiled again with guest flags against the freestanding lite build).
#
# Outputs:
#   CAPOS_SCHEMA_GEN_DIR   include dir; use #include "schema/kernel.capnp.h"
#   CAPOS_SCHEMA_SOURCES   generated .c++ files
#   target capos_schema_gen (custom target that produces them)
file(GLOB CAPOS_SCHEMA_FILES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/schema/*.capnp)
set(CAPOS_SCHEMA_GEN_DIR ${CMAKE_BINARY_DIR}/gen)
set(CAPOS_SCHEMA_SOURCES "")
set(CAPOS_SCHEMA_HEADERS "")
foreach(f ${CAPOS_SCHEMA_FILES})
  get_filename_component(base ${f} NAME)
  list(APPEND CAPOS_SCHEMA_SOURCES ${CAPOS_SCHEMA_GEN_DIR}/schema/${base}.c++)
  list(APPEND CAPOS_SCHEMA_HEADERS ${CAPOS_SCHEMA_GEN_DIR}/schema/${base}.h)
endforeach()
add_custom_command(
  OUTPUT ${CAPOS_SCHEMA_SOURCES} ${CAPOS_SCHEMA_HEADERS}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CAPOS_SCHEMA_GEN_DIR}
  COMMAND capnp compile -I/usr/include --src-prefix=${CMAKE_SOURCE_DIR}
          -oc++:${CAPOS_SCHEMA_GEN_DIR} ${CAPOS_SCHEMA_FILES}
  DEPENDS ${CAPOS_SCHEMA_FILES}
  COMMENT "capnp compile schema/*.capnp")
add_custom_target(capos_schema_gen DEPENDS ${CAPOS_SCHEMA_SOURCES} ${CAPOS_SCHEMA_HEADERS})
set_source_files_properties(${CAPOS_SCHEMA_SOURCES} PROPERTIES LANGUAGE CXX)

# Host library of the generated code (full Debian libcapnp).
if(CapnProto_FOUND AND NOT CAPOS_FUZZ)
  add_library(capos_schema_host STATIC ${CAPOS_SCHEMA_SOURCES})
  target_include_directories(capos_schema_host PUBLIC ${CAPOS_SCHEMA_GEN_DIR} ${CMAKE_SOURCE_DIR})
  target_link_libraries(capos_schema_host PUBLIC CapnProto::capnp CapnProto::capnp-rpc)
endif()

# ---------------------------------------------------------------------------
# Kernel wire layout (tools/capnp-kernel-gen): field offsets, pointer indices,
# interface ids and method ordinals generated from the same schemas, so the
# kernel's freestanding codec never hand-writes a layout.
#
# Outputs:
#   ${CAPOS_SCHEMA_GEN_DIR}/layout/<file>.capnp.layout.h
#     use #include "layout/kernel.capnp.layout.h" (needs the source root on
#     the include path: it includes "kernel/lib/capnp_wire.h")
#   CAPOS_LAYOUT_HEADERS, target capos_layout_gen
add_subdirectory(${CMAKE_SOURCE_DIR}/tools/capnp-kernel-gen ${CMAKE_BINARY_DIR}/capnp-kernel-gen)
set(CAPOS_LAYOUT_HEADERS "")
foreach(f ${CAPOS_SCHEMA_FILES})
  get_filename_component(base ${f} NAME)
  list(APPEND CAPOS_LAYOUT_HEADERS ${CAPOS_SCHEMA_GEN_DIR}/layout/${base}.layout.h)
endforeach()
add_custom_command(
  OUTPUT ${CAPOS_LAYOUT_HEADERS}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${CAPOS_SCHEMA_GEN_DIR}/layout
  COMMAND capnp compile -I/usr/include --src-prefix=${CMAKE_SOURCE_DIR}
          -o$<TARGET_FILE:capnp-kernel-gen>:${CAPOS_SCHEMA_GEN_DIR} ${CAPOS_SCHEMA_FILES}
  DEPENDS ${CAPOS_SCHEMA_FILES} capnp-kernel-gen
  COMMENT "capnp-kernel-gen schema/*.capnp")
add_custom_target(capos_layout_gen DEPENDS ${CAPOS_LAYOUT_HEADERS})
