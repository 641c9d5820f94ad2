//===- Compiler.cpp - libdlc: a .dsl program to native code ---------------===//
#include "compiler/Driver/Compiler.h"
#include "compiler/Kernels/CompileCache.h"
#include "compiler/Kernels/KernelGlue.h"
#include "compiler/Kernels/KernelLibrary.h"
#include "compiler/Kernels/Passes.h"
#include "compiler/Target/AbiEmitter.h"
#include "compiler/Target/ModelDescription.h"
#include "compiler/Target/NativeCode.h"
#include "compiler/Target/PtxModules.h"
#include "compiler/Target/SharedObjectLinker.h"
#include "compiler/Transforms/GpuPipeline.h"
#include "compiler/Transforms/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ADT/StringSwitch.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

#include <dlfcn.h>

using namespace mlir;

namespace dlc {

std::optional<EmitKind> parseEmitKind(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<EmitKind>>(name)
      .Case("ast", EmitKind::Ast)
      .Case("mlir", EmitKind::Mlir)
      .Case("lowered", EmitKind::Lowered)
      .Case("llvm", EmitKind::LLVM)
      .Case("asm", EmitKind::Asm)
      .Case("obj", EmitKind::Obj)
      .Case("ptx", EmitKind::Ptx)
      .Case("so", EmitKind::So)
      .Default(std::nullopt);
}

/// Writes `write`'s output to `path` atomically ("-" is standard output).
static bool writeOutput(llvm::StringRef path, llvm::raw_ostream &errs,
                        llvm::function_ref<void(llvm::raw_ostream &)> write) {
  if (llvm::Error error = llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
        write(os);
        return llvm::Error::success();
      })) {
    errs << "dlc: error: cannot write " << path << ": "
         << llvm::toString(std::move(error)) << "\n";
    return false;
  }
  return true;
}

static bool reportError(llvm::Error error, llvm::raw_ostream &errs) {
  errs << "dlc: error: " << llvm::toString(std::move(error)) << "\n";
  return false;
}

/// This build of dlc: the file that holds the compiler, its size and when
/// it was written. "" when unknown, which turns the model cache off.
static std::string compilerIdentity() {
  Dl_info info;
  llvm::sys::fs::file_status status;
  if (!dladdr(reinterpret_cast<const void *>(&compileProgram), &info) ||
      !info.dli_fname || llvm::sys::fs::status(info.dli_fname, status))
    return "";
  return std::string(info.dli_fname) + " " + std::to_string(status.getSize()) +
         " " +
         std::to_string(
             status.getLastModificationTime().time_since_epoch().count());
}

/// The model cache's key: the program as dlc IR (imports resolved), every
/// option that changes the code, and the compiler that builds it.
static std::string modelCacheKey(ModuleOp module, const BuildOptions &options,
                                 llvm::StringRef outputPath) {
  std::string identity = compilerIdentity();
  if (identity.empty())
    return "";
  std::string key;
  llvm::raw_string_ostream os(key);
  os << "model compiler=" << identity << " O=" << options.optLevel
     << " target=" << options.target << " gpu-arch=" << options.gpuArch
     << " cpu=" << options.cpu << " kernels=" << options.kernels
     << " schedule=" << options.schedule << " fusion="
     << options.fusion
     // The file name is the shared object's soname.
     << " soname=" << llvm::sys::path::filename(outputPath) << "\n";
  module.print(os);
  return key;
}

namespace {
/// One compilation: the MLIR context with the source attached to its
/// diagnostics, so every error points at the user's line.
class Compilation {
public:
  Compilation(llvm::StringRef filename, llvm::StringRef source,
              const BuildOptions &options, llvm::raw_ostream &errs)
      : options(options), errs(errs) {
    DialectRegistry registry;
    registerPipelineDialects(registry);
    if (options.target == "nvptx")
      registerGpuPipelineDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    // A diagnostic points at the user's source line; dumping the op in
    // generic form (sometimes the whole module) only buries it.
    context.printOpOnDiagnostic(false);
    sourceMgr.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(source, filename), llvm::SMLoc());
    diagnostics =
        std::make_unique<SourceMgrDiagnosticHandler>(sourceMgr, &context, errs);
  }

  MLIRContext &getContext() { return context; }

  LogicalResult runPipeline(ModuleOp module,
                            llvm::function_ref<void(OpPassManager &)> build) {
    PassManager pm(&context);
    if (options.printIRAfterAll) {
      context.disableMultithreading();
      pm.enableIRPrinting([](Pass *, Operation *) { return false; },
                          [](Pass *, Operation *) { return true; },
                          /*printModuleScope=*/true,
                          /*printAfterOnlyOnChange=*/false,
                          /*printAfterOnlyOnFailure=*/false, errs);
    }
    if (options.timePasses)
      pm.enableTiming();
    build(pm);
    return pm.run(module);
  }

private:
  MLIRContext context;
  llvm::SourceMgr sourceMgr;
  std::unique_ptr<SourceMgrDiagnosticHandler> diagnostics;
  const BuildOptions &options;
  llvm::raw_ostream &errs;
};
} // namespace

bool compileProgram(llvm::StringRef filename, llvm::StringRef source,
                    const BuildOptions &options, EmitKind emit,
                    llvm::StringRef outputPath, llvm::raw_ostream &errs) {
  if (options.kernels != "halide" && options.kernels != "mlir") {
    errs << "dlc: error: unknown --kernels '" << options.kernels
         << "' (expected halide or mlir)\n";
    return false;
  }
  if (std::string error = checkSchedule(options.schedule); !error.empty()) {
    errs << "dlc: error: " << error << "\n";
    return false;
  }
  if (options.target != "cpu" && options.target != "nvptx") {
    errs << "dlc: error: unknown --target '" << options.target
         << "' (expected cpu or nvptx)\n";
    return false;
  }
  bool gpu = options.target == "nvptx";
  const GpuArch *gpuArch = findGpuArch(options.gpuArch);
  if (gpu && !gpuArch) {
    errs << "dlc: error: unknown --gpu-arch '" << options.gpuArch
         << "' (expected " << supportedGpuArchList() << ")\n";
    return false;
  }
  if (emit == EmitKind::Ptx && !gpu) {
    errs << "dlc: error: --emit=ptx needs --target=nvptx: a CPU model has "
            "no GPU kernels\n";
    return false;
  }
  if (gpu && ScheduleChoice{options.schedule}.isAuto()) {
    errs << "dlc: error: --schedule=" << options.schedule
         << " makes CPU schedules; with --target=nvptx use "
            "--schedule=template, dlc's GPU schedules\n";
    return false;
  }
  if (emit == EmitKind::Ast) {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (!dumpAst(filename, source, os, errs))
      return false;
    return writeOutput(outputPath, errs,
                       [&](llvm::raw_ostream &out) { out << text; });
  }

  Compilation compilation(filename, source, options, errs);
  // A .mlir input is dlc-dialect IR, as --emit=mlir writes it: the back end
  // can be driven (and tested) without the frontend.
  OwningOpRef<ModuleOp> module =
      filename.ends_with(".mlir")
          ? parseSourceString<ModuleOp>(
                source, ParserConfig(&compilation.getContext()), filename)
          : compileToDlcIR(compilation.getContext(), filename, source,
                           options.frontend, errs);
  if (!module || failed(verify(*module)))
    return false;
  if (emit == EmitKind::Mlir)
    return writeOutput(outputPath, errs,
                       [&](llvm::raw_ostream &out) { module->print(out); });

  // A model compiled before with the same options is copied from the cache.
  CompileCache cache(options.cacheDirectory);
  std::string modelKey;
  if (emit == EmitKind::So && outputPath != "-" && cache.enabled())
    modelKey = modelCacheKey(*module, options, outputPath);
  if (!modelKey.empty())
    if (std::optional<std::string> cached = cache.lookup(modelKey)) {
      if (llvm::Error error = checkOutputDirectory(outputPath))
        return reportError(std::move(error), errs);
      return writeOutput(outputPath, errs,
                         [&](llvm::raw_ostream &out) { out << *cached; });
    }

  if (failed(compilation.runPipeline(
          *module, [](OpPassManager &pm) { buildTrainingPipeline(pm); })))
    return false;
  // The description is read before lowering erases what it describes.
  FailureOr<ModelDescription> model = describeModel(*module);
  if (failed(model))
    return false;
  auto machine = createTargetMachine(options.cpu, options.optLevel);
  if (!machine)
    return reportError(machine.takeError(), errs);
  model->cpuFeatures = abiCpuFeatures(**machine);
  if (gpu)
    model->gpuArch = gpuArch->capability;

  // Halide's kernels are built for the same CPU as the rest of the code.
  KernelOptions kernelOptions;
  kernelOptions.target =
      halideTargetFor(model->cpuFeatures, options.cpu == "native");
  if (gpu)
    kernelOptions.target =
        withHalideCudaTarget(kernelOptions.target, gpuArch->capability);
  kernelOptions.schedule.name = options.schedule;
  kernelOptions.cacheDirectory = options.cacheDirectory;
  KernelLibrary kernels(kernelOptions);
  CpuPipelineOptions pipeline;
  pipeline.optLevel = options.optLevel;
  pipeline.fusion = options.fusion;
  pipeline.parallelLoops = gpu;
  if (failed(compilation.runPipeline(*module, [&](OpPassManager &pm) {
        buildLowerToLoopsPipeline(pm, pipeline, [&](OpPassManager &pm) {
          if (options.kernels == "halide")
            pm.addPass(createOutlineHalideKernelsPass(kernels, options.fusion));
        });
      })))
    return false;
  if (emit == EmitKind::Lowered)
    return writeOutput(outputPath, errs,
                       [&](llvm::raw_ostream &out) { module->print(out); });
  if (failed(compilation.runPipeline(*module, [&](OpPassManager &pm) {
        if (gpu)
          buildGpuKernelsPipeline(pm, *gpuArch);
        buildLoopsToLLVMPipeline(pm, gpu);
      })))
    return false;

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*module, llvmContext, model->name);
  if (!llvmModule) {
    errs << "dlc: error: cannot translate the lowered model to LLVM IR\n";
    return false;
  }
  // The data layout decides struct layouts, which the ABI emitter checks.
  setModuleTarget(*llvmModule, **machine);
  if (llvm::Error error = emitModelAbi(*llvmModule, *model))
    return reportError(std::move(error), errs);
  if (llvm::Error error = emitKernelGlue(*llvmModule, kernels.kernels(), gpu))
    return reportError(std::move(error), errs);
  optimizeModule(*llvmModule, **machine, options.optLevel);
  if (emit == EmitKind::LLVM)
    return writeOutput(outputPath, errs, [&](llvm::raw_ostream &out) {
      llvmModule->print(out, nullptr);
    });

  auto code = emitMachineCode(*llvmModule, **machine, emit == EmitKind::Asm);
  if (!code)
    return reportError(code.takeError(), errs);
  if (emit == EmitKind::Asm || emit == EmitKind::Obj)
    return writeOutput(outputPath, errs,
                       [&](llvm::raw_ostream &out) { out << *code; });
  if (emit == EmitKind::Ptx)
    return writeOutput(outputPath, errs, [&](llvm::raw_ostream &out) {
      // The MLIR kernels' PTX is embedded in the host code, each Halide
      // kernel's in its own object.
      std::vector<llvm::StringRef> holders = {*code};
      for (const KernelObject &kernel : kernels.kernels())
        holders.push_back(kernel.object);
      for (llvm::StringRef holder : holders)
        for (llvm::StringRef ptx : findPtxModules(holder))
          out << ptx << "\n// ---- end of PTX module\n";
    });
  if (outputPath == "-") {
    errs
        << "dlc: error: a shared object cannot go to standard output; use -o\n";
    return false;
  }
  std::vector<llvm::StringRef> objects = {*code, modelShimObject()};
  if (gpu)
    objects.push_back(cudaShimObject());
  std::string runtime;
  if (!kernels.kernels().empty()) {
    llvm::Expected<std::string> halideRuntime = kernels.runtimeObject();
    if (!halideRuntime)
      return reportError(halideRuntime.takeError(), errs);
    runtime = std::move(*halideRuntime);
    objects.push_back(runtime);
    for (const KernelObject &kernel : kernels.kernels())
      objects.push_back(kernel.object);
  }
  if (llvm::Error error = linkSharedObject(objects, outputPath))
    return reportError(std::move(error), errs);
  if (!modelKey.empty())
    if (auto linked = llvm::MemoryBuffer::getFile(outputPath, /*IsText=*/false))
      cache.store(modelKey, (*linked)->getBuffer());
  return true;
}

} // namespace dlc
