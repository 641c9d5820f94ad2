# A small classifier with dropout and momentum, for the runtime's tests of
# train_step, eval_step and the training loop.
module Trainable() {
  fc1 = Linear(4, 8)
  fc2 = Linear(8, 3)
  def forward(x: f32[N, 4]) -> f32[N, 3] {
    return fc2(dropout(relu(fc1(x)), 0.2))
  }
}

train Trainable() {
  batch x: f32[N, 4], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = sgd(lr = 0.1, momentum = 0.9)
  metric accuracy = accuracy(logits, y)
}
