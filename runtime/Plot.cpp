//===- Plot.cpp - Line charts of training curves as PNG images ------------===//
#include "runtime/Plot.h"

#include "runtime/BitmapFont.h"
#include "runtime/Error.h"
#include "runtime/PngWriter.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdio>
#include <string_view>

namespace dlc::rt {
namespace {

constexpr Rgb8 Palette[10] = {
    {31, 119, 180},  {255, 127, 14}, {44, 160, 44},   {214, 39, 40},
    {148, 103, 189}, {140, 86, 75},  {227, 119, 194}, {127, 127, 127},
    {188, 189, 34},  {23, 190, 207},
};
constexpr Rgb8 TitleColor = {25, 25, 25};
constexpr Rgb8 TextColor = {70, 70, 70};
constexpr Rgb8 FrameColor = {150, 150, 150};
constexpr Rgb8 GridColor = {230, 230, 230};

/// The horizontal advance of a character at scale 1.
constexpr int CellWidth = GlyphWidth + 1;
constexpr int TitleScale = 2;
/// The height of capitals and digits, for centring text on a line.
constexpr int CapHeight = 7;
constexpr int Margin = 12;
constexpr int TickLength = 4;
constexpr int MaxLegendRows = 3;
constexpr int LegendRowHeight = GlyphHeight + 6;
constexpr int SwatchWidth = 18;
/// Series with at most this many points get a dot at each.
constexpr size_t MaxMarkedPoints = 40;
constexpr double LineHalfWidth = 1.0;
constexpr double MarkerRadius = 2.5;
constexpr double DotRadius = 3.5;

/// Pixel rectangle with inclusive bounds.
struct Rect {
  int Left, Top, Right, Bottom;
  bool contains(int X, int Y) const {
    return X >= Left && X <= Right && Y >= Top && Y <= Bottom;
  }
};

int textWidth(std::string_view S, int Scale) {
  return S.empty() ? 0 : (static_cast<int>(S.size()) * CellWidth - 1) * Scale;
}

/// `S`, shortened with "..." to fit in `Width` pixels.
std::string fitText(const std::string &S, int Width, int Scale) {
  if (textWidth(S, Scale) <= Width)
    return S;
  int Chars = (Width / Scale + 1) / CellWidth - 3;
  return Chars <= 0 ? "" : S.substr(0, Chars) + "...";
}

/// An RGB image with drawing operations clipped to `Clip`.
class Canvas {
public:
  Canvas(int Width, int Height)
      : Clip{0, 0, Width - 1, Height - 1}, Width(Width) {
    Pixels.resize(static_cast<size_t>(Width) * Height * 3);
    for (size_t I = 0; I < Pixels.size(); I += 3)
      std::copy(ChartBackground.begin(), ChartBackground.end(), &Pixels[I]);
  }

  void set(int X, int Y, Rgb8 C) {
    if (Clip.contains(X, Y))
      std::copy(C.begin(), C.end(), at(X, Y));
  }

  /// Paints `C` over the pixel with opacity `Alpha` in (0, 1].
  void blend(int X, int Y, Rgb8 C, float Alpha) {
    if (!Clip.contains(X, Y))
      return;
    uint8_t *P = at(X, Y);
    for (int I = 0; I < 3; ++I)
      P[I] = static_cast<uint8_t>(
          std::lround(P[I] + (C[I] - P[I]) * std::min(Alpha, 1.0f)));
  }

  void fill(int Left, int Top, int Width, int Height, Rgb8 C) {
    for (int Y = Top; Y < Top + Height; ++Y)
      for (int X = Left; X < Left + Width; ++X)
        set(X, Y, C);
  }

  /// Draws `S` with its top-left corner at (X, Y), each font pixel a
  /// `Scale` x `Scale` square.
  void text(int X, int Y, std::string_view S, int Scale, Rgb8 C) {
    for (char Ch : S) {
      const uint8_t *Rows = glyphRows(Ch);
      for (int R = 0; R < GlyphHeight; ++R)
        for (int Col = 0; Col < GlyphWidth; ++Col)
          if (Rows[R] >> (GlyphWidth - 1 - Col) & 1)
            fill(X + Col * Scale, Y + R * Scale, Scale, Scale, C);
      X += CellWidth * Scale;
    }
  }

  Rect Clip;
  std::vector<uint8_t> Pixels;

private:
  uint8_t *at(int X, int Y) {
    return &Pixels[(static_cast<size_t>(Y) * Width + X) * 3];
  }

  int Width;
};

/// The coverage of one series over a rectangle, so that overlapping pieces
/// of one curve blend once, with the largest coverage.
class Coverage {
public:
  explicit Coverage(Rect Area)
      : Area(Area), Stride(Area.Right - Area.Left + 1),
        Values(static_cast<size_t>(Stride) * (Area.Bottom - Area.Top + 1)) {}

  void clear() { std::fill(Values.begin(), Values.end(), 0.0f); }

  /// A line of half width `HalfWidth` from (X0, Y0) to (X1, Y1), with round
  /// ends; coordinates are pixel centres. Walks the major axis, so the cost
  /// is proportional to the length, not to the bounding box.
  void segment(double X0, double Y0, double X1, double Y1, double HalfWidth) {
    bool Steep = std::fabs(Y1 - Y0) > std::fabs(X1 - X0);
    double U0 = Steep ? Y0 : X0, V0 = Steep ? X0 : Y0;
    double U1 = Steep ? Y1 : X1, V1 = Steep ? X1 : Y1;
    if (U0 > U1) {
      std::swap(U0, U1);
      std::swap(V0, V1);
    }
    double Slope = U1 > U0 ? (V1 - V0) / (U1 - U0) : 0.0;
    double Reach = HalfWidth + 1.0;
    int ULo = Steep ? Area.Top : Area.Left,
        UHi = Steep ? Area.Bottom : Area.Right;
    int UStart = std::max(ULo, static_cast<int>(std::floor(U0 - Reach)));
    int UEnd = std::min(UHi, static_cast<int>(std::ceil(U1 + Reach)));
    for (int U = UStart; U <= UEnd; ++U) {
      double Center = V0 + Slope * (std::clamp<double>(U, U0, U1) - U0);
      int VStart = static_cast<int>(std::floor(Center - Reach - 1));
      int VEnd = static_cast<int>(std::ceil(Center + Reach + 1));
      for (int V = VStart; V <= VEnd; ++V) {
        int X = Steep ? V : U, Y = Steep ? U : V;
        add(X, Y, HalfWidth + 0.5 - distanceToSegment(X, Y, X0, Y0, X1, Y1));
      }
    }
  }

  /// A filled disc.
  void disc(double CX, double CY, double Radius) {
    for (int Y = static_cast<int>(std::floor(CY - Radius - 1));
         Y <= static_cast<int>(std::ceil(CY + Radius + 1)); ++Y)
      for (int X = static_cast<int>(std::floor(CX - Radius - 1));
           X <= static_cast<int>(std::ceil(CX + Radius + 1)); ++X)
        add(X, Y, Radius + 0.5 - std::hypot(X - CX, Y - CY));
  }

  /// Paints the covered pixels in `C`.
  void paint(Canvas &Target, Rgb8 C) const {
    for (int Y = Area.Top; Y <= Area.Bottom; ++Y)
      for (int X = Area.Left; X <= Area.Right; ++X)
        if (float A = Values[index(X, Y)]; A > 0)
          Target.blend(X, Y, C, A);
  }

private:
  static double distanceToSegment(double PX, double PY, double X0, double Y0,
                                  double X1, double Y1) {
    double Dx = X1 - X0, Dy = Y1 - Y0;
    double Len2 = Dx * Dx + Dy * Dy;
    double T = Len2 > 0 ? std::clamp(((PX - X0) * Dx + (PY - Y0) * Dy) / Len2,
                                     0.0, 1.0)
                        : 0.0;
    return std::hypot(PX - (X0 + T * Dx), PY - (Y0 + T * Dy));
  }

  size_t index(int X, int Y) const {
    return static_cast<size_t>(Y - Area.Top) * Stride + (X - Area.Left);
  }

  void add(int X, int Y, double Amount) {
    if (Amount <= 0 || !Area.contains(X, Y))
      return;
    float &V = Values[index(X, Y)];
    V = std::max(V, static_cast<float>(std::min(Amount, 1.0)));
  }

  Rect Area;
  int Stride;
  std::vector<float> Values;
};

/// Tick positions Lo, Lo + Step, ..., Hi of one axis.
struct Axis {
  double Lo = 0, Hi = 1, Step = 0.2;
  int Ticks = 6;

  double tick(int I) const {
    double V = Lo + I * Step;
    return std::fabs(V) < Step * 1e-9 ? 0.0 : V; // no "-0.0"
  }

  std::string label(double V) const {
    double Magnitude = std::max(std::fabs(Lo), std::fabs(Hi));
    char Buffer[64];
    if (Magnitude < 1e6 && Step >= 1e-5) {
      int Decimals =
          std::max(0, static_cast<int>(-std::floor(std::log10(Step) + 1e-9)));
      std::snprintf(Buffer, sizeof(Buffer), "%.*f", Decimals, V);
    } else {
      // Enough significant digits to tell neighbouring ticks apart.
      int Digits = static_cast<int>(std::floor(std::log10(Magnitude)) -
                                    std::floor(std::log10(Step))) +
                   1;
      std::snprintf(Buffer, sizeof(Buffer), "%.*g", std::clamp(Digits, 1, 15),
                    V);
    }
    return Buffer;
  }

  /// The widest tick label in pixels at scale 1.
  int labelWidth() const {
    int Width = 0;
    for (int I = 0; I < Ticks; ++I)
      Width = std::max(Width, textWidth(label(tick(I)), 1));
    return Width;
  }
};

/// The number of the form 1, 2 or 5 times a power of ten nearest to `X` > 0
/// (after Heckbert, "Nice numbers for graph labels").
double niceNumber(double X) {
  double Power = std::pow(10.0, std::floor(std::log10(X)));
  double F = X / Power;
  return (F < 1.5 ? 1 : F < 3 ? 2 : F < 7 ? 5 : 10) * Power;
}

/// An axis spanning [Min, Max] with about `Target` ticks; [0, 1] if Min >
/// Max (no data). Steps are at least 1 if `Integers`.
Axis makeAxis(double Min, double Max, int Target, bool Integers) {
  if (!(Min <= Max)) {
    Min = 0;
    Max = 1;
  }
  // Keep every difference below finite; points beyond are clipped.
  constexpr double Limit = 1e300, Tiny = 1e-290;
  Min = std::clamp(Min, -Limit, Limit);
  Max = std::clamp(Max, -Limit, Limit);
  double Magnitude = std::max(std::fabs(Min), std::fabs(Max));
  if (Max - Min <= Magnitude * 1e-12 || Max - Min < Tiny) {
    double Pad = Magnitude < Tiny ? 1.0 : Magnitude * 0.1;
    Min -= Pad;
    Max += Pad;
  }
  Axis A;
  A.Step = niceNumber((Max - Min) / std::max(Target - 1, 1));
  if (Integers && A.Step < 1)
    A.Step = 1;
  A.Lo = std::floor(Min / A.Step) * A.Step;
  A.Hi = std::ceil(Max / A.Step) * A.Step;
  A.Ticks = std::clamp(
      static_cast<int>(std::lround((A.Hi - A.Lo) / A.Step)) + 1, 2, 100);
  return A;
}

/// The finite points of a series.
std::vector<std::pair<double, double>> finitePoints(const Series &S) {
  std::vector<std::pair<double, double>> Points;
  for (size_t I = 0; I < S.X.size(); ++I)
    if (std::isfinite(S.X[I]) && std::isfinite(S.Y[I]))
      Points.emplace_back(S.X[I], S.Y[I]);
  return Points;
}

struct LegendEntry {
  std::string Label;
  Rgb8 Color;
  int Width;
};

/// Legend entries laid out in rows of at most `Width` pixels.
std::vector<std::vector<LegendEntry>> legendRows(const Chart &C, int Width) {
  std::vector<std::vector<LegendEntry>> Rows;
  int Used = 0;
  for (size_t I = 0; I < C.Lines.size(); ++I) {
    if (C.Lines[I].Label.empty())
      continue;
    std::string Label = fitText(C.Lines[I].Label, Width - SwatchWidth - 6, 1);
    int EntryWidth = SwatchWidth + 6 + textWidth(Label, 1);
    if (Rows.empty() || Used + 16 + EntryWidth > Width) {
      if (static_cast<int>(Rows.size()) == MaxLegendRows)
        break; // the plot keeps its room; the rest are not listed
      Rows.emplace_back();
      Used = -16;
    }
    Rows.back().push_back({Label, seriesColor(I), EntryWidth});
    Used += 16 + EntryWidth;
  }
  return Rows;
}

void drawChart(Canvas &Image, const Chart &C, int Top) {
  const int Width = ChartWidth, Bottom = Top + ChartHeight - 1;
  Image.Clip = {0, Top, Width - 1, Bottom};

  // Title, then the legend rows, each centred.
  int Y = Top + Margin;
  std::string Title = fitText(C.Title, Width - 2 * Margin, TitleScale);
  Image.text((Width - textWidth(Title, TitleScale)) / 2, Y, Title, TitleScale,
             TitleColor);
  Y += GlyphHeight * TitleScale + 10;
  for (const std::vector<LegendEntry> &Row :
       legendRows(C, Width - 2 * Margin)) {
    int RowWidth = -16;
    for (const LegendEntry &E : Row)
      RowWidth += 16 + E.Width;
    int X = (Width - RowWidth) / 2;
    for (const LegendEntry &E : Row) {
      Image.fill(X, Y + CapHeight / 2 - 1, SwatchWidth, 3, E.Color);
      Image.text(X + SwatchWidth + 6, Y, E.Label, 1, TextColor);
      X += E.Width + 16;
    }
    Y += LegendRowHeight;
  }

  // The data range over all series.
  double XMin = INFINITY, XMax = -INFINITY, YMin = INFINITY, YMax = -INFINITY;
  bool AllIntegerX = true;
  std::vector<std::vector<std::pair<double, double>>> Points;
  for (const Series &S : C.Lines) {
    Points.push_back(finitePoints(S));
    for (auto [PX, PY] : Points.back()) {
      XMin = std::min(XMin, PX);
      XMax = std::max(XMax, PX);
      YMin = std::min(YMin, PY);
      YMax = std::max(YMax, PY);
      AllIntegerX = AllIntegerX && std::fabs(PX) < 1e15 && PX == std::floor(PX);
    }
  }

  // Epochs and steps get integer ticks.
  bool IntegerX = AllIntegerX && XMin <= XMax;

  // The plot area: room for the y tick labels on the left, the x tick
  // labels and the x label below.
  Rect Plot;
  Plot.Top = Y + 8;
  Plot.Bottom = Bottom - Margin - GlyphHeight - 6 - TickLength;
  if (!C.XLabel.empty())
    Plot.Bottom -= GlyphHeight + 8;
  int PlotHeight = std::max(Plot.Bottom - Plot.Top, 1);
  Axis YAxis = makeAxis(YMin, YMax, std::clamp(PlotHeight / 40, 2, 8), false);
  Plot.Left = Margin + std::min(YAxis.labelWidth(), Width / 3) + 6 + TickLength;
  Plot.Right = Width - 20;
  int PlotWidth = Plot.Right - Plot.Left;
  // Fewer x ticks until their labels fit between them.
  Axis XAxis;
  for (int Target = 10; Target >= 2; --Target) {
    XAxis = makeAxis(XMin, XMax, Target, IntegerX);
    if (XAxis.labelWidth() + 12 <= PlotWidth / std::max(XAxis.Ticks - 1, 1))
      break;
  }
  auto ToX = [&](double V) {
    double P = Plot.Left + (V - XAxis.Lo) / (XAxis.Hi - XAxis.Lo) * PlotWidth;
    return std::clamp(P, Plot.Left - 10.0, Plot.Right + 10.0);
  };
  auto ToY = [&](double V) {
    double P = Plot.Bottom - (V - YAxis.Lo) / (YAxis.Hi - YAxis.Lo) *
                                 (Plot.Bottom - Plot.Top);
    return std::clamp(P, Plot.Top - 10.0, Plot.Bottom + 10.0);
  };

  // Grid, ticks and their labels, the frame.
  for (int I = 0; I < YAxis.Ticks; ++I) {
    int TY = static_cast<int>(std::lround(ToY(YAxis.tick(I))));
    Image.fill(Plot.Left, TY, PlotWidth, 1, GridColor);
    Image.fill(Plot.Left - TickLength, TY, TickLength, 1, FrameColor);
    std::string L = YAxis.label(YAxis.tick(I));
    Image.text(Plot.Left - TickLength - 4 - textWidth(L, 1), TY - CapHeight / 2,
               L, 1, TextColor);
  }
  for (int I = 0; I < XAxis.Ticks; ++I) {
    int TX = static_cast<int>(std::lround(ToX(XAxis.tick(I))));
    Image.fill(TX, Plot.Top, 1, Plot.Bottom - Plot.Top, GridColor);
    Image.fill(TX, Plot.Bottom + 1, 1, TickLength, FrameColor);
    std::string L = XAxis.label(XAxis.tick(I));
    int LX =
        std::clamp(TX - textWidth(L, 1) / 2, 0, Width - 1 - textWidth(L, 1));
    Image.text(LX, Plot.Bottom + TickLength + 5, L, 1, TextColor);
  }
  Image.fill(Plot.Left, Plot.Top, PlotWidth + 1, 1, FrameColor);
  Image.fill(Plot.Left, Plot.Bottom, PlotWidth + 1, 1, FrameColor);
  Image.fill(Plot.Left, Plot.Top, 1, Plot.Bottom - Plot.Top + 1, FrameColor);
  Image.fill(Plot.Right, Plot.Top, 1, Plot.Bottom - Plot.Top + 1, FrameColor);
  if (!C.XLabel.empty()) {
    std::string L = fitText(C.XLabel, Width - 2 * Margin, 1);
    Image.text(Plot.Left + (PlotWidth - textWidth(L, 1)) / 2,
               Bottom - Margin - GlyphHeight + 1, L, 1, TextColor);
  }

  // The curves, in order, so that later ones lie on top.
  if (Plot.Bottom <= Plot.Top)
    return;
  // Markers on the frame are drawn whole, over it.
  int Reach = static_cast<int>(DotRadius) + 2;
  Coverage Cover({Plot.Left - Reach, Plot.Top - Reach, Plot.Right + Reach,
                  Plot.Bottom + Reach});
  for (size_t I = 0; I < C.Lines.size(); ++I) {
    const auto &P = Points[I];
    if (P.empty())
      continue;
    Cover.clear();
    if (P.size() == 1)
      Cover.disc(ToX(P[0].first), ToY(P[0].second), DotRadius);
    for (size_t J = 0; J + 1 < P.size(); ++J)
      Cover.segment(ToX(P[J].first), ToY(P[J].second), ToX(P[J + 1].first),
                    ToY(P[J + 1].second), LineHalfWidth);
    if (P.size() > 1 && P.size() <= MaxMarkedPoints)
      for (auto [PX, PY] : P)
        Cover.disc(ToX(PX), ToY(PY), MarkerRadius);
    Cover.paint(Image, seriesColor(I));
  }
}

} // namespace

Rgb8 seriesColor(size_t Index) { return Palette[Index % 10]; }

RgbImage renderCharts(const std::vector<Chart> &Charts) {
  if (Charts.empty())
    throw Error("cannot draw charts: there are none");
  // An image of at most 2 GiB.
  constexpr size_t MaxCharts = INT_MAX / ChartHeight / ChartWidth / 3;
  if (Charts.size() > MaxCharts)
    throw Error("cannot draw " + std::to_string(Charts.size()) +
                " charts in one image; the most is " +
                std::to_string(MaxCharts));
  for (const Chart &C : Charts)
    for (const Series &S : C.Lines)
      if (S.X.size() != S.Y.size())
        throw Error("cannot draw series '" + S.Label + "' of chart '" +
                    C.Title + "': it has " + std::to_string(S.X.size()) +
                    " x values but " + std::to_string(S.Y.size()) +
                    " y values");
  int Height = ChartHeight * static_cast<int>(Charts.size());
  Canvas Image(ChartWidth, Height);
  for (size_t I = 0; I < Charts.size(); ++I)
    drawChart(Image, Charts[I], static_cast<int>(I) * ChartHeight);
  return RgbImage{ChartWidth, Height, std::move(Image.Pixels)};
}

void writeChartsPng(const std::string &Path, const std::vector<Chart> &Charts) {
  RgbImage Image = renderCharts(Charts);
  writePng(Path, Image.Width, Image.Height, Image.Pixels);
}

} // namespace dlc::rt
