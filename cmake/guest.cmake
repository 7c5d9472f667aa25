# Freestanding guest builds: the kernel and ring-3 services. The host g++
# targets the same ISA, so guest targets are ordinary CMake targets with
# their own flags; nothing here touches the host targets.
include(${CMAKE_CURRENT_LIST_DIR}/host.cmake)

execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=include
                OUTPUT_VARIABLE CAPOS_GCC_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE)

# Kernel: no SSE (the kernel never touches user FPU state), no red zone
# (interrupts arrive on the same stack), higher-half code model.
set(CAPOS_KERNEL_FLAGS
    -ffreestanding -fno-exceptions -fno-rtti -fno-stack-protector -fno-pic -fno-pie
    -mcmodel=kernel -mno-red-zone -mgeneral-regs-only -fno-builtin
    -fno-tree-loop-distribute-patterns -fno-threadsafe-statics -fno-asynchronous-unwind-tables
    -nostdinc -isystem ${CAPOS_GCC_INCLUDE} -D_LIBC_LIMITS_H_ -DCAPOS_KERNEL=1
    -O2 -g -Wall -Wextra -Wno-unused-parameter)

# Services: SSE allowed (capnp, mbedTLS), static, no PIE, single-threaded.
# CAPNP_LITE is not here: capos_user_options adds it for every service but
# the one that speaks Cap'n Proto RPC (cmake/capnp_rpc.cmake).
set(CAPOS_USER_FLAGS
    -ffreestanding -fno-exceptions -fno-rtti -fno-stack-protector -fno-pic -fno-pie
    -fno-threadsafe-statics -fno-asynchronous-unwind-tables -D__thread=
    -DKJ_NO_EXCEPTIONS=1 -DCAPOS_GUEST=1 -O2 -g)

if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/capnp_lite.cmake AND NOT CAPOS_FUZZ)
  include(${CMAKE_CURRENT_LIST_DIR}/capnp_lite.cmake)
endif()
if(TARGET capnp_lite)
  include(${CMAKE_CURRENT_LIST_DIR}/capnp_rpc.cmake)
endif()
if(EXISTS ${CMAKE_CURRENT_LIST_DIR}/service.cmake AND NOT CAPOS_FUZZ)
  include(${CMAKE_CURRENT_LIST_DIR}/service.cmake)
endif()

# mbedTLS (mbedtls_guest / mbedtls_host), after capnp_lite.cmake has defined
# capos_user_options.
include(${CMAKE_CURRENT_LIST_DIR}/mbedtls.cmake)

# The web UI's C dependencies: http_parser_{host,guest} and cjson_{host,guest}.
include(${CMAKE_CURRENT_LIST_DIR}/http_parser.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/cjson.cmake)
