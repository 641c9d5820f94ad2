# What `cmake --install` puts under the prefix, and the package that lets an
# outside project do find_package(dlc) (examples/embed is one).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# Installed binaries find libdlcrt beside them and LLVM's and Halide's
# libraries where they were linked from.
set_target_properties(dlcrt dlc_embed PROPERTIES
  INSTALL_RPATH "$ORIGIN" INSTALL_RPATH_USE_LINK_PATH TRUE)
set_target_properties(dlc dlc-run PROPERTIES
  INSTALL_RPATH "$ORIGIN/../${CMAKE_INSTALL_LIBDIR}"
  INSTALL_RPATH_USE_LINK_PATH TRUE)

install(TARGETS dlc dlc-run RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS dlcrt dlc_embed EXPORT dlcTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set_target_properties(dlc_embed PROPERTIES EXPORT_NAME embed)
set_target_properties(dlcrt PROPERTIES EXPORT_NAME runtime)
install(FILES include/dlc/dlc.h include/dlc/dlc_c.h include/dlc/ModelABI.h
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/dlc)

set(DLC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/dlc)
install(EXPORT dlcTargets NAMESPACE dlc:: DESTINATION ${DLC_CMAKE_DIR})
configure_package_config_file(cmake/dlcConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/dlcConfig.cmake
  INSTALL_DESTINATION ${DLC_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/dlcConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/dlcConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/dlcConfigVersion.cmake
  DESTINATION ${DLC_CMAKE_DIR})

configure_file(cmake/dlc.pc.in ${CMAKE_CURRENT_BINARY_DIR}/dlc.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/dlc.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
