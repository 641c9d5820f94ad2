//===- Compiler.cpp - libdlc: a .dsl program to native code ---------------===//
#include "compiler/Driver/Compiler.h"
#include "compiler/Target/AbiEmitter.h"
#include "compiler/Target/ModelDescription.h"
#include "compiler/Target/NativeCode.h"
#include "compiler/Target/SharedObjectLinker.h"
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
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Target/TargetMachine.h"

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

namespace {
/// One compilation: the MLIR context with the source attached to its
/// diagnostics, so every error points at the user's line.
class Compilation {
public:
  Compilation(llvm::StringRef filename, llvm::StringRef source,
              const CompileOptions &options, llvm::raw_ostream &errs)
      : options(options), errs(errs) {
    DialectRegistry registry;
    registerPipelineDialects(registry);
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
  const CompileOptions &options;
  llvm::raw_ostream &errs;
};
} // namespace

bool compileProgram(llvm::StringRef filename, llvm::StringRef source,
                    const CompileOptions &options, EmitKind emit,
                    llvm::StringRef outputPath, llvm::raw_ostream &errs) {
  if (options.target != "cpu") {
    errs << "dlc: error: target '" << options.target
         << "' is not supported yet; use --target=cpu\n";
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

  if (failed(compilation.runPipeline(
          *module, [](OpPassManager &pm) { buildTrainingPipeline(pm); })))
    return false;
  // The description is read before lowering erases what it describes.
  FailureOr<ModelDescription> model = describeModel(*module);
  if (failed(model))
    return false;
  CpuPipelineOptions pipeline;
  pipeline.optLevel = options.optLevel;
  if (failed(compilation.runPipeline(*module, [&](OpPassManager &pm) {
        buildLowerToLoopsPipeline(pm, pipeline);
      })))
    return false;
  if (emit == EmitKind::Lowered)
    return writeOutput(outputPath, errs,
                       [&](llvm::raw_ostream &out) { module->print(out); });
  if (failed(compilation.runPipeline(
          *module, [](OpPassManager &pm) { buildLoopsToLLVMPipeline(pm); })))
    return false;

  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule =
      translateModuleToLLVMIR(*module, llvmContext, model->name);
  if (!llvmModule) {
    errs << "dlc: error: cannot translate the lowered model to LLVM IR\n";
    return false;
  }
  auto machine = createTargetMachine(options.cpu, options.optLevel);
  if (!machine)
    return reportError(machine.takeError(), errs);
  // The data layout decides struct layouts, which the ABI emitter checks.
  setModuleTarget(*llvmModule, **machine);
  model->cpuFeatures = abiCpuFeatures(**machine);
  if (llvm::Error error = emitModelAbi(*llvmModule, *model))
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
  if (outputPath == "-") {
    errs
        << "dlc: error: a shared object cannot go to standard output; use -o\n";
    return false;
  }
  llvm::StringRef objects[] = {*code, modelShimObject()};
  if (llvm::Error error = linkSharedObject(objects, outputPath))
    return reportError(std::move(error), errs);
  return true;
}

} // namespace dlc
