# amzconn_add_plugin(<target> <sources>...): a MODULE library that follows the plugin rules: hidden
# visibility, statically linked dependencies kept private (--exclude-libs), exactly one exported
# symbol (the version script), no undefined symbols, and the SDK headers with Boost.DLL's alias.
set(AMZCONN_PLUGIN_VERSION_SCRIPT "${CMAKE_SOURCE_DIR}/dist/plugin.map" CACHE FILEPATH
    "Linker version script that exports only the plugin entry point")

function(amzconn_add_plugin target)
    add_library(${target} MODULE ${ARGN})
    set_target_properties(${target} PROPERTIES
        CXX_VISIBILITY_PRESET hidden
        C_VISIBILITY_PRESET hidden
        VISIBILITY_INLINES_HIDDEN ON
        LINK_DEPENDS "${AMZCONN_PLUGIN_VERSION_SCRIPT}")
    target_compile_definitions(${target} PRIVATE BOOST_DLL_USE_STD_FS)
    target_link_options(${target} PRIVATE
        "LINKER:--exclude-libs,ALL"
        "LINKER:--version-script=${AMZCONN_PLUGIN_VERSION_SCRIPT}"
        "LINKER:--no-undefined")
    target_link_libraries(${target} PRIVATE amzconn::sdk Boost::headers)
endfunction()

# amzconn_add_plugin_export_test(<target> [NAME <test name>] [NO_STATIC_INIT]): a ctest that runs
# `nm -D --defined-only` on the plugin and fails unless amzconn_plugin_entry is its only exported
# symbol (toolchain symbols aside); NO_STATIC_INIT also fails on dynamic initialisers.
function(amzconn_add_plugin_export_test target)
    cmake_parse_arguments(arg "NO_STATIC_INIT" "NAME" "" ${ARGN})
    if(NOT arg_NAME)
        set(arg_NAME "${target}: exports only amzconn_plugin_entry")
    endif()
    set(no_static_init OFF)
    if(arg_NO_STATIC_INIT)
        set(no_static_init ON)
    endif()
    add_test(NAME "${arg_NAME}"
        COMMAND ${CMAKE_COMMAND} -DNM=${CMAKE_NM} -DPLUGIN=$<TARGET_FILE:${target}>
                -DNO_STATIC_INIT=${no_static_init}
                -P "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/check_plugin_exports.cmake")
endfunction()
