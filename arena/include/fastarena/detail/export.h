// SPDX-License-Identifier: MIT
// FASTARENA_API: what a shared fastarena-arena exports. The library is built with hidden
// visibility, so everything else it contains stays inside it: the exported names are the slow
// paths that inline code in the headers calls, the classes with virtual functions or thrown as
// exceptions (their vtables and type information), and the objects compared by address (one
// copy in the process, or an arena made in one module would not know another's empty block).
#pragma once

#define FASTARENA_API __attribute__((visibility("default")))
