# erf, tanh and gelu side by side, for math_approximation.test.
module MathFunctions() {
  def forward(x: f32[N, 1]) -> f32[N, 3] {
    return concat([erf(x), tanh(x), gelu(x)], 1)
  }
}
