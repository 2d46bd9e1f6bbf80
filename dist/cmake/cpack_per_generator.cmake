# CPACK_PROJECT_CONFIG_FILE: read by cpack once per generator. The .deb installs under /usr; the
# .tgz keeps the prefix-relative layout (bin/, lib/, share/) inside its top folder.
if(CPACK_GENERATOR STREQUAL "DEB")
    set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
else()
    set(CPACK_PACKAGING_INSTALL_PREFIX "/")
endif()
