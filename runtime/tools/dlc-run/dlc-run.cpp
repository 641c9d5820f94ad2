//===- dlc-run.cpp - The command line for models compiled by dlc ----------===//
//
// dlc-run MODEL.so info | init | predict | train | eval [options]. Errors go
// to stderr as "dlc-run: error: ..."; they exit 1, command-line mistakes 2,
// and a training run stopped by Ctrl-C exits 130 after saving its
// checkpoint.
//
//===----------------------------------------------------------------------===//
#include "runtime/BatchInputs.h"
#include "runtime/CudaDriver.h"
#include "runtime/Dataset.h"
#include "runtime/Error.h"
#include "runtime/ModelLibrary.h"
#include "runtime/ModelState.h"
#include "runtime/Npy.h"
#include "runtime/Safetensors.h"
#include "runtime/Training.h"
#include "runtime/TrainingReport.h"

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <map>
#include <new>
#include <optional>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

using namespace dlc::rt;

namespace {

const char *const UsageText = R"(usage: dlc-run MODEL.so COMMAND [OPTIONS]
       dlc-run --help

Runs a model compiled by dlc (a model.so).

commands:
  info              print the model's self-description as JSON
  init [--seed S] --save W.safetensors
                    initialise params and buffers from seed S (default 0)
                    and save them
  predict [--weights W.safetensors | --seed S]
          --input X.npy [--input X2.npy ...] --output Y.npy [--output ...]
                    run forward on .npy inputs, given in the model's input
                    order, and write one .npy per output; without --weights
                    the params come from seed S (default 0)
  train --data DATASET [--epochs E] [--batch B] [--seed S]
        [--save CKPT.safetensors] [--resume CKPT.safetensors]
        [--weights W.safetensors [--strict false]] [--validation F]
        [--max-steps N]
        [--log FILE.jsonl] [--plot FILE.png] [--progress auto|bar|lines|none]
                    train with the model's train_step on shuffled batches of
                    B samples (default 32) for E epochs (default 1), holding
                    out the fraction F (default 0.1) of the data to evaluate
                    after each epoch; everything follows from seed S (default
                    0). CKPT is written after every epoch and when the run
                    stops (Ctrl-C, --max-steps); --resume continues a run
                    from it exactly. --log (default CKPT's name with
                    .metrics.jsonl) gets a JSON line per epoch, --plot
                    (default CKPT's name with .png) the curves at the end.
                    When DATASET has a test split of its own, it is
                    evaluated at the end.
  eval (--weights W.safetensors | --seed S) --data DATASET
       [--split test|train] [--batch B]
                    the loss and metrics of a split (default test) of
                    DATASET in evaluation mode

DATASET is a directory of MNIST IDX files, CIFAR-10 binary batches,
train.csv/test.csv (the last column is the target) or .npy files named after
the batch inputs, or a single .csv or .npy file.

options:
  --device D        where predict, train and eval run: cpu, cuda or cuda:N
                    (default: cuda:0 for a model compiled with
                    --target=nvptx, cpu otherwise); a missing CUDA driver or
                    device is an error that names it
  --strict false    load --weights as PyTorch's load_state_dict(strict=False):
                    tensors the weights lack keep their initialisation from
                    --seed, tensors the model lacks are left out, and both
                    are listed (default true: either is an error)
  --threads N       threads for the model's Halide kernels in predict, train
                    and eval (default: HL_NUM_THREADS, else one per core);
                    results do not depend on it
  -h, --help        show this help and exit
)";

/// A mistake on the command line: reported with a hint, exit status 2.
class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string Model;
  std::string Command;
  /// Single-valued options by name ("--seed"), and the repeatable ones.
  std::map<std::string, std::string> Values;
  std::vector<std::string> Inputs, Outputs;
  bool Help = false;

  std::optional<std::string> get(const std::string &Name) const {
    auto It = Values.find(Name);
    if (It == Values.end())
      return std::nullopt;
    return It->second;
  }
  bool has(const std::string &Name) const { return Values.count(Name); }
};

/// The options each command takes; --input and --output repeat.
const std::map<std::string, std::set<std::string>> &commandOptions() {
  static const std::map<std::string, std::set<std::string>> Table = {
      {"info", {}},
      {"init", {"--seed", "--save"}},
      {"predict",
       {"--seed", "--weights", "--strict", "--input", "--output", "--threads",
        "--device"}},
      {"train",
       {"--data", "--epochs", "--batch", "--seed", "--save", "--resume",
        "--weights", "--strict", "--validation", "--max-steps", "--log",
        "--plot", "--progress", "--threads", "--device"}},
      {"eval",
       {"--weights", "--strict", "--seed", "--data", "--split", "--batch",
        "--threads", "--device"}},
  };
  return Table;
}

uint64_t parseUnsigned(const std::string &Name, const std::string &Text) {
  errno = 0;
  char *End = nullptr;
  unsigned long long Value = std::strtoull(Text.c_str(), &End, 10);
  if (Text.empty() || Text[0] == '-' || Text[0] == '+' || *End != '\0' ||
      errno == ERANGE)
    throw UsageError(Name + " expects an unsigned 64-bit integer, got '" +
                     Text + "'");
  return Value;
}

int64_t parseCount(const std::string &Name, const std::string &Text,
                   int64_t Min) {
  uint64_t Value = parseUnsigned(Name, Text);
  if (Value > static_cast<uint64_t>(INT64_MAX) ||
      static_cast<int64_t>(Value) < Min)
    throw UsageError(Name + " must be at least " + std::to_string(Min) +
                     ", got '" + Text + "'");
  return static_cast<int64_t>(Value);
}

double parseFraction(const std::string &Name, const std::string &Text) {
  char *End = nullptr;
  double Value = std::strtod(Text.c_str(), &End);
  if (Text.empty() || *End != '\0' || !(Value >= 0 && Value < 1))
    throw UsageError(Name + " expects a fraction in [0, 1), got '" + Text +
                     "'");
  return Value;
}

/// Parses "--name value" and "--name=value" options for `Command`.
void parseOptions(Options &Opts, const std::vector<std::string> &Args) {
  const std::set<std::string> &Allowed = commandOptions().at(Opts.Command);
  for (size_t I = 0; I < Args.size(); ++I) {
    std::string Arg = Args[I];
    if (Arg == "-h" || Arg == "--help") {
      Opts.Help = true;
      return;
    }
    std::optional<std::string> Value;
    if (size_t Eq = Arg.find('=');
        Arg.rfind("--", 0) == 0 && Eq != std::string::npos) {
      Value = Arg.substr(Eq + 1);
      Arg = Arg.substr(0, Eq);
    }
    if (!Allowed.count(Arg))
      throw UsageError(Arg.rfind("-", 0) == 0
                           ? "unknown option '" + Arg + "' for '" +
                                 Opts.Command + "'"
                           : "unexpected argument '" + Arg + "'");
    if (!Value) {
      if (I + 1 == Args.size())
        throw UsageError(Arg + " needs a value");
      Value = Args[++I];
    }
    if (Arg == "--input") {
      Opts.Inputs.push_back(*Value);
    } else if (Arg == "--output") {
      Opts.Outputs.push_back(*Value);
    } else if (!Opts.Values.emplace(Arg, *Value).second) {
      throw UsageError(Arg + " is given more than once");
    }
  }
}

/// Whether --weights loads as load_state_dict(strict=False) does.
bool nonStrict(const Options &Opts) {
  return Opts.get("--strict").value_or("true") == "false";
}

/// Checks what each command needs beyond its options' spelling.
void checkOptions(const Options &Opts) {
  const std::string &C = Opts.Command;
  // Numbers are checked here, before the model is opened, so that a typo is
  // a usage error whatever the model.
  if (auto Seed = Opts.get("--seed"))
    parseUnsigned("--seed", *Seed);
  for (const char *Count : {"--epochs", "--batch", "--threads"})
    if (auto V = Opts.get(Count))
      parseCount(Count, *V, 1);
  if (auto V = Opts.get("--max-steps"))
    parseCount("--max-steps", *V, 0);
  if (auto V = Opts.get("--validation"))
    parseFraction("--validation", *V);
  if (C == "init" && !Opts.has("--save"))
    throw UsageError("'init' needs --save W.safetensors");
  if (auto D = Opts.get("--device")) {
    try {
      Device::parse(*D);
    } catch (const Error &E) {
      throw UsageError(std::string("--device: ") + E.what());
    }
  }
  if (auto Strict = Opts.get("--strict")) {
    if (*Strict != "true" && *Strict != "false")
      throw UsageError("--strict is 'true' or 'false', got '" + *Strict + "'");
    if (!Opts.has("--weights"))
      throw UsageError("--strict applies to --weights W.safetensors");
  }
  // With --strict false, --seed initialises what the weights lack.
  if ((C == "predict" || C == "eval") && Opts.has("--weights") &&
      Opts.has("--seed") && !nonStrict(Opts))
    throw UsageError("--weights and --seed exclude each other (unless "
                     "--strict false, where the seed initialises what the "
                     "weights lack)");
  if (C == "predict") {
    if (Opts.Inputs.empty())
      throw UsageError("'predict' needs --input X.npy");
    if (Opts.Outputs.empty())
      throw UsageError("'predict' needs --output Y.npy");
  }
  if ((C == "train" || C == "eval") && !Opts.has("--data"))
    throw UsageError("'" + C + "' needs --data DATASET");
  if (C == "eval" && !Opts.has("--weights") && !Opts.has("--seed"))
    throw UsageError("'eval' needs --weights W.safetensors (or --seed S)");
  if (C == "train" && Opts.has("--resume") && Opts.has("--weights"))
    throw UsageError("--resume and --weights exclude each other: a "
                     "checkpoint holds the weights");
  if (auto Split = Opts.get("--split");
      Split && *Split != "test" && *Split != "train")
    throw UsageError("--split is 'test' or 'train', got '" + *Split + "'");
  if (auto Progress = Opts.get("--progress");
      Progress && *Progress != "auto" && *Progress != "bar" &&
      *Progress != "lines" && *Progress != "none")
    throw UsageError("--progress is auto, bar, lines or none, got '" +
                     *Progress + "'");
}

Options parseCommandLine(int Argc, char **Argv) {
  std::vector<std::string> Args(Argv + 1, Argv + Argc);
  Options Opts;
  if (!Args.empty() && (Args[0] == "-h" || Args[0] == "--help")) {
    Opts.Help = true;
    return Opts;
  }
  if (Args.size() >= 2 && (Args[1] == "-h" || Args[1] == "--help")) {
    Opts.Help = true;
    return Opts;
  }
  if (Args.size() < 2)
    throw UsageError(Args.empty() ? "no model given" : "no command given");
  Opts.Model = Args[0];
  Opts.Command = Args[1];
  if (!commandOptions().count(Opts.Command))
    throw UsageError("unknown command '" + Opts.Command + "'");
  parseOptions(Opts, std::vector<std::string>(Args.begin() + 2, Args.end()));
  if (!Opts.Help)
    checkOptions(Opts);
  return Opts;
}

/// "x, b" from the model's inputs or outputs.
std::string names(const dlc_tensor_info *Tensors, int32_t Count) {
  std::string S;
  for (int32_t I = 0; I < Count; ++I)
    S += (I ? ", " : "") + std::string(Tensors[I].name);
  return S;
}

std::string countOf(size_t N, const char *What) {
  return std::to_string(N) + " " + What + (N == 1 ? " was" : "s were");
}

/// `"a", "b"`, or `none`.
std::string quotedNames(const std::vector<std::string> &Names) {
  if (Names.empty())
    return "none";
  std::string S;
  for (const std::string &N : Names)
    S += (S.empty() ? "\"" : ", \"") + N + "\"";
  return S;
}

uint64_t seedOf(const Options &Opts) {
  auto Seed = Opts.get("--seed");
  return Seed ? parseUnsigned("--seed", *Seed) : 0;
}

/// Loads --weights, or initialises from --seed. With --strict false, as
/// PyTorch's load_state_dict(strict=False), the model's tensors missing from
/// the weights keep their initialisation from --seed and the weights' extra
/// tensors are left out; both lists are reported.
void initialState(const Options &Opts, ModelState &State) {
  auto Weights = Opts.get("--weights");
  if (!Weights) {
    State.init(seedOf(Opts));
    return;
  }
  if (!nonStrict(Opts)) {
    State.loadWeights(*Weights, /*Strict=*/true);
    return;
  }
  // Another model's optimizer state (a pre-training checkpoint's moments)
  // would be wrong for this one's run: only params and buffers are taken.
  SafetensorsContents Contents = readSafetensors(*Weights);
  std::map<std::string, Tensor> ParamsAndBuffers;
  for (auto &[Name, T] : Contents.Tensors)
    if (!isOptimizerStateName(Name))
      ParamsAndBuffers.emplace(Name, std::move(T));
  State.init(seedOf(Opts));
  LoadResult Loaded = State.loadStateDict(ParamsAndBuffers, /*Strict=*/false,
                                          "'" + *Weights + "'");
  std::cerr << "loaded '" << *Weights << "' with --strict false:\n"
            << "  missing key(s), initialised from --seed " << seedOf(Opts)
            << ": " << quotedNames(Loaded.MissingKeys) << "\n"
            << "  unexpected key(s), not used: "
            << quotedNames(Loaded.UnexpectedKeys) << "\n";
}

void runPredict(const Options &Opts, ModelState &State) {
  const dlc_model_info &Info = State.info();
  if (Opts.Inputs.size() != static_cast<size_t>(Info.num_inputs))
    throw Error("the model takes " + std::to_string(Info.num_inputs) +
                " input(s) (" + names(Info.inputs, Info.num_inputs) + ") but " +
                countOf(Opts.Inputs.size(), "--input") + " given");
  if (Opts.Outputs.size() != static_cast<size_t>(Info.num_outputs))
    throw Error("the model has " + std::to_string(Info.num_outputs) +
                " output(s) (" + names(Info.outputs, Info.num_outputs) +
                ") but " + countOf(Opts.Outputs.size(), "--output") + " given");
  std::set<std::string> Seen;
  for (const std::string &Path : Opts.Outputs)
    if (!Seen.insert(Path).second)
      throw Error("--output '" + Path + "' is given twice");

  initialState(Opts, State);
  std::vector<Tensor> Inputs;
  std::vector<std::string> Labels;
  for (size_t I = 0; I < Opts.Inputs.size(); ++I) {
    Inputs.push_back(readNpy(Opts.Inputs[I]));
    Labels.push_back("input '" + std::string(Info.inputs[I].name) + "' (" +
                     Opts.Inputs[I] + ")");
  }
  std::vector<Tensor> Outputs = State.forward(Inputs, Labels);
  for (size_t I = 0; I < Outputs.size(); ++I)
    writeNpy(Opts.Outputs[I], Outputs[I]);
}

/// Set by SIGINT while training: the loop stops after the step in flight.
std::atomic<bool> StopRequested{false};

extern "C" void onInterrupt(int) { StopRequested.store(true); }

/// `Path` with its extension (after the last '.' of the file name) replaced.
std::string replaceExtension(const std::string &Path,
                             const std::string &Extension) {
  size_t Slash = Path.rfind('/');
  size_t Dot = Path.rfind('.');
  bool HasDot = Dot != std::string::npos &&
                (Slash == std::string::npos || Dot > Slash + 1);
  return (HasDot ? Path.substr(0, Dot) : Path) + Extension;
}

/// The batch of an evaluation: large, since it keeps no gradients, and a
/// metric that is not a mean over samples (R^2) is then exact for a split
/// that fits in one.
int64_t evaluationBatch(int64_t TrainBatch) {
  return std::max<int64_t>(TrainBatch, 1024);
}

/// All samples of a dataset, for evaluation.
std::vector<int64_t> allRows(const Dataset &D) {
  std::vector<int64_t> Rows(D.size());
  for (int64_t I = 0; I < D.size(); ++I)
    Rows[I] = I;
  return Rows;
}

int runTrain(const Options &Opts, ModelState &State) {
  if (!State.library().canTrain())
    throw Error("'" + Opts.Model +
                "' has no train_step: its program has no train block");
  TrainOptions Train;
  Train.Seed = seedOf(Opts);
  if (auto V = Opts.get("--epochs"))
    Train.Epochs = parseCount("--epochs", *V, 1);
  if (auto V = Opts.get("--batch"))
    Train.BatchSize = parseCount("--batch", *V, 1);
  if (auto V = Opts.get("--validation"))
    Train.ValidationFraction = parseFraction("--validation", *V);
  if (auto V = Opts.get("--max-steps"))
    Train.MaxSteps = parseCount("--max-steps", *V, 0);
  Train.CheckpointPath = Opts.get("--save").value_or("");
  std::string Default = Train.CheckpointPath.empty()
                            ? ""
                            : replaceExtension(Train.CheckpointPath, "");
  std::string LogPath = Opts.get("--log").value_or(
      Default.empty() ? "" : Default + ".metrics.jsonl");
  std::string PlotPath =
      Opts.get("--plot").value_or(Default.empty() ? "" : Default + ".png");

  std::string DataPath = *Opts.get("--data");
  Dataset Inputs = toBatchInputs(State.info(), loadDataset(DataPath, "train"));
  Trainer Run(State, Inputs, Train);
  if (auto Resume = Opts.get("--resume")) {
    SafetensorsContents Checkpoint = readSafetensors(*Resume);
    State.loadStateDict(Checkpoint.Tensors, /*Strict=*/true,
                        "'" + *Resume + "'");
    Run.resume(Checkpoint.Metadata);
  } else {
    initialState(Opts, State);
  }

  std::string Progress = Opts.get("--progress").value_or("auto");
  bool Live =
      Progress == "bar" || (Progress == "auto" && ::isatty(STDERR_FILENO));
  ConsoleReporter Console(stderr, Live, Progress == "none" ? 0 : 4);
  std::optional<MetricsLog> Log;
  if (!LogPath.empty())
    Log.emplace(LogPath, /*Append=*/Opts.has("--resume"));
  struct Observers : TrainingObserver {
    std::vector<TrainingObserver *> All;
    void onStep(const StepReport &R) override {
      for (TrainingObserver *O : All)
        O->onStep(R);
    }
    void onEpoch(const EpochReport &R) override {
      for (TrainingObserver *O : All)
        O->onEpoch(R);
    }
  } Fanout;
  if (Progress != "none")
    Fanout.All.push_back(&Console);
  if (Log)
    Fanout.All.push_back(&*Log);

  std::signal(SIGINT, onInterrupt);
  TrainOutcome Outcome = Run.run(Fanout, &StopRequested);
  std::signal(SIGINT, SIG_DFL);
  if (!PlotPath.empty())
    plotHistory(PlotPath, Run.history());
  std::string Saved = Train.CheckpointPath.empty()
                          ? ""
                          : "; checkpoint in " + Train.CheckpointPath;
  if (Outcome != TrainOutcome::Finished) {
    std::cerr << (Outcome == TrainOutcome::Stopped ? "stopped" : "reached")
              << " at step " << State.optimizerStep()
              << (Outcome == TrainOutcome::StepLimit ? " (--max-steps)" : "")
              << Saved << (Saved.empty() ? "" : "; --resume it to go on")
              << "\n";
    return Outcome == TrainOutcome::Stopped ? 130 : 0;
  }
  if (hasOwnSplit(DataPath, "test")) {
    Dataset Test = toBatchInputs(State.info(), loadDataset(DataPath, "test"));
    StepMetrics M =
        evaluate(State, Test, allRows(Test), evaluationBatch(Train.BatchSize));
    std::cout << "test: " << formatMetrics(M) << " (" << M.Samples
              << " samples)\n";
    if (Log)
      Log->writeEvaluation("test", M);
  }
  return 0;
}

void runEval(const Options &Opts, ModelState &State) {
  if (!State.library().canTrain())
    throw Error("'" + Opts.Model +
                "' has no eval_step: its program has no train block");
  initialState(Opts, State);
  std::string Split = Opts.get("--split").value_or("test");
  Dataset Data =
      toBatchInputs(State.info(), loadDataset(*Opts.get("--data"), Split));
  int64_t Batch = evaluationBatch(1);
  if (auto V = Opts.get("--batch"))
    Batch = parseCount("--batch", *V, 1);
  StepMetrics M = evaluate(State, Data, allRows(Data), Batch);
  std::cout << Split << ": " << formatMetrics(M) << " (" << M.Samples
            << " samples)\n";
}

/// The device a command runs on, opened and bound to the model before any
/// data is read, so that a missing driver or GPU, or a model that cannot
/// run there, is reported first; null for the CPU. Without --device a model
/// runs where it was compiled for: a --target=nvptx model on cuda:0.
std::shared_ptr<CudaDevice> openDevice(const Options &Opts,
                                       const ModelLibrary &Library) {
  const dlc_model_info &Info = Library.info();
  std::optional<std::string> Name = Opts.get("--device");
  Device D = Device::parse(Name ? *Name : Info.gpu_arch ? "cuda" : "cpu");
  if (D.Type == Device::Kind::Cpu) {
    if (Info.gpu_arch)
      throw Error("'" + Opts.Model +
                  "' was compiled with --target=nvptx for "
                  "sm_" +
                  std::to_string(Info.gpu_arch) +
                  ": run it with --device cuda, or compile it with "
                  "--target=cpu to run it here");
    return nullptr;
  }
  std::shared_ptr<CudaDevice> Cuda = CudaDevice::open(D.Index);
  Cuda->bind(Library);
  return Cuda;
}

int run(const Options &Opts) {
  // Halide's thread pool reads this when a kernel first runs in parallel,
  // which is after the model is loaded.
  if (auto Threads = Opts.get("--threads"))
    setenv("HL_NUM_THREADS",
           std::to_string(parseCount("--threads", *Threads, 1)).c_str(),
           /*overwrite=*/1);
  std::shared_ptr<ModelLibrary> Library = ModelLibrary::open(Opts.Model);
  if (Opts.Command == "info") {
    std::cout << Library->describeJson() << "\n";
    return 0;
  }
  if (Opts.Command == "init") {
    // Initialisation runs on the host, for any model.
    ModelState State(Library);
    State.init(seedOf(Opts));
    State.saveWeights(*Opts.get("--save"));
    return 0;
  }
  ModelState State(Library, openDevice(Opts, *Library));
  if (Opts.Command == "train")
    return runTrain(Opts, State);
  if (Opts.Command == "eval") {
    runEval(Opts, State);
    return 0;
  }
  runPredict(Opts, State);
  return 0;
}

} // namespace

int main(int Argc, char **Argv) {
  try {
    Options Opts = parseCommandLine(Argc, Argv);
    if (Opts.Help) {
      std::cout << UsageText;
      return 0;
    }
    return run(Opts);
  } catch (const UsageError &E) {
    std::cerr << "dlc-run: error: " << E.what()
              << "\n(run 'dlc-run --help' for usage)\n";
    return 2;
  } catch (const std::bad_alloc &) {
    std::cerr << "dlc-run: error: out of memory\n";
    return 1;
  } catch (const std::exception &E) {
    std::cerr << "dlc-run: error: " << E.what() << "\n";
    return 1;
  }
}
