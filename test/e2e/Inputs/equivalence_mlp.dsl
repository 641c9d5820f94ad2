# The MLP of examples/mlp.dsl with three optimizers, for the PyTorch
# equivalence test (torch_equivalence.py).
module MLP(hidden: int) {
  fc1 = Linear(784, hidden)
  fc2 = Linear(hidden, 10)

  def forward(x: f32[N, 784]) -> f32[N, 10] {
    return fc2(relu(fc1(x)))
  }
}

train sgd: MLP(64) {
  batch x: f32[N, 784], y: i32[N]
  logits = forward(x)
  loss = cross_entropy(logits, y)
  optimizer = sgd(lr = 0.05, momentum = 0.9, weight_decay = 1e-4, nesterov = true)
  metric accuracy = accuracy(logits, y)
}

# No L2 weight decay here: on random inputs it cancels the gradient of some
# weights down to the size of eps, where Adam's step depends on the order in
# which the gradient's terms were summed (BLAS's against ours). The CNN's
# Adam has it.
train adam: MLP(64) {
  batch x: f32[N, 784], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = adam(lr = 1e-3)
}

train adamw: MLP(64) {
  batch x: f32[N, 784], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = adamw(lr = 2e-3)
}
