# Fails unless `nm -D --defined-only PLUGIN` lists exactly one symbol: amzconn_plugin_entry.
execute_process(COMMAND nm -D --defined-only ${PLUGIN}
                OUTPUT_VARIABLE symbols RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "nm failed on ${PLUGIN}")
endif()
string(REGEX MATCHALL "[^\n]+" lines "${symbols}")
list(LENGTH lines count)
if(NOT count EQUAL 1 OR NOT symbols MATCHES " amzconn_plugin_entry\n")
    message(FATAL_ERROR "expected exactly amzconn_plugin_entry, got:\n${symbols}")
endif()
message(STATUS "exports: ${symbols}")
