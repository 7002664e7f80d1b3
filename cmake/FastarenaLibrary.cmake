# SPDX-License-Identifier: MIT
# fastarena_library(NAME [HIDDEN] SOURCES... [DEPENDS targets...]): the library fastarena-NAME of
# this repository, also known as fastarena::NAME (in the tree and, exported, once installed). Its
# folder's include/ is its public header tree; DEPENDS are linked publicly. HIDDEN: built with
# hidden visibility, exporting what is marked FASTARENA_API.
function(fastarena_library name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "HIDDEN" "" "SOURCES;DEPENDS")
  set(target fastarena-${name})
  add_library(${target} ${ARG_SOURCES})
  add_library(fastarena::${name} ALIAS ${target})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>
  )
  target_link_libraries(${target} PUBLIC ${ARG_DEPENDS})
  # A shared build's SONAME carries the version that may break the ABI: 0.x, its minor version
  # (libfastarena-arena.so.0.1), as the package's SameMinorVersion compatibility says.
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${name} VERSION ${PROJECT_VERSION}
                        SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
  if(ARG_HIDDEN)  # exports only what is marked FASTARENA_API (fastarena/detail/export.h)
    set_target_properties(${target} PROPERTIES CXX_VISIBILITY_PRESET hidden
                                               VISIBILITY_INLINES_HIDDEN ON)
  endif()
endfunction()
