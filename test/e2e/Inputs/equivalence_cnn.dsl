# A small CNN (conv, max pool, conv, average pool, linear) with three
# optimizers, for the PyTorch equivalence test (torch_equivalence.py).
module CNN() {
  conv1 = Conv2d(1, 4, 3, padding = 1)
  conv2 = Conv2d(4, 8, 3, stride = 2)
  fc = Linear(8 * 3 * 3, 10)

  def forward(x: f32[N, 1, 14, 14]) -> f32[N, 10] {
    h = max_pool2d(relu(conv1(x)), 2)
    h = avg_pool2d(relu(conv2(h)), 1)
    return fc(flatten(h, 1))
  }
}

train sgd: CNN() {
  batch x: f32[N, 1, 14, 14], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = sgd(lr = 0.05, momentum = 0.9, weight_decay = 1e-4)
}

train adam: CNN() {
  batch x: f32[N, 1, 14, 14], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = adam(lr = 2e-3, weight_decay = 1e-4)
}

train adamw: CNN() {
  batch x: f32[N, 1, 14, 14], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = adamw(lr = 2e-3, weight_decay = 0.05)
}
