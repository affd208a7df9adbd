# Installation layout and the Debian package (CPack). Build the .deb with:
#   cmake --build build --target newswatchd && (cd build && cpack -G DEB)
# tests/deploy/package_test.cpp builds it and checks the layout in a scratch root.
include(GNUInstallDirs)
# `install` and cpack install what is built; they do not build every test and benchmark first.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY TRUE)

if(TARGET newswatchd)
  install(TARGETS newswatchd RUNTIME DESTINATION bin)
endif()
# Units, system user and directories.
install(FILES ${PROJECT_SOURCE_DIR}/systemd/newswatchd.service ${PROJECT_SOURCE_DIR}/systemd/newswatchd@.service
        DESTINATION lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/newswatch.sysusers DESTINATION lib/sysusers.d RENAME newswatch.conf)
install(FILES ${PROJECT_SOURCE_DIR}/systemd/newswatch.tmpfiles DESTINATION lib/tmpfiles.d RENAME newswatch.conf)
# The default config (the commented example) and the profiles: conffiles under /etc/newswatch.
install(FILES ${PROJECT_SOURCE_DIR}/config/newswatch.example.yaml DESTINATION /etc/newswatch RENAME newswatch.yaml)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/config/profiles/ DESTINATION /etc/newswatch/profiles FILES_MATCHING PATTERN "*.yaml")
# Documentation and the monitoring assets (alert rules, Grafana dashboard and provisioning).
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/docs/message.schema.json
        DESTINATION share/doc/newswatch)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/deploy/prometheus ${PROJECT_SOURCE_DIR}/deploy/grafana
        DESTINATION share/newswatch/monitoring)

# Everything under /etc is a conffile: an upgrade keeps the operator's edits.
file(GLOB_RECURSE NEWSWATCH_PROFILE_FILES RELATIVE ${PROJECT_SOURCE_DIR}/config ${PROJECT_SOURCE_DIR}/config/profiles/*.yaml)
set(NEWSWATCH_CONFFILES "/etc/newswatch/newswatch.yaml\n")
foreach(f IN LISTS NEWSWATCH_PROFILE_FILES)
  string(APPEND NEWSWATCH_CONFFILES "/etc/newswatch/${f}\n")
endforeach()
file(WRITE ${CMAKE_BINARY_DIR}/debian/conffiles "${NEWSWATCH_CONFFILES}")
foreach(script postinst prerm postrm)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/debian/${script} ${CMAKE_BINARY_DIR}/debian/${script} COPYONLY
                 FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME newswatch)
set(CPACK_PACKAGE_VENDOR "newswatch")
set(CPACK_PACKAGE_CONTACT "newswatch maintainers <newswatch@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "news monitor for Iran–Russia treaties, publishing matches to Kafka")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)  # dpkg-shlibdeps is not always present; list them by hand
set(CPACK_DEBIAN_PACKAGE_DEPENDS
    "librdkafka1, libcurl4, libpugixml1v5, libprometheus-cpp-core1.0, libcivetweb1, libyaml-cpp0.7, libsqlite3-0, libicu72, libsystemd0, zlib1g, systemd")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_BINARY_DIR}/debian/conffiles ${CMAKE_BINARY_DIR}/debian/postinst
    ${CMAKE_BINARY_DIR}/debian/prerm ${CMAKE_BINARY_DIR}/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)
include(CPack)
