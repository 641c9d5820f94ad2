//===- TrainingReport.cpp - What a training run shows and writes ----------===//
#include "runtime/TrainingReport.h"

#include "runtime/Error.h"
#include "runtime/FileIO.h"
#include "runtime/Plot.h"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cmath>

namespace dlc::rt {

std::string formatMetrics(const StepMetrics &M, const std::string &Prefix) {
  std::string S;
  char Value[32];
  for (size_t I = 0; I < M.Values.size() && I < M.Names.size(); ++I) {
    // printf writes "-nan" for some NaNs; a NaN has no sign worth showing.
    if (std::isnan(M.Values[I]))
      std::snprintf(Value, sizeof Value, "nan");
    else
      std::snprintf(Value, sizeof Value, "%.4f", M.Values[I]);
    S += (I ? " " : "") + Prefix + M.Names[I] + " " + Value;
  }
  return S;
}

std::string formatDuration(double Seconds) {
  if (!std::isfinite(Seconds) || Seconds < 0)
    Seconds = 0;
  auto Total = static_cast<long long>(std::llround(Seconds));
  char Text[32];
  if (Total >= 3600)
    std::snprintf(Text, sizeof Text, "%lld:%02lld:%02lld", Total / 3600,
                  Total / 60 % 60, Total % 60);
  else
    std::snprintf(Text, sizeof Text, "%lld:%02lld", Total / 60, Total % 60);
  return Text;
}

ConsoleReporter::ConsoleReporter(std::FILE *Out, bool Live, int LinesPerEpoch)
    : Out(Out), Live(Live), LinesPerEpoch(std::max(1, LinesPerEpoch)) {}

static double now() {
  return std::chrono::duration<double>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void ConsoleReporter::onStep(const StepReport &R) {
  bool Last = R.Step == R.StepsPerEpoch;
  std::string Where =
      "epoch " + std::to_string(R.Epoch) + "/" + std::to_string(R.Epochs) +
      " step " + std::to_string(R.Step) + "/" + std::to_string(R.StepsPerEpoch);
  char Rate[64];
  std::snprintf(Rate, sizeof Rate, "%.0f samples/s", R.SamplesPerSecond);
  std::string Tail = formatMetrics(*R.Running) + " | " + Rate + " | ETA " +
                     formatDuration(R.EtaSeconds);
  if (!Live) {
    // A handful of lines per epoch, so a log shows progress without
    // drowning in it.
    int64_t Every = std::max<int64_t>(1, R.StepsPerEpoch / LinesPerEpoch);
    if (R.Step % Every == 0 && !Last)
      std::fprintf(Out, "%s: %s\n", Where.c_str(), Tail.c_str());
    return;
  }
  // Redraw at most ten times a second, and always at the epoch's end.
  double T = now();
  if (!Last && LastDraw >= 0 && T - LastDraw < 0.1)
    return;
  LastDraw = T;
  constexpr int Width = 24;
  int Filled =
      static_cast<int>(Width * R.Step / std::max<int64_t>(1, R.StepsPerEpoch));
  std::string Bar(Filled, '=');
  if (Filled < Width)
    Bar += '>' + std::string(Width - Filled - 1, ' ');
  std::fprintf(Out, "\r\033[Kepoch %lld/%lld [%s] %lld/%lld %s",
               static_cast<long long>(R.Epoch),
               static_cast<long long>(R.Epochs), Bar.c_str(),
               static_cast<long long>(R.Step),
               static_cast<long long>(R.StepsPerEpoch), Tail.c_str());
  std::fflush(Out);
}

void ConsoleReporter::onEpoch(const EpochReport &R) {
  std::string Line =
      "epoch " + std::to_string(R.Epoch) + ": train " + formatMetrics(R.Train);
  if (R.Validation.Samples > 0)
    Line += " | validation " + formatMetrics(R.Validation);
  char Time[64];
  std::snprintf(Time, sizeof Time, " | %.1f s, %.0f samples/s", R.Seconds,
                R.SamplesPerSecond);
  std::fprintf(Out, "%s%s%s\n", Live ? "\r\033[K" : "", Line.c_str(), Time);
  std::fflush(Out);
  LastDraw = -1;
}

MetricsLog::MetricsLog(const std::string &PathIn, bool Append)
    : Path(PathIn), File(PathIn, Append ? std::ios::app : std::ios::trunc) {
  if (!File)
    throw Error("cannot open the metrics log '" + Path +
                "': " + systemErrorText(errno));
}

static nlohmann::json metricsObject(const StepMetrics &M) {
  nlohmann::json J = nlohmann::json::object();
  for (size_t I = 0; I < M.Names.size() && I < M.Values.size(); ++I)
    J[M.Names[I]] = M.Values[I];
  return J;
}

void MetricsLog::writeLine(const std::string &Line) {
  File << Line << '\n';
  File.flush();
  if (!File)
    throw Error("cannot write the metrics log '" + Path +
                "': " + systemErrorText(errno));
}

void MetricsLog::onEpoch(const EpochReport &R) {
  nlohmann::json J = {{"epoch", R.Epoch},
                      {"steps", R.Steps},
                      {"train", metricsObject(R.Train)},
                      {"seconds", R.Seconds},
                      {"samples_per_second", R.SamplesPerSecond}};
  if (R.Validation.Samples > 0)
    J["validation"] = metricsObject(R.Validation);
  writeLine(J.dump());
}

void MetricsLog::writeEvaluation(const std::string &Name,
                                 const StepMetrics &M) {
  nlohmann::json J = metricsObject(M);
  J["evaluation"] = Name;
  J["samples"] = M.Samples;
  writeLine(J.dump());
}

void plotHistory(const std::string &Path,
                 const std::vector<EpochReport> &History) {
  if (History.empty())
    return;
  // One chart per result (the loss, then each metric), training and
  // validation curves in each.
  std::vector<Chart> Charts;
  const std::vector<std::string> &Names = History.front().Train.Names;
  for (size_t K = 0; K < Names.size(); ++K) {
    Chart C;
    C.Title = Names[K];
    C.XLabel = "epoch";
    Series Train{"train " + Names[K], {}, {}};
    Series Validation{"validation " + Names[K], {}, {}};
    for (const EpochReport &R : History) {
      if (K < R.Train.Values.size()) {
        Train.X.push_back(static_cast<double>(R.Epoch));
        Train.Y.push_back(R.Train.Values[K]);
      }
      if (K < R.Validation.Values.size()) {
        Validation.X.push_back(static_cast<double>(R.Epoch));
        Validation.Y.push_back(R.Validation.Values[K]);
      }
    }
    C.Lines.push_back(std::move(Train));
    if (!Validation.X.empty())
      C.Lines.push_back(std::move(Validation));
    Charts.push_back(std::move(C));
  }
  writeChartsPng(Path, Charts);
}

} // namespace dlc::rt
