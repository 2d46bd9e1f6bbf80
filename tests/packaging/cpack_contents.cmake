# ctest -P script: runs cpack on BUILD_DIR for a .tgz and a .deb and checks each holds the
# programs, the plugin, the SDK, the docs, the settings schema, the licence and the demo; then runs
# the demo from the unpacked .tgz, as a new user would.
# Inputs: BUILD_DIR, WORK.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")
set(common
    bin/amzconn-host bin/amzconn-config bin/amzconn-sandbox
    lib/amzconn/libamzconn_plugin.so
    include/amzconn/abi.h lib/cmake/amzconn/amzconnConfig.cmake lib/libamzconn_loader.a
    share/doc/amzconn/LICENSE share/doc/amzconn/README.md share/doc/amzconn/config/README.md
    share/doc/amzconn/sdk/host-guide.md share/doc/amzconn/sdk/entities.md
    share/amzconn/schema/amzconn-settings.schema.json share/amzconn/examples/minimal.yaml
    share/amzconn/demo/demo.sh share/amzconn/demo/summarize.py share/amzconn/demo/demo.yaml)

function(check_listing what listing prefix)
    foreach(path IN LISTS common)
        string(FIND "${listing}" "${prefix}${path}\n" at)
        if(at EQUAL -1)
            message(FATAL_ERROR "the ${what} lacks ${prefix}${path}; it holds:\n${listing}")
        endif()
    endforeach()
endfunction()

execute_process(COMMAND ${CMAKE_CPACK_COMMAND} -G "TGZ;DEB" -B "${WORK}"
                WORKING_DIRECTORY "${BUILD_DIR}" RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cpack failed (${rc}):\n${out}")
endif()

file(GLOB tgz "${WORK}/amzconn-*.tar.gz")
list(LENGTH tgz count)
if(NOT count EQUAL 1)
    message(FATAL_ERROR "expected one amzconn-*.tar.gz in ${WORK}, found: ${tgz}")
endif()
execute_process(COMMAND tar -tzf "${tgz}" RESULT_VARIABLE rc OUTPUT_VARIABLE listing)
get_filename_component(top "${tgz}" NAME)
string(REPLACE ".tar.gz" "" top "${top}")
check_listing("tgz" "${listing}" "${top}/")

file(GLOB deb "${WORK}/amzconn_*.deb")
list(LENGTH deb count)
if(NOT count EQUAL 1)
    message(FATAL_ERROR "expected one amzconn_*.deb in ${WORK}, found: ${deb}")
endif()
find_program(DPKG_DEB dpkg-deb)
if(DPKG_DEB)
    execute_process(COMMAND ${DPKG_DEB} --contents "${deb}" OUTPUT_VARIABLE raw)
    # "-rw-r--r-- root/root 123 2026-01-01 00:00 ./usr/bin/amzconn-host" -> "./usr/bin/amzconn-host"
    string(REGEX REPLACE "[^\n]* \\./" "./" listing "${raw}")
    check_listing("deb" "${listing}" "./usr/")
    execute_process(COMMAND ${DPKG_DEB} --field "${deb}" Package Version Depends OUTPUT_VARIABLE fields)
    if(NOT fields MATCHES "Depends: [^\n]*libsodium23")
        message(FATAL_ERROR "the deb does not depend on the runtime libraries:\n${fields}")
    endif()
    message(STATUS "deb fields:\n${fields}")
endif()
message(STATUS "packages: ${tgz} ${deb}")

# The demo from the unpacked .tgz: the installed programs, the sandbox and the demo's own data.
file(ARCHIVE_EXTRACT INPUT "${tgz}" DESTINATION "${WORK}/unpacked")
execute_process(COMMAND ${CMAKE_COMMAND} -E env "AMZCONN_DEMO_WORK=${WORK}/demo-work"
                        "${WORK}/unpacked/${top}/share/amzconn/demo/demo.sh"
                WORKING_DIRECTORY "${WORK}" RESULT_VARIABLE rc OUTPUT_VARIABLE out
                ERROR_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "== demo done")
    message(FATAL_ERROR "the demo from the unpacked .tgz failed (${rc}):\n${out}")
endif()
message(STATUS "the demo ran from the unpacked .tgz")
