# cmake -DNM=<nm> -DPLUGIN=<file> -P check_exports.cmake
# Passes when the plugin's dynamic symbol table defines amzconn_plugin_entry and nothing else
# besides toolchain symbols.
execute_process(COMMAND "${NM}" -D --defined-only "${PLUGIN}"
    OUTPUT_VARIABLE listing RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nm failed on ${PLUGIN}: ${err}")
endif()
string(REPLACE "\n" ";" lines "${listing}")
set(ours "")
foreach(line IN LISTS lines)
    if(line STREQUAL "")
        continue()
    endif()
    string(REGEX REPLACE "^.* " "" name "${line}")
    # Toolchain symbols the linker adds to every shared object.
    if(name MATCHES "^(_init|_fini|_edata|_end|__bss_start|_DYNAMIC|_GLOBAL_OFFSET_TABLE_)$"
       OR name MATCHES "@")
        continue()
    endif()
    list(APPEND ours "${name}")
endforeach()
if(NOT ours STREQUAL "amzconn_plugin_entry")
    message(FATAL_ERROR "${PLUGIN} must export exactly amzconn_plugin_entry, but exports: ${ours}\n"
        "Full nm -D --defined-only output:\n${listing}")
endif()
message(STATUS "${PLUGIN} exports only amzconn_plugin_entry")
