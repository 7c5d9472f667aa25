# The web-ui executable (README.md), included by services/CMakeLists.txt
# after lib/ipc-backend: it is the second front end over the shared
# remote-session core and IPC backend. Its pure parts (CMakeLists.txt here)
# configure earlier, in every build.
if(TARGET caprt_runtime AND TARGET ipc_backend AND TARGET web_ui_core AND TARGET web_api_guest
   AND TARGET ui_bundle_guest AND TARGET websocket_guest AND TARGET ui_bundle AND TARGET tls_front)
  set(d ${CMAKE_CURRENT_LIST_DIR})
  capos_service(NAME web-ui
    SOURCES ${d}/main.cc ${d}/loop.cc ${d}/timer.cc ${d}/http_serve.cc ${d}/api_serve.cc
            ${d}/bridge.cc ${d}/pushes.cc ${d}/render.cc ${d}/json_member.cc ${d}/tls.cc
    LIBS web_ui_core web_api_guest ipc_backend remote_session_core websocket_guest ui_bundle_guest
         http_guest json_guest tls_front)
  # The bundle digest the binary pins (tools/ui-bundle writes it).
  target_include_directories(svc_web-ui PRIVATE ${CMAKE_BINARY_DIR})
  add_dependencies(svc_web-ui ui_bundle capos_layout_gen capos_schema_gen)
endif()
