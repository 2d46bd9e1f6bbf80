# CPack: one .deb and one .tgz holding both install components, from any build tree:
#   cd build/release && cpack -G "DEB;TGZ"
# runtime  amzconn-host, amzconn-config, amzconn-sandbox, the plugin, examples, config docs
# sdk      headers, loader and entity validators, the CMake package, sdk docs (host developers;
#          `cmake --install BUILD --component sdk` installs it alone)
# Both carry LICENSE (Apache-2.0) and the settings JSON Schema.
set(CPACK_PACKAGE_NAME "amzconn")
set(CPACK_PACKAGE_VENDOR "amzconn")
set(CPACK_PACKAGE_CONTACT "amzconn maintainers <amzconn@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_RESOURCE_FILE_README "${CMAKE_SOURCE_DIR}/README.md")
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_COMPONENTS_ALL runtime sdk)
# One package per format with every component (not one per component).
set(CPACK_DEB_COMPONENT_INSTALL OFF)
set(CPACK_ARCHIVE_COMPONENT_INSTALL OFF)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_FILE_NAME "amzconn-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
# The .tgz unpacks into one folder; amzconn-host finds the plugin relative to itself there.
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)

set(CPACK_DEBIAN_PACKAGE_NAME "amzconn")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_PROJECT_CONFIG_FILE "${CMAKE_CURRENT_LIST_DIR}/cpack_per_generator.cmake")
# The Debian 12 runtime libraries the programs, the sandbox and the plugin link directly (checked
# with ldd; dist/install-deps.sh installs the -dev packages that build them). Licence: Apache-2.0,
# in share/doc/amzconn/LICENSE.
string(JOIN ", " CPACK_DEBIAN_PACKAGE_DEPENDS libc6 libstdc++6 libgcc-s1 libboost-json1.81.0 libcurl4
     libssl3 libsqlite3-0 libsodium23 libyaml-cpp0.7 libpugixml1v5 zlib1g)
# The demo (share/amzconn/demo/demo.sh) needs curl and python3; the SDK needs Boost and CMake.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "curl, python3, libboost-dev (>= 1.81), cmake (>= 3.25)")

include(CPack)
cpack_add_component(runtime DISPLAY_NAME "amzconn runtime"
    DESCRIPTION "amzconn-host, amzconn-config, amzconn-sandbox, the plugin and the examples")
cpack_add_component(sdk DISPLAY_NAME "amzconn SDK"
    DESCRIPTION "Headers, loader, entity validators and CMake package for host developers")
