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

# Committed files a manifest packs as blobs, one comment line each:
#   // blob: NAME=PATH        (PATH relative to the repository root)
# e.g. the test blob a bootResource grant of a test manifest reads. Sets
# OUT_VAR to NAME=ABSOLUTE_PATH items; a malformed line fails the build.
function(_capos_manifest_blobs manifest root out_var)
  file(STRINGS ${manifest} lines REGEX "^// blob:")
  set(out "")
  foreach(line ${lines})
    set(name "")
    set(path "..")
    if(line MATCHES "^// blob: ([a-z][a-z0-9-]*)=([A-Za-z0-9_/.-]+)$")
      set(name ${CMAKE_MATCH_1})
      set(path ${CMAKE_MATCH_2})
    endif()
    if(name STREQUAL "" OR path MATCHES "(^|/)\\.\\.(/|$)" OR path MATCHES "^/")
      message(FATAL_ERROR "${manifest}: '${line}' is not '// blob: NAME=PATH' with PATH "
                          "relative to the repository root")
    endif()
    list(APPEND out ${name}=${root}/${path})
  endforeach()
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()

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
  # resource: passwd-hash turns host-only passwords into PBKDF2 records at
  # the manifest's authorityPolicy.passwordIterations, policy-export joins
  # them to the accounts, capnp packs AuthorityPolicy. Cleartext never
  # reaches OUT_DIR or the package.
  #
  # Where the passwords come from: a manifest that declares `@tag(operator)`
  # (the default boot, manifests/system.cue) gets exactly one password
  # record, for OPERATOR (the host user), hashed from PASSWORD_FILE's first
  # line (tools/operator-password made it), and never the committed
  # development SECRETS. Every other manifest gets SECRETS. NAME.login,
  # beside the package, tells tools/run-qemu whom to print as the login.
  file(STRINGS ${MANIFEST} policy_lines REGEX "^authorityPolicy:")
  file(STRINGS ${MANIFEST} operator_lines REGEX "@tag\\(operator\\)")
  file(REMOVE ${OUT_DIR}/${NAME}.login)
  if(policy_lines AND DEFINED PASSWD_HASH)
    set(records ${OUT_DIR}/${NAME}.records.cue)
    set(policy_json ${OUT_DIR}/${NAME}.policy.json)
    set(policy_bin ${OUT_DIR}/${NAME}.policy.bin)
    set(policy_export ${SCHEMA_DIR}/../services/authority/policy-export)
    set(tag_args "")
    if(operator_lines)
      if(NOT DEFINED OPERATOR OR NOT DEFINED PASSWORD_FILE)
        message(FATAL_ERROR "image ${NAME}: ${MANIFEST} takes its operator from the host; "
                            "-DOPERATOR=... and -DPASSWORD_FILE=... are required")
      endif()
      string(LENGTH "${OPERATOR}" operator_len)
      if(NOT OPERATOR MATCHES "^[a-zA-Z0-9_.-]+$" OR operator_len GREATER 31)
        message(FATAL_ERROR "image ${NAME}: the host user name '${OPERATOR}' is not a principal "
                            "name ([a-zA-Z0-9_.-]{1,31}); set CAPOS_OPERATOR=NAME and build again")
      endif()
      set(tag_args --tag operator=${OPERATOR})
      set(hash_args --principal ${OPERATOR} --password-file ${PASSWORD_FILE})
    elseif(DEFINED SECRETS)
      set(hash_args --secrets ${SECRETS})
    else()
      message(FATAL_ERROR "image ${NAME}: -DSECRETS=... is required for its authorityPolicy")
    endif()
    execute_process(COMMAND ${NODE} ${policy_export} --manifest ${MANIFEST} --print-iterations
                            ${tag_args}
                    OUTPUT_VARIABLE iterations OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(rc EQUAL 0)
      execute_process(COMMAND ${PASSWD_HASH} ${hash_args} --out ${records}
                              --iterations ${iterations} RESULT_VARIABLE rc)
    endif()
    # Public-key login keys made at build time, one per `// dev-identity:
    # PRINCIPAL` line (test images): a fresh key each build, the private
    # half (mode 0600) in NAME.identities/ beside the package for the
    # tests' client, the public half added to that account's keys.
    file(STRINGS ${MANIFEST} id_lines REGEX "^// dev-identity: ")
    list(TRANSFORM id_lines REPLACE "^// dev-identity: " "")
    set(id_args "")
    if(id_lines)
      if(NOT DEFINED RSC)
        message(FATAL_ERROR "image ${NAME}: '// dev-identity:' needs the remote-session-client")
      endif()
      set(id_dir ${OUT_DIR}/${NAME}.identities)
      file(REMOVE_RECURSE ${id_dir})
      file(MAKE_DIRECTORY ${id_dir})
      foreach(who ${id_lines})
        if(NOT who MATCHES "^[a-zA-Z0-9_.-]+$")
          message(FATAL_ERROR "image ${NAME}: '// dev-identity: ${who}' is not a principal")
        endif()
        execute_process(COMMAND ${RSC} keygen --out ${id_dir}/${who} --comment ${who}@${NAME}
                        OUTPUT_QUIET ERROR_QUIET RESULT_VARIABLE id_rc)
        if(NOT id_rc EQUAL 0)
          message(FATAL_ERROR "image ${NAME}: keygen for '${who}' failed")
        endif()
        list(APPEND id_args --identity ${who}=${id_dir}/${who}.pub)
      endforeach()
    endif()
    # mTLS: the client CA that authorityPolicy.clientCertificates trusts,
    # from a `// client-ca: test` line (a fresh test PKI each build in
    # NAME.client-pki/, tools/test-client-pki: its CA, and leaves good and
    # bad for the tests) or `// client-ca: dev-pki` (the development CA,
    # tools/dev-pki, whose operator certificate logs the operator in).
    file(STRINGS ${MANIFEST} ca_lines REGEX "^// client-ca: ")
    list(TRANSFORM ca_lines REPLACE "^// client-ca: " "")
    set(ca_args "")
    if(ca_lines STREQUAL "test")
      set(ca_dir ${OUT_DIR}/${NAME}.client-pki)
      execute_process(COMMAND ${CMAKE_CURRENT_LIST_DIR}/../tools/test-client-pki ${ca_dir}
                      RESULT_VARIABLE ca_rc)
      if(NOT ca_rc EQUAL 0)
        message(FATAL_ERROR "image ${NAME}: tools/test-client-pki failed")
      endif()
      set(ca_args --client-ca ${ca_dir}/ca.pem)
    elseif(ca_lines STREQUAL "dev-pki")
      if(NOT DEFINED DEV_PKI)
        message(FATAL_ERROR "image ${NAME}: '// client-ca: dev-pki' needs the development PKI")
      endif()
      set(ca_args --client-ca ${DEV_PKI}/ca.pem)
    elseif(ca_lines)
      message(FATAL_ERROR "image ${NAME}: '// client-ca: ${ca_lines}': one line, test or dev-pki")
    endif()
    if(rc EQUAL 0)
      execute_process(COMMAND ${NODE} ${policy_export}
                      --manifest ${MANIFEST} --records ${records} -o ${policy_json} ${tag_args}
                      ${id_args} ${ca_args} RESULT_VARIABLE rc)
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
  # The UI bundle is a build output (tools/ui-bundle), packed into every
  # image whose manifest grants it as a boot resource.
  file(STRINGS ${MANIFEST} ui_lines REGEX "resource: *\"ui-bundle\"")
  if(ui_lines)
    if(NOT DEFINED UI_BUNDLE OR NOT EXISTS ${UI_BUNDLE})
      message(FATAL_ERROR "image ${NAME}: the manifest grants ui-bundle, but no bundle was built")
    endif()
    list(APPEND BLOBS ui-bundle=${UI_BUNDLE})
  endif()
  # keyvault's secret resource: fresh keys at every image build
  # (tools/keyvault-keys), one per `// keyvault-key: NAME=CN` line of the
  # manifest, and the development PKI's server key (tools/dev-pki, made
  # once in DEV_PKI) per `// keyvault-dev-pki: NAME` line; written mode 0600
  # beside the package and packed as the blob keyvault-keys, which the
  # manifest grants as a bootResource.
  file(STRINGS ${MANIFEST} kv_lines REGEX "resource: *\"keyvault-keys\"")
  if(kv_lines)
    file(STRINGS ${MANIFEST} kv_specs REGEX "^// keyvault-key: ")
    list(TRANSFORM kv_specs REPLACE "^// keyvault-key: " "")
    foreach(spec ${kv_specs})
      if(NOT spec MATCHES "^[a-z][a-zA-Z0-9-]*=[a-z0-9][a-z0-9.-]*$")
        message(FATAL_ERROR "image ${NAME}: '// keyvault-key: ${spec}' is not NAME=HOSTNAME")
      endif()
    endforeach()
    file(STRINGS ${MANIFEST} kv_dev REGEX "^// keyvault-dev-pki: ")
    list(TRANSFORM kv_dev REPLACE "^// keyvault-dev-pki: " "")
    foreach(key ${kv_dev})
      if(NOT key MATCHES "^[a-z][a-zA-Z0-9-]*$" OR NOT DEFINED DEV_PKI
         OR NOT EXISTS ${DEV_PKI}/server.pem)
        message(FATAL_ERROR "image ${NAME}: '// keyvault-dev-pki: ${key}': not a key name, "
                            "or no development PKI (tools/dev-pki) in '${DEV_PKI}'")
      endif()
      list(APPEND kv_specs --import
           ${key}=${DEV_PKI}/server.key:${DEV_PKI}/server.pem:${DEV_PKI}/ca.pem)
    endforeach()
    if(NOT DEFINED KEYVAULT_KEYS OR NOT kv_specs)
      message(FATAL_ERROR "image ${NAME}: the manifest grants keyvault-keys, but no "
                          "'// keyvault-key: NAME=HOSTNAME' or '// keyvault-dev-pki: NAME' "
                          "line, or no keyvault-keys tool")
    endif()
    set(kv_file ${OUT_DIR}/${NAME}.keyvault-keys.bin)
    # The certificates (public) beside it, NAME.certs/<key>.der, for the
    # clients that trust them. A test manifest that grants `custody-check`
    # gets the keys' prints for the front ends' key-custody scan.
    file(MAKE_DIRECTORY ${OUT_DIR}/${NAME}.certs)
    file(STRINGS ${MANIFEST} custody_lines REGEX "resource: *\"custody-check\"")
    set(custody_args "")
    if(custody_lines)
      set(custody_args --custody ${OUT_DIR}/${NAME}.custody.bin)
      list(APPEND BLOBS custody-check=${OUT_DIR}/${NAME}.custody.bin)
    endif()
    execute_process(COMMAND ${KEYVAULT_KEYS} -o ${kv_file} --certs ${OUT_DIR}/${NAME}.certs
                            ${custody_args} ${kv_specs} RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "image ${NAME}: keyvault-keys failed")
    endif()
    list(APPEND BLOBS keyvault-keys=${kv_file})
  endif()
  get_filename_component(repo_root ${SCHEMA_DIR}/.. ABSOLUTE)
  _capos_manifest_blobs(${MANIFEST} ${repo_root} manifest_blobs)
  list(APPEND BLOBS ${manifest_blobs})
  set(blob_args "")
  foreach(b ${BLOBS})
    list(APPEND blob_args --blob ${b})
  endforeach()
  execute_process(COMMAND ${MKBOOTPKG} -o ${pkg} --manifest ${bin} --elf-dir ${ELF_DIR} ${blob_args}
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "image ${NAME}: mkbootpkg failed")
  endif()
  if(operator_lines AND policy_lines AND DEFINED PASSWD_HASH)
    get_filename_component(pw_abs ${PASSWORD_FILE} ABSOLUTE)
    file(WRITE ${OUT_DIR}/${NAME}.login
         "{\"principal\": \"${OPERATOR}\", \"passwordFile\": \"${pw_abs}\"}\n")
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
find_program(CAPOS_PYTHON python3 REQUIRED)
if(NOT TARGET images)
  add_custom_target(images)
endif()

# The default boot's operator: the host user ($CAPOS_OPERATOR, else $USER,
# else `id -un`) and its password file, host-only and git-ignored
# (CAPOS_LOCAL_DIR, default <build>/local beside <build>/host; made by
# tools/operator-password on the first build that needs it).
set(CAPOS_LOCAL_DIR ${CMAKE_BINARY_DIR}/../local CACHE PATH
    "host-only files of the default boot (its operator password)")
function(_capos_local_operator name_var file_var)
  if(NOT "$ENV{CAPOS_OPERATOR}" STREQUAL "")
    set(name "$ENV{CAPOS_OPERATOR}")
  elseif(NOT "$ENV{USER}" STREQUAL "")
    set(name "$ENV{USER}")
  else()
    execute_process(COMMAND id -un OUTPUT_VARIABLE name OUTPUT_STRIP_TRAILING_WHITESPACE)
  endif()
  get_filename_component(dir ${CAPOS_LOCAL_DIR} ABSOLUTE)
  set(${name_var} "${name}" PARENT_SCOPE)
  set(${file_var} ${dir}/operator.password PARENT_SCOPE)
endfunction()

# The pipeline as a command list, for custom commands and tests alike.
#   capos_image_command(OUT NAME MANIFEST OUT_DIR ELF_DIR [PASSWORD_FILE F])
# PASSWORD_FILE replaces the local operator's password file (tests).
function(capos_image_command out_var name manifest out_dir elf_dir)
  cmake_parse_arguments(C "" "PASSWORD_FILE" "" ${ARGN})
  _capos_local_operator(operator password_file)
  if(C_PASSWORD_FILE)
    set(password_file ${C_PASSWORD_FILE})
  endif()
  set(policy_args "")
  if(TARGET passwd-hash)
    set(policy_args -DPASSWD_HASH=$<TARGET_FILE:passwd-hash>
        -DSECRETS=${CMAKE_SOURCE_DIR}/manifests/secrets/dev.secrets
        -DOPERATOR=${operator} -DPASSWORD_FILE=${password_file})
  endif()
  if(TARGET keyvault-keys)
    get_filename_component(local ${CAPOS_LOCAL_DIR} ABSOLUTE)
    list(APPEND policy_args -DKEYVAULT_KEYS=$<TARGET_FILE:keyvault-keys> -DDEV_PKI=${local}/pki)
  endif()
  if(TARGET remote-session-client)
    list(APPEND policy_args -DRSC=$<TARGET_FILE:remote-session-client>)
  endif()
  set(${out_var}
      ${CMAKE_COMMAND} -DMANIFEST=${manifest} -DNAME=${name} -DOUT_DIR=${out_dir}
      -DELF_DIR=${elf_dir} -DNODE=${CAPOS_NODE} -DSCHEMA_DIR=${CMAKE_SOURCE_DIR}/schema
      -DCUE_EXPORT=${CMAKE_SOURCE_DIR}/tools/cue/cue-export
      -DCOMPILER=$<TARGET_FILE:manifest-compiler> -DMKBOOTPKG=$<TARGET_FILE:mkbootpkg>
      -DUI_BUNDLE=${UI_BUNDLE_FILE} ${policy_args} -P ${CMAKE_SOURCE_DIR}/cmake/image.cmake
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
  # The default boot's image needs the local operator's password file:
  # made once (a rule with no inputs runs only while its output is missing),
  # and a new one rebuilds the image.
  file(STRINGS ${manifest} operator_lines REGEX "@tag\\(operator\\)")
  set(login_output "")
  if(operator_lines AND TARGET passwd-hash)
    _capos_local_operator(operator password_file)
    get_property(made GLOBAL PROPERTY CAPOS_OPERATOR_PASSWORD_RULE)
    if(NOT made)
      add_custom_command(
        OUTPUT ${password_file}
        COMMAND ${CAPOS_PYTHON} ${CMAKE_SOURCE_DIR}/tools/operator-password ${password_file}
        COMMENT "operator password of the default boot (host-only, mode 0600)"
        VERBATIM)
      set_property(GLOBAL PROPERTY CAPOS_OPERATOR_PASSWORD_RULE TRUE)
    endif()
    list(APPEND policy_deps ${password_file})
    set(login_output ${image_dir}/${name}.login)
  endif()
  set(pkg ${image_dir}/${name}.pkg)
  _capos_manifest_blobs(${manifest} ${CMAKE_SOURCE_DIR} blobs)
  set(blob_deps "")
  file(STRINGS ${manifest} ui_lines REGEX "resource: *\"ui-bundle\"")
  if(ui_lines AND TARGET ui_bundle)
    list(APPEND blob_deps ui_bundle ${UI_BUNDLE_FILE})
  endif()
  file(STRINGS ${manifest} kv_lines REGEX "resource: *\"keyvault-keys\"")
  if(kv_lines AND TARGET keyvault-keys)
    list(APPEND blob_deps keyvault-keys)
  endif()
  file(STRINGS ${manifest} id_lines REGEX "^// dev-identity: ")
  if(id_lines AND TARGET remote-session-client)
    list(APPEND blob_deps remote-session-client)
  endif()
  # The development PKI (tools/dev-pki): made once, like the operator
  # password, and a new one rebuilds the image.
  file(STRINGS ${manifest} dev_pki_lines REGEX "^// keyvault-dev-pki: ")
  if(dev_pki_lines)
    _capos_local_operator(operator password_file)
    get_filename_component(local ${CAPOS_LOCAL_DIR} ABSOLUTE)
    get_property(made GLOBAL PROPERTY CAPOS_DEV_PKI_RULE)
    if(NOT made)
      add_custom_command(
        OUTPUT ${local}/pki/server.pem
        COMMAND ${CMAKE_SOURCE_DIR}/tools/dev-pki ${local}/pki ${operator}
        COMMENT "development CA and TLS certificates of the default boot (host-only, mode 0600)"
        VERBATIM)
      set_property(GLOBAL PROPERTY CAPOS_DEV_PKI_RULE TRUE)
    endif()
    list(APPEND blob_deps ${local}/pki/server.pem)
  endif()
  foreach(b ${blobs})
    string(REGEX REPLACE "^[^=]*=" "" path "${b}")
    list(APPEND blob_deps ${path})
  endforeach()
  add_custom_command(
    OUTPUT ${pkg} ${image_dir}/${name}.json ${image_dir}/${name}.manifest.bin ${login_output}
    COMMAND ${cmd}
    DEPENDS ${manifest} ${defaults} ${CMAKE_SOURCE_DIR}/tools/cue/cue-export
            ${CMAKE_SOURCE_DIR}/cmake/image.cmake
            manifest-compiler mkbootpkg ${deps} ${policy_deps} ${blob_deps}
    COMMENT "boot image ${name} from ${manifest}"
    VERBATIM)
  add_custom_target(image-${name} DEPENDS ${pkg})
  add_dependencies(images image-${name})
endfunction()
