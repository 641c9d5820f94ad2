//===- dlc.cpp - the dlc compiler driver ----------------------------------===//
//
//   dlc model.dsl -o model.so [--emit=ast|mlir|lowered|llvm|asm|obj|ptx|so]
//       [-O2] [--target=cpu|nvptx [--gpu-arch=sm_80|sm_90]]
//
// A thin layer over libdlc (compiler/Driver/Compiler.h): options, reading the
// source, choosing the output name.
//
//===----------------------------------------------------------------------===//
#include "compiler/Driver/Compiler.h"
#include "compiler/Kernels/CompileCache.h"

#include "mlir/IR/AsmState.h"

#include "dlc/ModelABI.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Pass.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

static cl::OptionCategory category("dlc options");
static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<model.dsl>"),
                                      cl::Required, cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("output file"),
                                       cl::value_desc("path"),
                                       cl::cat(category));
static cl::opt<std::string>
    emitName("emit",
             cl::desc("what to write: ast, mlir, lowered, llvm, asm, obj, "
                      "ptx (the GPU kernels of --target=nvptx), so"),
             cl::init("so"), cl::cat(category));
static cl::opt<unsigned> optLevel("O", cl::desc("optimisation level 0-3"),
                                  cl::Prefix, cl::init(2), cl::cat(category));
static cl::opt<std::string>
    target("target",
           cl::desc("cpu (default), or nvptx: the model runs on an NVIDIA "
                    "GPU, bound to one by dlc-run --device cuda"),
           cl::init("cpu"), cl::cat(category));
static cl::opt<std::string>
    gpuArch("gpu-arch",
            cl::desc("with --target=nvptx: the oldest GPU the model runs on, "
                     "sm_80 (default: A100 and newer) or sm_90 (H100)"),
            cl::init("sm_80"), cl::cat(category));
static cl::opt<std::string>
    // Not "mcpu": LLD registers LLVM's codegen flags, -mcpu among them.
    cpu("cpu",
        cl::desc("CPU to generate code for: native (default: this machine's "
                 "CPU and all its features), or an LLVM CPU name such as "
                 "x86-64-v3 for models that run on other machines"),
        cl::init("native"), cl::cat(category));
static cl::opt<std::string> trainName("train",
                                      cl::desc("the train block to compile"),
                                      cl::cat(category));
static cl::list<std::string> importPaths("I", cl::desc("import search path"),
                                         cl::Prefix, cl::cat(category));
static cl::opt<std::string>
    kernels("kernels",
            cl::desc("halide (default): matrix multiplies run as Halide "
                     "kernels; mlir: everything through MLIR's loops"),
            cl::init("halide"), cl::cat(category));
static cl::opt<std::string>
    fusion("fusion",
           cl::desc("on (default): ops are grouped into kernels (a matmul "
                    "with its activation, the rows of a softmax "
                    "cross-entropy, the optimizer's update); off: every op "
                    "on its own, for comparison"),
           cl::init("on"), cl::cat(category));
static cl::opt<std::string>
    schedule("schedule",
             cl::desc("Halide schedules: template (default, dlc's own), "
                      "auto:adams2019, auto:mullapudi2016 or auto:li2018"),
             cl::init("template"), cl::cat(category));
static cl::opt<std::string>
    cacheDir("cache-dir",
             cl::desc("compiled kernels are kept here (default: "
                      "$XDG_CACHE_HOME/dlc or ~/.cache/dlc)"),
             cl::cat(category));
static cl::opt<bool> noCache("no-cache",
                             cl::desc("compile every kernel afresh"),
                             cl::cat(category));
static cl::opt<bool>
    printIRAfterAll("mlir-print-ir-after-all",
                    cl::desc("print the IR after every MLIR pass"),
                    cl::cat(category));

/// `model.dsl` -> `model.so` / `model.o`; text goes to standard output.
static std::string defaultOutput(dlc::EmitKind emit) {
  if (emit != dlc::EmitKind::So && emit != dlc::EmitKind::Obj)
    return "-";
  SmallString<128> path(sys::path::filename(inputPath.getValue()));
  sys::path::replace_extension(path, emit == dlc::EmitKind::So ? "so" : "o");
  return path.str().str();
}

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  // MLIR's printer flags (--mlir-print-debuginfo shows each op's DSL
  // location) apply to every IR that --emit writes.
  mlir::registerAsmPrinterCLOptions();
  cl::HideUnrelatedOptions(category);
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "dlc " << DLC_VERSION << " (LLVM and MLIR " << LLVM_VERSION_STRING
       << ", model ABI " << DLC_MODEL_ABI_VERSION << ")\n";
  });
  cl::ParseCommandLineOptions(argc, argv, "dlc: the dlc model compiler\n");

  std::optional<dlc::EmitKind> emit = dlc::parseEmitKind(emitName);
  if (!emit) {
    errs() << "dlc: error: unknown --emit kind '" << emitName
           << "' (ast, mlir, lowered, llvm, asm, obj, ptx, so)\n";
    return 1;
  }
  if (optLevel > 3) {
    errs() << "dlc: error: -O" << optLevel << " is not a level (0 to 3)\n";
    return 1;
  }
  // A device or FIFO could feed the reader forever (/dev/zero).
  if (inputPath != "-" && sys::fs::exists(inputPath) &&
      !sys::fs::is_regular_file(inputPath)) {
    errs() << "dlc: error: " << inputPath << " is not a regular file\n";
    return 1;
  }
  auto source = MemoryBuffer::getFileOrSTDIN(inputPath, /*IsText=*/true);
  if (!source) {
    errs() << "dlc: error: cannot read " << inputPath << ": "
           << source.getError().message() << "\n";
    return 1;
  }

  dlc::BuildOptions options;
  options.optLevel = optLevel;
  options.target = target;
  options.gpuArch = gpuArch;
  options.cpu = cpu;
  if (fusion != "on" && fusion != "off") {
    errs() << "dlc: error: unknown --fusion '" << fusion
           << "' (expected on or off)\n";
    return 1;
  }
  options.fusion = fusion == "on";
  options.kernels = kernels;
  options.schedule = schedule;
  if (!noCache)
    options.cacheDirectory = cacheDir.empty()
                                 ? dlc::CompileCache::defaultDirectory()
                                 : cacheDir.getValue();
  options.printIRAfterAll = printIRAfterAll;
  // LLVM owns --time-passes; it times LLVM's passes and, here, MLIR's too.
  options.timePasses = llvm::TimePassesIsEnabled;
  options.frontend.trainName = trainName;
  options.frontend.importPaths.assign(importPaths.begin(), importPaths.end());
  std::string output = outputPath.empty() ? defaultOutput(*emit) : outputPath;
  bool ok = dlc::compileProgram(inputPath, (*source)->getBuffer(), options,
                                *emit, output, errs());
  return ok ? 0 : 1;
}
