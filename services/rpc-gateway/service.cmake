# The rpc-gateway executable (README.md), included by services/CMakeLists.txt
# after lib/ipc-backend: the one service built against the non-lite Cap'n
# Proto (cmake/capnp_rpc.cmake), so the runtime, the remote-session core and
# the IPC backend it links are their *_rpc twins, from the same sources.
if(TARGET capnp_rpc_guest AND TARGET caprt_rpc_shims AND TARGET ipc_backend AND TARGET tls_front)
  foreach(lib caprt_capnp_glue caprt_runtime remote_session_core ipc_backend keyvault_signer
          tls_front)
    capos_rpc_flavor(${lib})
  endforeach()
  set(d ${CMAKE_CURRENT_LIST_DIR})
  capos_service(NAME rpc-gateway RPC
    SOURCES ${d}/main.cc ${d}/ring_port.cc ${d}/tcp_stream.cc ${d}/checked_stream.cc
            ${d}/message_check.cc ${d}/connection.cc ${d}/front.cc ${d}/gateway.cc
            ${d}/answers.cc ${d}/dto.cc ${d}/session_cap.cc ${d}/capset_cap.cc
            ${d}/service_caps.cc ${d}/runner_cap.cc ${d}/chat_push.cc ${d}/tls_stream.cc
    LIBS ipc_backend_rpc remote_session_core_rpc tls_front_rpc)
  add_dependencies(svc_rpc-gateway capos_layout_gen capos_schema_gen)
endif()
