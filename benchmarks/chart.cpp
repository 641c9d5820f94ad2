//===- chart.cpp - The benchmark report's chart as a PNG ------------------===//
//
//   dlc-bench-chart CHART.json OUT.png
//
// Draws the charts that benchmarks/report.py describes, a list of
// {"title", "xlabel", "series": {label: [[x, y], ...]}}, with the runtime's
// chart renderer, the one behind dlc-run's training plots.
//
//===----------------------------------------------------------------------===//
#include "runtime/Plot.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

int main(int argc, char **argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: dlc-bench-chart CHART.json OUT.png\n");
    return 2;
  }
  try {
    std::ifstream in(argv[1]);
    if (!in)
      throw std::runtime_error(std::string("cannot open ") + argv[1]);
    nlohmann::json spec = nlohmann::json::parse(in);
    std::vector<dlc::rt::Chart> charts;
    for (const auto &c : spec) {
      dlc::rt::Chart chart;
      chart.Title = c.at("title").get<std::string>();
      chart.XLabel = c.at("xlabel").get<std::string>();
      for (const auto &[label, points] : c.at("series").items()) {
        dlc::rt::Series series;
        series.Label = label;
        for (const auto &point : points) {
          series.X.push_back(point.at(0).get<double>());
          series.Y.push_back(point.at(1).get<double>());
        }
        chart.Lines.push_back(std::move(series));
      }
      charts.push_back(std::move(chart));
    }
    dlc::rt::writeChartsPng(argv[2], charts);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "dlc-bench-chart: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
