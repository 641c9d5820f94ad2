//===- Training.cpp - The training loop over a dataset --------------------===//
#include "runtime/Training.h"

#include "runtime/Error.h"
#include "runtime/shim/CounterRng.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>

namespace dlc::rt {

using Json = nlohmann::json;

/// The checkpoint metadata key of a run's position and history.
static const char *const RunKey = "dlc.run";

void StepMetrics::add(const std::vector<double> &Step, int64_t BatchSamples) {
  if (Values.empty())
    Values.assign(Step.size(), 0.0);
  int64_t Total = Samples + BatchSamples;
  for (size_t I = 0; I < Step.size() && I < Values.size(); ++I)
    Values[I] += (Step[I] - Values[I]) * static_cast<double>(BatchSamples) /
                 static_cast<double>(Total);
  Samples = Total;
}

/// A uniformly random permutation of `Indices` (Fisher-Yates) from the
/// counter-based generator's sequence `Key`.
static void shuffle(std::vector<int64_t> &Indices, uint64_t Key) {
  for (size_t I = Indices.size(); I > 1; --I) {
    // A bound without modulo bias: the high half of bits * I.
    unsigned __int128 Wide =
        static_cast<unsigned __int128>(dlcRngBits(Key, I)) * I;
    size_t J = static_cast<size_t>(Wide >> 64);
    std::swap(Indices[I - 1], Indices[J]);
  }
}

DataSplit splitSamples(int64_t Count, double ValidationFraction,
                       uint64_t Seed) {
  std::vector<int64_t> All(Count);
  for (int64_t I = 0; I < Count; ++I)
    All[I] = I;
  shuffle(All, dlcRngKey(Seed, dlcRngStream("dlc.split")));
  auto Held = static_cast<int64_t>(
      std::floor(ValidationFraction * static_cast<double>(Count)));
  DataSplit Split;
  Split.Validation.assign(All.begin(), All.begin() + Held);
  Split.Train.assign(All.begin() + Held, All.end());
  return Split;
}

std::vector<int64_t> epochOrder(const std::vector<int64_t> &Train,
                                uint64_t Seed, int64_t Epoch) {
  std::vector<int64_t> Order = Train;
  shuffle(Order, dlcRngKey(Seed, dlcRngStream("dlc.epoch") +
                                     static_cast<uint64_t>(Epoch)));
  return Order;
}

uint64_t stepSeed(uint64_t Seed, int64_t Step) {
  return dlcRngKey(Seed,
                   dlcRngStream("dlc.step") + static_cast<uint64_t>(Step));
}

/// The rows [Begin, End) of `Rows`.
static std::vector<int64_t> slice(const std::vector<int64_t> &Rows,
                                  size_t Begin, size_t End) {
  return std::vector<int64_t>(Rows.begin() + Begin, Rows.begin() + End);
}

static std::vector<std::string> stepNames(const ModelState &State) {
  std::vector<std::string> Names;
  for (int32_t I = 0; I < State.info().num_step_outputs; ++I)
    Names.push_back(State.info().step_outputs[I].name);
  return Names;
}

StepMetrics evaluate(ModelState &State, const Dataset &Inputs,
                     const std::vector<int64_t> &Rows, int64_t BatchSize) {
  StepMetrics Result;
  Result.Names = stepNames(State);
  for (size_t Begin = 0; Begin < Rows.size(); Begin += BatchSize) {
    size_t End = std::min(Rows.size(), Begin + static_cast<size_t>(BatchSize));
    Dataset Batch = takeRows(Inputs, slice(Rows, Begin, End));
    Result.add(State.evalStep(Batch.Columns),
               static_cast<int64_t>(End - Begin));
  }
  return Result;
}

Trainer::Trainer(ModelState &State, const Dataset &Inputs,
                 TrainOptions OptionsIn)
    : State(State), Inputs(Inputs), Options(std::move(OptionsIn)) {
  if (Options.Epochs < 1 || Options.BatchSize < 1)
    throw Error("training needs at least 1 epoch and a batch of at least 1");
  if (!(Options.ValidationFraction >= 0 && Options.ValidationFraction < 1))
    throw Error("the validation fraction must be in [0, 1), got " +
                std::to_string(Options.ValidationFraction));
  Split = splitSamples(Inputs.size(), Options.ValidationFraction, Options.Seed);
  if (Split.Train.empty())
    throw Error("the dataset " + Inputs.Source +
                " leaves no sample to train "
                "on (" +
                std::to_string(Inputs.size()) + " samples, " +
                std::to_string(Split.Validation.size()) + " held out)");
}

static Json metricsJson(const StepMetrics &M) {
  Json J = Json::object();
  for (size_t I = 0; I < M.Names.size() && I < M.Values.size(); ++I)
    J[M.Names[I]] = M.Values[I];
  return J;
}

static StepMetrics metricsFromJson(const Json &J, int64_t Samples) {
  StepMetrics M;
  for (const auto &[Name, Value] : J.items()) {
    M.Names.push_back(Name);
    M.Values.push_back(Value.get<double>());
  }
  M.Samples = Samples;
  return M;
}

std::map<std::string, std::string> Trainer::checkpointMetadata() const {
  Json History = Json::array();
  for (const EpochReport &E : this->History)
    History.push_back({{"epoch", E.Epoch},
                       {"steps", E.Steps},
                       {"train", metricsJson(E.Train)},
                       {"train_samples", E.Train.Samples},
                       {"validation", metricsJson(E.Validation)},
                       {"validation_samples", E.Validation.Samples},
                       {"seconds", E.Seconds},
                       {"samples_per_second", E.SamplesPerSecond}});
  Json Run = {{"seed", Options.Seed},
              {"batch", Options.BatchSize},
              {"validation_fraction", Options.ValidationFraction},
              {"samples", Inputs.size()},
              {"epoch", Epoch},
              {"step_in_epoch", StepInEpoch},
              {"history", History}};
  return {{RunKey, Run.dump()}};
}

void Trainer::resume(const std::map<std::string, std::string> &Metadata) {
  auto It = Metadata.find(RunKey);
  if (It == Metadata.end())
    throw Error("the checkpoint has no '" + std::string(RunKey) +
                "' metadata: it is a weights file, not a training checkpoint "
                "(use --weights to start from it)");
  Json Run = Json::parse(It->second, nullptr, false);
  if (Run.is_discarded() || !Run.is_object())
    throw Error("the checkpoint's '" + std::string(RunKey) +
                "' metadata is not a JSON object");
  try {
    auto differs = [&](const char *Key, const Json &Now, const char *Option) {
      if (Run.at(Key) != Now)
        throw Error("the checkpoint was written with " + std::string(Option) +
                    " " + Run.at(Key).dump() + " but this run has " +
                    Now.dump() + "; resuming would not continue the same run");
    };
    differs("seed", Options.Seed, "--seed");
    differs("batch", Options.BatchSize, "--batch");
    differs("validation_fraction", Options.ValidationFraction, "--validation");
    differs("samples", Inputs.size(), "a dataset of");
    Epoch = Run.at("epoch").get<int64_t>();
    StepInEpoch = Run.at("step_in_epoch").get<int64_t>();
    int64_t Steps =
        (static_cast<int64_t>(Split.Train.size()) + Options.BatchSize - 1) /
        Options.BatchSize;
    if (Epoch < 0 || StepInEpoch < 0 || StepInEpoch > Steps)
      throw Error("the checkpoint's position (epoch " + std::to_string(Epoch) +
                  ", step " + std::to_string(StepInEpoch) +
                  ") is out of range");
    History.clear();
    for (const Json &E : Run.at("history")) {
      EpochReport R;
      R.Epoch = E.at("epoch").get<int64_t>();
      R.Steps = E.at("steps").get<int64_t>();
      R.Train =
          metricsFromJson(E.at("train"), E.at("train_samples").get<int64_t>());
      R.Validation = metricsFromJson(E.at("validation"),
                                     E.at("validation_samples").get<int64_t>());
      R.Seconds = E.at("seconds").get<double>();
      R.SamplesPerSecond = E.at("samples_per_second").get<double>();
      History.push_back(std::move(R));
    }
  } catch (const Json::exception &E) {
    throw Error("the checkpoint's '" + std::string(RunKey) +
                "' metadata is malformed: " + E.what());
  }
}

void Trainer::saveCheckpoint() const {
  if (!Options.CheckpointPath.empty())
    State.saveCheckpoint(Options.CheckpointPath, checkpointMetadata());
}

TrainOutcome Trainer::run(TrainingObserver &Observer,
                          const std::atomic<bool> *Stop) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::duration D) {
    return std::chrono::duration<double>(D).count();
  };
  const int64_t Batch = Options.BatchSize;
  const auto TrainCount = static_cast<int64_t>(Split.Train.size());
  const int64_t StepsPerEpoch = (TrainCount + Batch - 1) / Batch;
  const int64_t TotalSteps = StepsPerEpoch * Options.Epochs;
  Clock::time_point RunStart = Clock::now();
  int64_t RunSteps = 0;
  while (Epoch < Options.Epochs) {
    std::vector<int64_t> Order = epochOrder(Split.Train, Options.Seed, Epoch);
    StepMetrics Running;
    Running.Names = stepNames(State);
    Clock::time_point EpochStart = Clock::now();
    while (StepInEpoch < StepsPerEpoch) {
      int64_t Step = State.optimizerStep();
      if (Options.MaxSteps >= 0 && Step >= Options.MaxSteps) {
        saveCheckpoint();
        return TrainOutcome::StepLimit;
      }
      size_t Begin = static_cast<size_t>(StepInEpoch * Batch);
      size_t End = std::min(Order.size(), Begin + static_cast<size_t>(Batch));
      Dataset Rows = takeRows(Inputs, slice(Order, Begin, End));
      Running.add(State.trainStep(Rows.Columns, stepSeed(Options.Seed, Step)),
                  static_cast<int64_t>(End - Begin));
      ++StepInEpoch;
      ++RunSteps;
      double Elapsed = seconds(Clock::now() - EpochStart);
      double RunElapsed = seconds(Clock::now() - RunStart);
      int64_t Done = Epoch * StepsPerEpoch + StepInEpoch;
      StepReport Report;
      Report.Epoch = Epoch + 1;
      Report.Epochs = Options.Epochs;
      Report.Step = StepInEpoch;
      Report.StepsPerEpoch = StepsPerEpoch;
      Report.Running = &Running;
      Report.SamplesPerSecond =
          Elapsed > 0 ? static_cast<double>(Running.Samples) / Elapsed : 0;
      Report.EtaSeconds = RunElapsed / static_cast<double>(RunSteps) *
                          static_cast<double>(TotalSteps - Done);
      Observer.onStep(Report);
      if (Stop && Stop->load()) {
        saveCheckpoint();
        return TrainOutcome::Stopped;
      }
    }
    EpochReport Report;
    Report.Epoch = Epoch + 1;
    Report.Steps = State.optimizerStep();
    Report.Train = Running;
    Report.Seconds = seconds(Clock::now() - EpochStart);
    Report.SamplesPerSecond =
        Report.Seconds > 0
            ? static_cast<double>(Running.Samples) / Report.Seconds
            : 0;
    // Evaluation keeps no gradients, so it takes larger batches.
    if (!Split.Validation.empty())
      Report.Validation = evaluate(State, Inputs, Split.Validation,
                                   std::max<int64_t>(Batch, 1024));
    History.push_back(Report);
    // The next position is the start of the next epoch.
    ++Epoch;
    StepInEpoch = 0;
    saveCheckpoint();
    Observer.onEpoch(Report);
  }
  return TrainOutcome::Finished;
}

} // namespace dlc::rt
