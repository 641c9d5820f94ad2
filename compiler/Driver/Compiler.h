//===- Compiler.h - libdlc: a .dsl program to native code -------*- C++ -*-===//
//
// The compiler as a library: the `dlc` tool is a thin driver over it, and the
// embedded JIT API will be another client.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_COMPILER_DRIVER_COMPILER_H
#define DLC_COMPILER_DRIVER_COMPILER_H

#include "frontend/Frontend.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace dlc {

/// The stage at which compilation stops and what it writes.
enum class EmitKind {
  Ast,     ///< the parsed program
  Mlir,    ///< dlc-dialect IR from the frontend
  Lowered, ///< bufferized loops over memrefs, before the LLVM dialect
  LLVM,    ///< optimised LLVM IR with the model ABI
  Asm,     ///< host assembly
  Obj,     ///< host object file
  Ptx,     ///< the PTX of every GPU kernel (--target=nvptx)
  So,      ///< the model.so shared object
};

/// Parses `--emit=` values.
std::optional<EmitKind> parseEmitKind(llvm::StringRef name);

/// How libdlc builds a program: the `dlc` tool's flags (the embedded API's
/// dlc::CompileOptions maps onto these).
struct BuildOptions {
  unsigned optLevel = 2;         ///< -O0 .. -O3
  std::string target = "cpu";    ///< --target: cpu or nvptx
  std::string gpuArch = "sm_80"; ///< --gpu-arch, for --target=nvptx
  /// --cpu: an LLVM CPU name, or "native" for this machine's CPU and all
  /// its features. A model compiled for "native" needs a CPU like this one.
  std::string cpu = "native";
  /// --kernels: "halide" sends matrix multiplies to Halide kernels,
  /// "mlir" compiles everything through MLIR's loops.
  std::string kernels = "halide";
  /// --fusion=off: no elementwise fusion, in MLIR or into Halide kernels.
  bool fusion = true;
  /// --schedule: see ScheduleChoice (compiler/Kernels/HalideCompiler.h).
  std::string schedule = "template";
  /// --cache-dir: where compiled kernels are kept; "" disables the cache.
  std::string cacheDirectory;
  bool printIRAfterAll = false;
  bool timePasses = false;
  FrontendOptions frontend;
};

/// Compiles `source` (named `filename` in diagnostics) up to `emit` and
/// writes the result to `outputPath` ("-" is standard output, for text).
/// Returns false after printing located diagnostics to `errs`.
bool compileProgram(llvm::StringRef filename, llvm::StringRef source,
                    const BuildOptions &options, EmitKind emit,
                    llvm::StringRef outputPath, llvm::raw_ostream &errs);

/// Compiles `source` to a model.so kept in the compile cache (the
/// directory `options.cacheDirectory`, "" for the default) and returns its
/// path, for the embedded API to load: nothing is written elsewhere. The
/// file is named after the program and the options, and replaced
/// atomically, so a loaded copy stays intact when another compile
/// rewrites it. Returns nullopt after printing diagnostics to `errs`.
std::optional<std::string> compileToCachedModel(llvm::StringRef filename,
                                                llvm::StringRef source,
                                                BuildOptions options,
                                                llvm::raw_ostream &errs);

} // namespace dlc

#endif // DLC_COMPILER_DRIVER_COMPILER_H
