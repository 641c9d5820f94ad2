//===- TrainingReport.h - What a training run shows and writes --*- C++ -*-===//
#ifndef DLC_RUNTIME_TRAININGREPORT_H
#define DLC_RUNTIME_TRAININGREPORT_H

#include "runtime/Training.h"

#include <cstdio>
#include <fstream>
#include <string>

namespace dlc::rt {

/// "loss 0.2134 accuracy 0.9312" (the given prefix before each name).
std::string formatMetrics(const StepMetrics &M, const std::string &Prefix = "");

/// A duration as "0:07", "3:25" or "1:02:03".
std::string formatDuration(double Seconds);

/// Progress on a stream: on a terminal a live bar redrawn in place (step,
/// loss, samples/s, ETA), elsewhere plain lines. Both end every epoch with a
/// line of its training and validation results.
class ConsoleReporter : public TrainingObserver {
public:
  /// `Live` redraws a bar on `Out` (a terminal); otherwise a line is
  /// written every `LinesPerEpoch`-th of an epoch.
  ConsoleReporter(std::FILE *Out, bool Live, int LinesPerEpoch = 4);
  void onStep(const StepReport &R) override;
  void onEpoch(const EpochReport &R) override;

private:
  std::FILE *Out;
  bool Live;
  int LinesPerEpoch;
  double LastDraw = -1;
};

/// Appends one JSON object per epoch to a file (JSON lines): {"epoch",
/// "steps", "train": {"loss", ...}, "validation": {...}, "seconds",
/// "samples_per_second"}. The file is flushed after each line, so a run that
/// stops keeps what it reported.
class MetricsLog : public TrainingObserver {
public:
  /// Opens `Path`, emptied unless `Append` (a resumed run continues its
  /// log); throws Error naming it on failure.
  MetricsLog(const std::string &Path, bool Append);
  void onEpoch(const EpochReport &R) override;
  /// A line for a final evaluation: {"evaluation": Name, "loss", ...}.
  void writeEvaluation(const std::string &Name, const StepMetrics &M);

private:
  void writeLine(const std::string &Line);
  std::string Path;
  std::ofstream File;
};

/// Draws the loss and each metric over the epochs, training and validation,
/// into a PNG file (written atomically).
void plotHistory(const std::string &Path,
                 const std::vector<EpochReport> &History);

} // namespace dlc::rt

#endif // DLC_RUNTIME_TRAININGREPORT_H
