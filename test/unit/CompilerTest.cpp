//===- CompilerTest.cpp - libdlc compiles and links models in-process ----===//
//
// The compiler as a library (compiler/Driver/Compiler.h): programs given as
// strings become model.so files that libdlcrt loads and runs, several in one
// process (LLD is called again for each), and bad programs come back as
// located diagnostics rather than exits.
//
//===----------------------------------------------------------------------===//
#include "compiler/Driver/Compiler.h"
#include "runtime/ModelState.h"

#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"

#include <cmath>
#include <fstream>
#include <sstream>

using namespace dlc;

namespace {

/// A linear layer of `width` outputs followed by tanh.
std::string tinyModel(int width) {
  return "module Tiny() {\n"
         "  fc = Linear(3, " +
         std::to_string(width) +
         ")\n"
         "  def forward(x: f32[N, 3]) -> f32[N, " +
         std::to_string(width) +
         "] {\n"
         "    return tanh(fc(x))\n"
         "  }\n"
         "}\n";
}

std::string tempPath(const std::string &name) {
  return testing::TempDir() + "/dlc-compiler-test-" + name;
}

/// Compiles `source` to `path`; returns the diagnostics on failure.
std::string compile(const std::string &source, const std::string &path,
                    EmitKind emit = EmitKind::So) {
  std::string diagnostics;
  llvm::raw_string_ostream errs(diagnostics);
  BuildOptions options;
  bool ok = compileProgram("tiny.dsl", source, options, emit, path, errs);
  EXPECT_EQ(ok, diagnostics.empty()) << diagnostics;
  return diagnostics;
}

TEST(CompilerTest, CompilesAndRunsSeveralModelsInOneProcess) {
  for (int width : {2, 5}) {
    std::string path = tempPath("tiny" + std::to_string(width) + ".so");
    ASSERT_EQ(compile(tinyModel(width), path), "");
    auto library = rt::ModelLibrary::open(path);
    ASSERT_EQ(library->info().num_params, 2);
    rt::ModelState state(library);
    state.init(7);
    std::map<std::string, rt::Tensor> weights = state.stateDict();
    const float *w = weights.at("fc.weight").dataAs<float>();
    const float *b = weights.at("fc.bias").dataAs<float>();

    std::vector<rt::Tensor> inputs;
    inputs.emplace_back(rt::DType::F32, std::vector<int64_t>{4, 3});
    float *x = inputs[0].dataAs<float>();
    for (int i = 0; i < 12; ++i)
      x[i] = 0.25f * static_cast<float>(i) - 1.0f;
    std::vector<rt::Tensor> outputs = state.forward(inputs);
    ASSERT_EQ(outputs.size(), 1u);
    EXPECT_EQ(outputs[0].typeString(), "f32[4, " + std::to_string(width) + "]");
    const float *y = outputs[0].dataAs<float>();
    for (int n = 0; n < 4; ++n)
      for (int m = 0; m < width; ++m) {
        double sum = b[m];
        for (int k = 0; k < 3; ++k)
          sum += static_cast<double>(x[n * 3 + k]) * w[m * 3 + k];
        EXPECT_NEAR(y[n * width + m], std::tanh(sum), 1e-6) << n << "," << m;
      }
  }
}

TEST(CompilerTest, ReturnsLocatedDiagnostics) {
  std::string source = "module Bad() {\n"
                       "  def forward(x: f32[N, 3], w: f32[4, 2]) {\n"
                       "    return x @ w\n"
                       "  }\n"
                       "}\n";
  std::string diagnostics = compile(source, tempPath("bad.so"));
  EXPECT_NE(diagnostics.find("tiny.dsl:3:12: error: matmul of f32[N, 3] and "
                             "f32[4, 2]: inner dimensions 3 and 4 differ"),
            std::string::npos)
      << diagnostics;
  EXPECT_NE(diagnostics.find("    return x @ w\n           ^"),
            std::string::npos)
      << diagnostics;
  std::ifstream missing(tempPath("bad.so"));
  EXPECT_FALSE(missing.good()) << "a failed compile must not leave a model.so";
}

TEST(CompilerTest, StopsAtTheRequestedStage) {
  std::string path = tempPath("tiny.mlir");
  ASSERT_EQ(compile(tinyModel(2), path, EmitKind::Mlir), "");
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_NE(text.str().find("dlc.param @fc.weight : tensor<2x3xf32>"),
            std::string::npos)
      << text.str();
  EXPECT_NE(text.str().find("dlc.tanh"), std::string::npos);
}

} // namespace
