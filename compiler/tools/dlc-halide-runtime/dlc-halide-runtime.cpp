//===- dlc-halide-runtime.cpp - Halide's runtime as an object (build step) ===//
//
// usage: dlc-halide-runtime TARGET OUTPUT.o
// The build embeds the runtime for plain x86-64 in libdlc, so that no
// compile pays the second it takes Halide to build it.
//
//===----------------------------------------------------------------------===//
#include "Halide.h"

#include <cstdio>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s TARGET OUTPUT.o\n", argv[0]);
    return 1;
  }
  try {
    Halide::compile_standalone_runtime(argv[2], Halide::Target(argv[1]));
  } catch (const Halide::Error &error) {
    std::fprintf(stderr, "dlc-halide-runtime: %s\n", error.what());
    return 1;
  }
  return 0;
}
