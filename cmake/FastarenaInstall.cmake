# SPDX-License-Identifier: MIT
# Install rules: headers, libraries, fa-ir, the CMake package (fastarenaConfig.cmake, its
# version file, exported targets fastarena::arena and, when built with LLVM, fastarena::llvm,
# fastarena::support, fastarena::ir, fastarena::toy_syntax, fastarena::toy and fastarena::codegen)
# and fastarena.pc for pkg-config.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FASTARENA_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/fastarena")

install(TARGETS fastarena-arena EXPORT fastarenaTargets
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(DIRECTORY arena/include/fastarena DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}"
        FILES_MATCHING PATTERN "*.h")
install(FILES "${PROJECT_BINARY_DIR}/arena/include/fastarena/version.h"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/fastarena")
install(EXPORT fastarenaTargets NAMESPACE fastarena:: DESTINATION "${FASTARENA_CMAKE_DIR}")

if(FASTARENA_WITH_LLVM)
  install(TARGETS fastarena-llvm-support fastarena-llvm fastarena-support fastarena-ir
                  fastarena-toy_syntax fastarena-toy fastarena-codegen
          EXPORT fastarenaLLVMTargets
          ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
          LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
          RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
  install(DIRECTORY llvm/include/fastarena support/include/fastarena ir/include/fastarena
                    frontend/include/fastarena codegen/include/fastarena
          DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" FILES_MATCHING PATTERN "*.h" PATTERN "*.def")
  install(EXPORT fastarenaLLVMTargets NAMESPACE fastarena:: DESTINATION "${FASTARENA_CMAKE_DIR}")
endif()
if(TARGET fa-ir)
  install(TARGETS fa-ir fa-ir-parse fa-ir-native RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()

configure_package_config_file(cmake/fastarenaConfig.cmake.in
  "${PROJECT_BINARY_DIR}/fastarenaConfig.cmake" INSTALL_DESTINATION "${FASTARENA_CMAKE_DIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/fastarenaConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)  # 0.x: a minor version may break the API
install(FILES "${PROJECT_BINARY_DIR}/fastarenaConfig.cmake"
              "${PROJECT_BINARY_DIR}/fastarenaConfigVersion.cmake"
        DESTINATION "${FASTARENA_CMAKE_DIR}")

configure_file(cmake/fastarena.pc.in "${PROJECT_BINARY_DIR}/fastarena.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/fastarena.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
