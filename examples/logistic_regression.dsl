# Logistic regression with 30 features: the sigmoid of a linear map, trained
# with binary cross-entropy on logits on scikit-learn's breast cancer set
# (scripts/fetch-data.sh writes it with standardised features; y is 0 or 1).
#
#   dlc examples/logistic_regression.dsl -o logistic_regression.so
#   dlc-run logistic_regression.so train --data data/breast_cancer \
#       --epochs 30 --batch 16 --save logistic_regression.safetensors

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
  z = logit(x)
  loss = binary_cross_entropy_with_logits(z, y)
  optimizer = sgd(lr = 0.1)
  # A positive logit predicts the positive class.
  metric accuracy = accuracy(z, y)
}
