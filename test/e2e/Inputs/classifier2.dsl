# A two-feature, three-class classifier for tests of dlc-run train's errors.
module Tiny() {
  fc = Linear(2, 3)
  def forward(x: f32[N, 2]) -> f32[N, 3] {
    return fc(x)
  }
}

train Tiny() {
  batch x: f32[N, 2], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = sgd(lr = 0.1)
  metric accuracy = accuracy(logits, y)
}
