# The design notes' two-layer MLP for regression, Dense(10)-ReLU-Dense(10)-
# ReLU-Dense(1), fitted by mean squared error with Adam on scikit-learn's
# diabetes set (scripts/fetch-data.sh standardises the features and the
# target).
#
#   dlc examples/mlp_regression.dsl -o mlp_regression.so
#   dlc-run mlp_regression.so train --data data/diabetes --epochs 100 \
#       --batch 16 --save mlp_regression.safetensors
#
# r2 is 1 - MSE / variance of the target over a batch; the test split is
# evaluated in one batch at the end of a run, so its r2 is the test R^2.

module MLPRegression(features: int = 10, hidden: int = 10) {
  fc1 = Linear(features, hidden)
  fc2 = Linear(hidden, hidden)
  fc3 = Linear(hidden, 1)

  def forward(x: f32[N, features]) -> f32[N] {
    h = relu(fc1(x))
    h = relu(fc2(h))
    return flatten(fc3(h))
  }
}

train MLPRegression(10) {
  batch x: f32[N, 10], y: f32[N]
  prediction = forward(x)
  loss = mse(prediction, y)
  optimizer = adam(lr = 0.001)
  metric r2 = 1.0 - loss / mean((y - mean(y)) ** 2)
}
