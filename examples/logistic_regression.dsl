# Logistic regression with 30 features: the sigmoid of a linear map, trained
# with binary cross-entropy on logits (scikit-learn's breast cancer set;
# standardise the features; y is 0.0 or 1.0).
#
#   dlc examples/logistic_regression.dsl --emit=mlir
#   dlc examples/logistic_regression.dsl -o logistic_regression.so

module LogisticRegression(features: int = 30) {
  fc = Linear(features, 1)

  # The logit of the positive class.
  def logit(x: f32[N, features]) -> f32[N] {
    return flatten(fc(x))
  }

  # The probability of the positive class.
  def forward(x: f32[N, features]) -> f32[N] {
    return sigmoid(logit(x))
  }
}

train LogisticRegression(30) {
  batch x: f32[N, 30], y: f32[N]
  loss = binary_cross_entropy_with_logits(logit(x), y)
  optimizer = sgd(lr = 0.1)
}
