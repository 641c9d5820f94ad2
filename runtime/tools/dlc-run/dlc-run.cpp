//===- dlc-run.cpp - The command line for models compiled by dlc ----------===//
//
// dlc-run MODEL.so info | init | predict | train | eval [options]. Errors go
// to stderr as "dlc-run: error: ..."; they exit 1, command-line mistakes 2.
//
//===----------------------------------------------------------------------===//
#include "runtime/Error.h"
#include "runtime/ModelLibrary.h"
#include "runtime/ModelState.h"
#include "runtime/Npy.h"

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <new>
#include <optional>
#include <set>
#include <string>
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
  train, eval       need a model compiled with a train_step (not yet
                    supported)

options:
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
  std::optional<uint64_t> Seed;
  std::optional<std::string> Save;
  std::optional<std::string> Weights;
  std::vector<std::string> Inputs;
  std::vector<std::string> Outputs;
  bool Help = false;
};

uint64_t parseSeed(const std::string &Text) {
  errno = 0;
  char *End = nullptr;
  unsigned long long Value = std::strtoull(Text.c_str(), &End, 10);
  if (Text.empty() || Text[0] == '-' || Text[0] == '+' || *End != '\0' ||
      errno == ERANGE)
    throw UsageError("--seed expects an unsigned 64-bit integer, got '" + Text +
                     "'");
  return Value;
}

/// Parses "--name value" and "--name=value" options for `Command`.
void parseOptions(Options &Opts, const std::vector<std::string> &Args) {
  std::set<std::string> Allowed;
  if (Opts.Command == "init")
    Allowed = {"--seed", "--save"};
  else if (Opts.Command == "predict")
    Allowed = {"--seed", "--weights", "--input", "--output"};
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
    auto SetOnce = [&](std::optional<std::string> &Slot) {
      if (Slot)
        throw UsageError(Arg + " is given more than once");
      Slot = *Value;
    };
    if (Arg == "--seed") {
      if (Opts.Seed)
        throw UsageError("--seed is given more than once");
      Opts.Seed = parseSeed(*Value);
    } else if (Arg == "--save") {
      SetOnce(Opts.Save);
    } else if (Arg == "--weights") {
      SetOnce(Opts.Weights);
    } else if (Arg == "--input") {
      Opts.Inputs.push_back(*Value);
    } else {
      Opts.Outputs.push_back(*Value);
    }
  }
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
  static const std::set<std::string> Commands = {"info", "init", "predict",
                                                 "train", "eval"};
  if (!Commands.count(Opts.Command))
    throw UsageError("unknown command '" + Opts.Command + "'");
  // train and eval take the options of the training issue; until then they
  // only report that they are unsupported, whatever follows.
  if (Opts.Command == "train" || Opts.Command == "eval")
    return Opts;
  parseOptions(Opts, std::vector<std::string>(Args.begin() + 2, Args.end()));
  if (Opts.Help)
    return Opts;
  if (Opts.Command == "init" && !Opts.Save)
    throw UsageError("'init' needs --save W.safetensors");
  if (Opts.Command == "predict") {
    if (Opts.Weights && Opts.Seed)
      throw UsageError("--weights and --seed exclude each other");
    if (Opts.Inputs.empty())
      throw UsageError("'predict' needs --input X.npy");
    if (Opts.Outputs.empty())
      throw UsageError("'predict' needs --output Y.npy");
  }
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

  if (Opts.Weights)
    State.loadWeights(*Opts.Weights, /*Strict=*/true);
  else
    State.init(Opts.Seed.value_or(0));
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

int run(const Options &Opts) {
  std::shared_ptr<ModelLibrary> Library = ModelLibrary::open(Opts.Model);
  if (Opts.Command == "info") {
    std::cout << Library->describeJson() << "\n";
    return 0;
  }
  if (Opts.Command == "train" || Opts.Command == "eval")
    throw Error("'" + Opts.Command +
                "' needs a model compiled with a train_step (not yet "
                "supported)");
  ModelState State(Library);
  if (Opts.Command == "init") {
    State.init(Opts.Seed.value_or(0));
    State.saveWeights(*Opts.Save);
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
