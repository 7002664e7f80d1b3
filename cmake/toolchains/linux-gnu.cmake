# SPDX-License-Identifier: MIT
# A cross build for Linux on FASTARENA_CROSS_ARCH (i686 or aarch64; the cross-* presets set it)
# with Debian's g++-12-ARCH-linux-gnu; the tests run under qemu-user, with the target's libraries
# from /usr/ARCH-linux-gnu.
set(CMAKE_TRY_COMPILE_PLATFORM_VARIABLES FASTARENA_CROSS_ARCH)  # its checks read this file too
set(triple ${FASTARENA_CROSS_ARCH}-linux-gnu)
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR ${FASTARENA_CROSS_ARCH})
set(CMAKE_C_COMPILER ${triple}-gcc-12)
set(CMAKE_CXX_COMPILER ${triple}-g++-12)
set(CMAKE_FIND_ROOT_PATH /usr/${triple})
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
if(FASTARENA_CROSS_ARCH STREQUAL "i686")
  set(CMAKE_CROSSCOMPILING_EMULATOR qemu-i386 -L /usr/${triple})
else()
  set(CMAKE_CROSSCOMPILING_EMULATOR qemu-${FASTARENA_CROSS_ARCH} -L /usr/${triple})
endif()
