# cmake -DNM=<nm> -DPLUGIN=<file> [-DNO_STATIC_INIT=ON] -P check_plugin_exports.cmake
# Passes when the plugin's dynamic symbol table defines amzconn_plugin_entry and nothing else
# besides toolchain symbols. With NO_STATIC_INIT, also fails when the plugin's own code has a
# dynamic initialiser (_GLOBAL__sub_I_*): plugins do no work at load time.
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

if(NO_STATIC_INIT)
    execute_process(COMMAND "${NM}" "${PLUGIN}" OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "nm failed on ${PLUGIN} (stripped?): cannot check static initialisers")
    endif()
    string(REGEX MATCHALL "_GLOBAL__sub_I_[A-Za-z0-9_.]*" initialisers "${symbols}")
    if(initialisers)
        message(FATAL_ERROR "${PLUGIN} runs code at load time (static initialisers: "
            "${initialisers}); plugins must do no work in static constructors: use "
            "construct-on-first-use instead")
    endif()
    message(STATUS "${PLUGIN} has no static initialisers")
endif()
