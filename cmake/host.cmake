# Host-side helpers: unit tests (GoogleTest under CTest) and libFuzzer targets.
#
# capos_host_test(NAME SOURCES a_test.cc ... [LIBS lib ...])
#   A GoogleTest binary registered with CTest under NAME.
# capos_fuzz_target(NAME SOURCES a_fuzz.cc ... [LIBS lib ...])
#   Built only when CAPOS_FUZZ=ON (a clang++ configure, see qemu-tests/fuzz-smoke.sh).
include_guard(GLOBAL)
find_package(GTest QUIET)
find_package(CapnProto QUIET)

function(capos_host_test name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  if(CAPOS_FUZZ)
    return()
  endif()
  add_executable(${name} ${T_SOURCES})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR} ${CAPOS_SCHEMA_GEN_DIR})
  target_compile_options(${name} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  target_link_libraries(${name} PRIVATE GTest::gtest_main ${T_LIBS})
  # <cxxabi.h> (pulled in by gtest for demangling) declares `namespace abi`
  # as an alias, which collides with kernel-abi's namespace; only type-name
  # demangling in gtest output is lost.
  target_compile_definitions(${name} PRIVATE GTEST_HAS_CXXABI_H_=0)
  add_test(NAME ${name} COMMAND ${name})
endfunction()

function(capos_fuzz_target name)
  cmake_parse_arguments(T "" "" "SOURCES;LIBS" ${ARGN})
  if(NOT CAPOS_FUZZ)
    return()
  endif()
  add_executable(${name} ${T_SOURCES})
  target_include_directories(${name} PRIVATE ${CMAKE_SOURCE_DIR} ${CAPOS_SCHEMA_GEN_DIR})
  target_compile_options(${name} PRIVATE -g -O1 -fsanitize=fuzzer,address,undefined)
  target_link_options(${name} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${name} PRIVATE ${T_LIBS})
  set_property(GLOBAL APPEND PROPERTY CAPOS_FUZZ_TARGETS ${name})
endfunction()
