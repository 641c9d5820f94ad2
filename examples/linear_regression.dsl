# Linear regression with 10 features, y = b0 + b1 x1 + ... + b10 x10, fitted
# by mean squared error on scikit-learn's diabetes set (scripts/fetch-data.sh
# writes it with the features and the target standardised).
#
#   dlc examples/linear_regression.dsl -o linear_regression.so
#   dlc-run linear_regression.so train --data data/diabetes --epochs 50 \
#       --batch 16 --save linear_regression.safetensors
#
# r2 is 1 - MSE / variance of the target over a batch; over the test split
# evaluated in one batch (`dlc-run ... eval --batch 1000`) it is the test R^2.

module LinearRegression(features: int = 10) {
  fc = Linear(features, 1)

  def forward(x: f32[N, features]) -> f32[N] {
    return flatten(fc(x))
  }
}

train LinearRegression(10) {
  batch x: f32[N, 10], y: f32[N]
  prediction = forward(x)
  loss = mse(prediction, y)
  optimizer = sgd(lr = 0.05)
  metric r2 = 1.0 - loss / mean((y - mean(y)) ** 2)
}
