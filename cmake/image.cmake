# Boot images: CUE manifest -> JSON (tools/cue/cue-export) -> BootManifest
# (manifest-compiler) -> boot package (mkbootpkg).
#
# Included from the root CMakeLists, this file defines
#   capos_boot_image(NAME <image> MANIFEST <path.cue>)
# which adds target image-<image> producing ${CMAKE_BINARY_DIR}/images/<image>.pkg
# from the service ELFs in ${CMAKE_BINARY_DIR}/services/bin/ (each service
# target writes its ELF there under its binary name and appends itself to the
# global property CAPOS_SERVICE_TARGETS). Target `images` builds them all.
#
# Run as a script (cmake -DMANIFEST=.. -DOUT_DIR=.. -DNAME=.. -DELF_DIR=..
# -DNODE=.. -DCUE_EXPORT=.. -DCOMPILER=.. -DMKBOOTPKG=.. -P image.cmake) it
# performs the pipeline itself; the custom commands and the tests both use
# that path, so the tests exercise exactly what the build runs.

if(CMAKE_SCRIPT_MODE_FILE STREQUAL CMAKE_CURRENT_LIST_FILE)
  foreach(v MANIFEST OUT_DIR NAME ELF_DIR NODE CUE_EXPORT COMPILER MKBOOTPKG SCHEMA_DIR)
    if(NOT DEFINED ${v})
      message(FATAL_ERROR "image.cmake: -D${v}=... is required")
    endif()
  endforeach()
  set(json ${OUT_DIR}/${NAME}.json)
  set(bin ${OUT_DIR}/${NAME}.manifest.bin)
  set(pkg ${OUT_DIR}/${NAME}.pkg)
  file(MAKE_DIRECTORY ${OUT_DIR})
  file(REMOVE ${pkg})  # a failed run must not leave a stale package behind
  # stderr is inherited, so CUE's own file:line messages reach the user.
  execute_process(COMMAND ${NODE} ${CUE_EXPORT} -o ${json} ${MANIFEST} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "image ${NAME}: ${MANIFEST} failed CUE validation (see above)")
  endif()
  execute_process(COMMAND ${COMPILER} ${json} -o ${bin} --schema-dir ${SCHEMA_DIR} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "image ${NAME}: manifest-compiler rejected ${MANIFEST}")
  endif()
  # A manifest with an `authorityPolicy` gets the authority's policy
  # resource: passwd-hash turns the host-only secrets into PBKDF2 records at
  # the manifest's authorityPolicy.passwordIterations, policy-export joins
  # them to the accounts, capnp packs AuthorityPolicy. Cleartext never
  # reaches OUT_DIR or the package.
  file(STRINGS ${MANIFEST} policy_lines REGEX "^authorityPolicy:")
  if(policy_lines AND DEFINED PASSWD_HASH AND DEFINED SECRETS)
    set(records ${OUT_DIR}/${NAME}.records.cue)
    set(policy_json ${OUT_DIR}/${NAME}.policy.json)
    set(policy_bin ${OUT_DIR}/${NAME}.policy.bin)
    set(policy_export ${SCHEMA_DIR}/../services/authority/policy-export)
    execute_process(COMMAND ${NODE} ${policy_export} --manifest ${MANIFEST} --print-iterations
                    OUTPUT_VARIABLE iterations OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(rc EQUAL 0)
      execute_process(COMMAND ${PASSWD_HASH} --secrets ${SECRETS} --out ${records}
                              --iterations ${iterations} RESULT_VARIABLE rc)
    endif()
    if(rc EQUAL 0)
      execute_process(COMMAND ${NODE} ${policy_export}
                      --manifest ${MANIFEST} --records ${records} -o ${policy_json}
                      RESULT_VARIABLE rc)
    endif()
    if(rc EQUAL 0)
      execute_process(COMMAND capnp convert json:binary ${SCHEMA_DIR}/authority.capnp AuthorityPolicy
                      -I/usr/include INPUT_FILE ${policy_json} OUTPUT_FILE ${policy_bin}
                      RESULT_VARIABLE rc)
    endif()
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "image ${NAME}: authority policy could not be built")
    endif()
    list(APPEND BLOBS authority-policy=${policy_bin})
  endif()
  set(blob_args "")
  foreach(b ${BLOBS})
    list(APPEND blob_args --blob ${b})
  endforeach()
  execute_process(COMMAND ${MKBOOTPKG} -o ${pkg} --manifest ${bin} --elf-dir ${ELF_DIR} ${blob_args}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "image ${NAME}: mkbootpkg failed")
  endif()
  return()
endif()

# For the including scope (e.g. service targets writing their ELFs). The
# functions below recompute these: their rules are created in a deferred call
# that runs in the top directory's scope, where these may not be set.
set(CAPOS_IMAGE_SCRIPT ${CMAKE_SOURCE_DIR}/cmake/image.cmake)
set(CAPOS_IMAGE_DIR ${CMAKE_BINARY_DIR}/images)
set(CAPOS_SERVICE_BIN_DIR ${CMAKE_BINARY_DIR}/services/bin)
find_program(CAPOS_NODE node REQUIRED)
if(NOT TARGET images)
  add_custom_target(images)
endif()

# The pipeline as a command list, for custom commands and tests alike.
function(capos_image_command out_var name manifest out_dir elf_dir)
  set(policy_args "")
  if(TARGET passwd-hash)
    set(policy_args -DPASSWD_HASH=$<TARGET_FILE:passwd-hash>
        -DSECRETS=${CMAKE_SOURCE_DIR}/manifests/secrets/dev.secrets)
  endif()
  set(${out_var}
      ${CMAKE_COMMAND} -DMANIFEST=${manifest} -DNAME=${name} -DOUT_DIR=${out_dir}
      -DELF_DIR=${elf_dir} -DNODE=${CAPOS_NODE} -DSCHEMA_DIR=${CMAKE_SOURCE_DIR}/schema
      -DCUE_EXPORT=${CMAKE_SOURCE_DIR}/tools/cue/cue-export
      -DCOMPILER=$<TARGET_FILE:manifest-compiler> -DMKBOOTPKG=$<TARGET_FILE:mkbootpkg>
      ${policy_args} -P ${CMAKE_SOURCE_DIR}/cmake/image.cmake
      PARENT_SCOPE)
endfunction()

function(capos_boot_image)
  cmake_parse_arguments(I "" "NAME;MANIFEST" "" ${ARGN})
  if(NOT I_NAME OR NOT I_MANIFEST)
    message(FATAL_ERROR "capos_boot_image(NAME <image> MANIFEST <path.cue>)")
  endif()
  get_filename_component(manifest ${I_MANIFEST} ABSOLUTE)
  # Service targets are declared anywhere in the tree, possibly after this
  # call, so the rule is created once the top-level directory is configured.
  cmake_language(EVAL CODE "
    cmake_language(DEFER DIRECTORY \"${CMAKE_SOURCE_DIR}\"
                   CALL _capos_boot_image_rule \"${I_NAME}\" \"${manifest}\")")
endfunction()

function(_capos_boot_image_rule name manifest)
  get_property(services GLOBAL PROPERTY CAPOS_SERVICE_TARGETS)
  set(deps "")
  foreach(t ${services})
    if(TARGET ${t})
      list(APPEND deps ${t})  # a target here is also a file-level dependency
    endif()
  endforeach()
  file(GLOB defaults ${CMAKE_SOURCE_DIR}/manifests/defaults/*.cue
       ${CMAKE_SOURCE_DIR}/schema/*.capnp)
  set(image_dir ${CMAKE_BINARY_DIR}/images)
  capos_image_command(cmd ${name} ${manifest} ${image_dir} ${CMAKE_BINARY_DIR}/services/bin)
  set(policy_deps ${CMAKE_SOURCE_DIR}/manifests/secrets/dev.secrets
      ${CMAKE_SOURCE_DIR}/services/authority/policy-export)
  if(TARGET passwd-hash)
    list(APPEND policy_deps passwd-hash)
  endif()
  set(pkg ${image_dir}/${name}.pkg)
  add_custom_command(
    OUTPUT ${pkg} ${image_dir}/${name}.json ${image_dir}/${name}.manifest.bin
    COMMAND ${cmd}
    DEPENDS ${manifest} ${defaults} ${CMAKE_SOURCE_DIR}/tools/cue/cue-export
            ${CMAKE_SOURCE_DIR}/cmake/image.cmake
            manifest-compiler mkbootpkg ${deps} ${policy_deps}
    COMMENT "boot image ${name} from ${manifest}"
    VERBATIM)
  add_custom_target(image-${name} DEPENDS ${pkg})
  add_dependencies(images image-${name})
endfunction()
