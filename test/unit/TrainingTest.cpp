//===- TrainingTest.cpp - Tests of train_step and the training loop -------===//
//
// Through a real model compiled by dlc (Inputs/Trainable.dsl): the ABI's
// train_step and eval_step via ModelState, and the Trainer's determinism,
// resumption, limits and checks.
//
//===----------------------------------------------------------------------===//
#include "runtime/Training.h"
#include "runtime/Error.h"
#include "runtime/ModelState.h"
#include "runtime/Safetensors.h"
#include "test/unit/FakeModelPaths.h"
#include "test/unit/TestUtil.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <set>

using namespace dlc::rt;
using namespace dlc::rt::test;

namespace {

/// A dataset of the model's batch inputs: N samples of 4 features and a
/// label in [0, 3) that depends on them, so training can make progress.
Dataset classification(int64_t N) {
  Dataset D;
  D.Source = "'classification' (test)";
  Tensor X(DType::F32, {N, 4}), Y(DType::I32, {N});
  auto *XV = X.dataAs<float>();
  auto *YV = Y.dataAs<int32_t>();
  for (int64_t I = 0; I < N; ++I) {
    for (int64_t J = 0; J < 4; ++J)
      XV[I * 4 + J] = static_cast<float>(((I * 7 + J * 3) % 11) - 5) / 5.0f;
    YV[I] = XV[I * 4] + XV[I * 4 + 1] > 0.3f ? 2 : XV[I * 4 + 2] > 0 ? 1 : 0;
  }
  D.Names = {"x", "y"};
  D.Columns.push_back(std::move(X));
  D.Columns.push_back(std::move(Y));
  return D;
}

std::shared_ptr<ModelLibrary> trainable() {
  return ModelLibrary::open(TrainableModelPath);
}

/// Whether two states hold the same bytes in every tensor.
bool sameState(const ModelState &A, const ModelState &B) {
  auto DA = A.stateDict(true), DB = B.stateDict(true);
  if (DA.size() != DB.size())
    return false;
  for (const auto &[Name, T] : DA) {
    const Tensor &U = DB.at(Name);
    if (T.byteSize() != U.byteSize() ||
        std::memcmp(T.data(), U.data(), T.byteSize()) != 0)
      return false;
  }
  return true;
}

class Silent : public TrainingObserver {};

TEST(TrainingTest, SplitIsASeededPartition) {
  DataSplit A = splitSamples(100, 0.25, 7), B = splitSamples(100, 0.25, 7);
  EXPECT_EQ(A.Validation.size(), 25u);
  EXPECT_EQ(A.Train.size(), 75u);
  EXPECT_EQ(A.Validation, B.Validation);
  std::vector<int64_t> All = A.Train;
  All.insert(All.end(), A.Validation.begin(), A.Validation.end());
  std::sort(All.begin(), All.end());
  std::vector<int64_t> Expected(100);
  std::iota(Expected.begin(), Expected.end(), 0);
  EXPECT_EQ(All, Expected);
  EXPECT_NE(splitSamples(100, 0.25, 8).Validation, A.Validation);
  EXPECT_TRUE(splitSamples(10, 0.0, 1).Validation.empty());
}

TEST(TrainingTest, EachEpochIsAnotherPermutation) {
  std::vector<int64_t> Train = {3, 5, 8, 13, 21, 34, 55, 89};
  std::vector<int64_t> E0 = epochOrder(Train, 1, 0),
                       E1 = epochOrder(Train, 1, 1);
  EXPECT_EQ(E0, epochOrder(Train, 1, 0));
  EXPECT_NE(E0, E1);
  std::sort(E0.begin(), E0.end());
  EXPECT_EQ(E0, Train);
  EXPECT_NE(stepSeed(1, 0), stepSeed(1, 1));
  EXPECT_NE(stepSeed(1, 0), stepSeed(2, 0));
}

TEST(TrainingTest, MetricsAreMeansOverSamples) {
  StepMetrics M;
  M.add({1.0, 0.5}, 10);
  M.add({4.0, 1.0}, 30);
  EXPECT_EQ(M.Samples, 40);
  EXPECT_DOUBLE_EQ(M.Values[0], (1.0 * 10 + 4.0 * 30) / 40);
  EXPECT_DOUBLE_EQ(M.Values[1], (0.5 * 10 + 1.0 * 30) / 40);
}

TEST(TrainingTest, TrainStepUpdatesTheStateAndEvalStepDoesNot) {
  auto Lib = trainable();
  ASSERT_TRUE(Lib->canTrain());
  ModelState State(Lib);
  State.init(3);
  Dataset D = classification(16);
  EXPECT_EQ(State.optimizerStep(), 0);
  std::map<std::string, Tensor> Before = State.stateDict(true);
  std::vector<double> Eval = State.evalStep(D.Columns);
  ASSERT_EQ(Eval.size(), 2u); // loss, accuracy
  EXPECT_TRUE(sameState(State, State));
  std::vector<double> Step = State.trainStep(D.Columns, 42);
  ASSERT_EQ(Step.size(), 2u);
  EXPECT_GT(Step[0], 0);
  EXPECT_GE(Step[1], 0);
  EXPECT_LE(Step[1], 1);
  EXPECT_EQ(State.optimizerStep(), 1);
  const Tensor &W = Before.at("fc1.weight");
  std::map<std::string, Tensor> After = State.stateDict(true);
  EXPECT_NE(std::memcmp(W.data(), After.at("fc1.weight").data(), W.byteSize()),
            0);
  // Evaluation mode has no dropout: the same batch gives the same loss.
  EXPECT_EQ(State.evalStep(D.Columns), State.evalStep(D.Columns));
}

TEST(TrainingTest, TrainStepRejectsAWrongBatch) {
  ModelState State(trainable());
  State.init(0);
  Dataset D = classification(4);
  std::vector<Tensor> Short;
  Short.push_back(D.Columns[0].clone());
  EXPECT_CONTAINS(errorOf([&] { State.trainStep(Short, 0); }),
                  "train_step takes 2 input(s) (x, y), got 1");
  std::vector<Tensor> Wrong;
  Wrong.push_back(D.Columns[0].clone());
  Wrong.emplace_back(DType::I32, std::vector<int64_t>{5});
  EXPECT_CONTAINS(errorOf([&] { State.trainStep(Wrong, 0); }),
                  "symbol N is 4 from input 'x' but 5 from input 'y'");
  ModelState Fake(ModelLibrary::open(FakeModelPath));
  EXPECT_CONTAINS(errorOf([&] { Fake.evalStep({}); }),
                  "has no eval_step: its program has no train block");
}

TEST(TrainingTest, ARunIsAFunctionOfItsSeed) {
  Dataset D = classification(50);
  TrainOptions O;
  O.Epochs = 3;
  O.BatchSize = 8;
  O.Seed = 11;
  O.ValidationFraction = 0.2;
  ModelState A(trainable()), B(trainable());
  A.init(1);
  B.init(1);
  Silent Quiet;
  Trainer RunA(A, D, O), RunB(B, D, O);
  EXPECT_EQ(RunA.run(Quiet), TrainOutcome::Finished);
  EXPECT_EQ(RunB.run(Quiet), TrainOutcome::Finished);
  EXPECT_TRUE(sameState(A, B));
  ASSERT_EQ(RunA.history().size(), 3u);
  EXPECT_EQ(RunA.history()[2].Steps, 15); // ceil(40 / 8) steps per epoch
  EXPECT_EQ(RunA.history()[0].Validation.Samples, 10);
  EXPECT_EQ(RunA.history()[0].Train.Samples, 40);
  // The training loss goes down on this learnable task.
  EXPECT_LT(RunA.history()[2].Train.Values[0],
            RunA.history()[0].Train.Values[0]);
}

TEST(TrainingTest, ResumingFromACheckpointEndsWhereAnUnbrokenRunDoes) {
  TempDir Dir;
  Dataset D = classification(37);
  TrainOptions O;
  O.Epochs = 3;
  O.BatchSize = 5;
  O.Seed = 2;
  Silent Quiet;
  ModelState Whole(trainable());
  Whole.init(9);
  Trainer(Whole, D, O).run(Quiet);

  // Stopped in the middle of the second epoch, then resumed from the file.
  O.CheckpointPath = Dir.path("ck.safetensors");
  O.MaxSteps = 10;
  ModelState First(trainable());
  First.init(9);
  EXPECT_EQ(Trainer(First, D, O).run(Quiet), TrainOutcome::StepLimit);
  EXPECT_EQ(First.optimizerStep(), 10);
  SafetensorsContents Saved = readSafetensors(O.CheckpointPath);
  O.MaxSteps = -1;
  ModelState Second(trainable());
  Second.loadStateDict(Saved.Tensors, /*Strict=*/true);
  Trainer Resumed(Second, D, O);
  Resumed.resume(Saved.Metadata);
  EXPECT_EQ(Resumed.history().size(), 1u);
  EXPECT_EQ(Resumed.run(Quiet), TrainOutcome::Finished);
  EXPECT_TRUE(sameState(Whole, Second));
  EXPECT_EQ(Resumed.history().size(), 3u);
}

TEST(TrainingTest, AStopKeepsTheStepInFlightAndTheCheckpoint) {
  TempDir Dir;
  Dataset D = classification(20);
  TrainOptions O;
  O.BatchSize = 4;
  O.CheckpointPath = Dir.path("stop.safetensors");
  ModelState State(trainable());
  State.init(0);
  std::atomic<bool> Stop{true};
  Silent Quiet;
  EXPECT_EQ(Trainer(State, D, O).run(Quiet, &Stop), TrainOutcome::Stopped);
  EXPECT_EQ(State.optimizerStep(), 1);
  SafetensorsContents Saved = readSafetensors(O.CheckpointPath);
  EXPECT_TRUE(Saved.Tensors.count("optimizer.step"));
  EXPECT_TRUE(Saved.Tensors.count("optimizer.fc1.weight.momentum_buffer"));
}

TEST(TrainingTest, ResumeRefusesAnotherRunsCheckpoint) {
  TempDir Dir;
  Dataset D = classification(20);
  TrainOptions O;
  O.CheckpointPath = Dir.path("a.safetensors");
  O.Seed = 4;
  ModelState State(trainable());
  State.init(0);
  Silent Quiet;
  Trainer(State, D, O).run(Quiet);
  auto Metadata = readSafetensors(O.CheckpointPath).Metadata;
  O.Seed = 5;
  Trainer Other(State, D, O);
  EXPECT_CONTAINS(errorOf([&] { Other.resume(Metadata); }),
                  "written with --seed 4 but this run has 5");
  Dataset Bigger = classification(21);
  O.Seed = 4;
  Trainer MoreData(State, Bigger, O);
  EXPECT_CONTAINS(errorOf([&] { MoreData.resume(Metadata); }),
                  "written with a dataset of 20 but this run has 21");
  Trainer Fresh(State, D, O);
  EXPECT_CONTAINS(errorOf([&] { Fresh.resume({}); }),
                  "is a weights file, not a training checkpoint");
  EXPECT_CONTAINS(errorOf([&] {
                    Fresh.resume({{"dlc.run", "{"}});
                  }),
                  "metadata is not a JSON object");
  EXPECT_CONTAINS(errorOf([&] {
                    Fresh.resume({{"dlc.run", "{}"}});
                  }),
                  "metadata is malformed");
}

TEST(TrainingTest, OptionsOutOfRangeAreRefused) {
  ModelState State(trainable());
  Dataset D = classification(3);
  TrainOptions O;
  O.Epochs = 0;
  EXPECT_CONTAINS(errorOf([&] { Trainer(State, D, O); }), "at least 1 epoch");
  O.Epochs = 1;
  O.ValidationFraction = 1.0;
  EXPECT_CONTAINS(errorOf([&] { Trainer(State, D, O); }),
                  "validation fraction must be in [0, 1)");
  O.ValidationFraction = 0.5;
  Dataset Empty = classification(0);
  EXPECT_CONTAINS(errorOf([&] { Trainer(State, Empty, O); }),
                  "leaves no sample to train on (0 samples, 0 held out)");
}

} // namespace
