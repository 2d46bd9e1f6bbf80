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
