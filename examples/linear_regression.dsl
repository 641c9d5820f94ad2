# Linear regression with 10 features, y = b0 + b1 x1 + ... + b10 x10, fitted
# by mean squared error (scikit-learn's diabetes set; standardise the
# features and the target first).
#
#   dlc examples/linear_regression.dsl --emit=mlir
#   dlc examples/linear_regression.dsl -o linear_regression.so

module LinearRegression(features: int = 10) {
  fc = Linear(features, 1)

  def forward(x: f32[N, features]) -> f32[N] {
    return flatten(fc(x))
  }
}

train LinearRegression(10) {
  batch x: f32[N, 10], y: f32[N]
  loss = mse(forward(x), y)
  optimizer = sgd(lr = 0.05)
}
