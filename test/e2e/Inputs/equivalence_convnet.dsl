# Convolutions wide enough for the Halide window kernels (32 and 16 output
# columns), with padding, dilation, stride and groups, for the PyTorch
# equivalence test (torch_equivalence.py convnet).
module ConvNet() {
  conv1 = Conv2d(3, 8, 3, padding = 1)
  # The standard Conv2d has no dilation or groups yet: the builtin has.
  param w2: f32[8, 8, 3, 3] = kaiming_uniform(2.23606797749979)
  param b2: f32[8] = uniform(-0.1, 0.1)
  param w3: f32[8, 4, 3, 3] = kaiming_uniform(2.23606797749979)
  param b3: f32[8] = uniform(-0.1, 0.1)
  fc = Linear(8, 10)

  def forward(x: f32[N, 3, 32, 32]) -> f32[N, 10] {
    h = relu(conv1(x))
    h = relu(conv2d(h, w2, b2, padding = 2, dilation = 2))
    h = relu(conv2d(h, w3, b3, stride = 2, padding = 1, groups = 2))
    return fc(flatten(global_avg_pool2d(h), 1))
  }
}

train ConvNet() {
  batch x: f32[N, 3, 32, 32], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = sgd(lr = 0.05, momentum = 0.9)
}
