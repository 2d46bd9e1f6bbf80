# ctest -P script: installs only the `sdk` component of BUILD_DIR into a fresh prefix, checks it
# holds the SDK and nothing of the runtime, then configures and builds tiny_host/ against it with
# find_package(amzconn) and runs it on PLUGIN.
# Inputs: BUILD_DIR, SOURCE_DIR (this folder), WORK, PLUGIN, CXX, LAUNCHER and HOST_FLAGS (the
# build's sanitizer flags; both may be empty).
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
set(prefix "${WORK}/prefix")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${BUILD_DIR}" --component sdk --prefix "${prefix}"
                RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "cmake --install --component sdk failed: ${rc}")
endif()

file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
foreach(expected
        include/amzconn/abi.h include/amzconn/loader.hpp
        lib/cmake/amzconn/amzconnConfig.cmake lib/cmake/amzconn/amzconnTargets.cmake
        lib/libamzconn_loader.a lib/libamzconn_entities.a
        share/doc/amzconn/LICENSE share/doc/amzconn/sdk/host-guide.md
        share/doc/amzconn/sdk/entities.md share/amzconn/schema/amzconn-settings.schema.json)
    if(NOT expected IN_LIST installed)
        message(FATAL_ERROR "the sdk component lacks ${expected}; it has: ${installed}")
    endif()
endforeach()
foreach(path IN LISTS installed)
    if(path MATCHES "libamzconn_plugin|bin/")
        message(FATAL_ERROR "the sdk component installed ${path}, which belongs to the runtime")
    endif()
endforeach()

set(launcher "")
if(LAUNCHER)
    set(launcher "-DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S "${SOURCE_DIR}/tiny_host" -B "${WORK}/build"
                        "-DCMAKE_PREFIX_PATH=${prefix}" "-DCMAKE_CXX_COMPILER=${CXX}" ${launcher}
                        "-DCMAKE_CXX_FLAGS=${HOST_FLAGS}" "-DCMAKE_EXE_LINKER_FLAGS=${HOST_FLAGS}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "configuring tiny_host against the installed SDK failed:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${WORK}/build"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "building tiny_host against the installed SDK failed:\n${out}")
endif()
execute_process(COMMAND "${WORK}/build/tiny_host" "${PLUGIN}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tiny_host failed (${rc}): ${out}${err}")
endif()
foreach(expected "plugin dir ${prefix}/lib/amzconn" "manifest {" "entity check ok")
    string(FIND "${out}" "${expected}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "tiny_host printed no '${expected}':\n${out}")
    endif()
endforeach()
message(STATUS "tiny_host built against the installed SDK:\n${out}")
