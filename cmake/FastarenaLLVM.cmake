# SPDX-License-Identifier: MIT
# Finds LLVM 14 and defines fastarena::llvm-support, an interface target carrying what a target
# needs to use LLVM Support/ADT: LLVM's Support library, its headers as system headers (so our
# warning flags do not apply to them), and LLVM's definitions.
#
# By default Support is linked statically, as LLVM's own tools are: the linker keeps the few
# hundred KiB we use. The shared libLLVM costs every process ~50 MiB of resident memory at
# start-up (its relocations and static constructors), five times what fa-ir needs to parse a
# 10 MB file.
option(FASTARENA_LLVM_SHARED "Link the shared libLLVM instead of LLVM's static Support library" OFF)
# LLVMConfig.cmake probes its dependencies with C. The presets name the C compiler of the same
# family as the C++ one: CMake adds the C compiler's implicit libraries to a link with LLVM's static
# libraries, and gcc's sanitizer runtime must not meet clang's.
enable_language(C)
# Found where CMake finds packages (Debian's llvm-14-dev, /usr/lib/llvm-14/cmake, as it is;
# another LLVM 14 through CMAKE_PREFIX_PATH or LLVM_DIR).
find_package(LLVM 14...<15 REQUIRED CONFIG)
message(STATUS "fastarena: LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

add_library(fastarena-llvm-support INTERFACE)
add_library(fastarena::llvm-support ALIAS fastarena-llvm-support)
set_target_properties(fastarena-llvm-support PROPERTIES EXPORT_NAME llvm-support)
target_include_directories(fastarena-llvm-support SYSTEM INTERFACE ${LLVM_INCLUDE_DIRS})
separate_arguments(FASTARENA_LLVM_DEFINITIONS NATIVE_COMMAND "${LLVM_DEFINITIONS}")
target_compile_definitions(fastarena-llvm-support INTERFACE ${FASTARENA_LLVM_DEFINITIONS})
if(FASTARENA_LLVM_SHARED AND TARGET LLVM)
  target_link_libraries(fastarena-llvm-support INTERFACE LLVM)
else()
  llvm_map_components_to_libnames(FASTARENA_LLVM_LIBS support)
  target_link_libraries(fastarena-llvm-support INTERFACE ${FASTARENA_LLVM_LIBS})
endif()
# LLVM's tools (FileCheck, lit) for the tests.
set(FASTARENA_LLVM_TOOLS_DIR "${LLVM_TOOLS_BINARY_DIR}")
