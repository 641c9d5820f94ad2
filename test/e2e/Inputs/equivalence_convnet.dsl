# Convolutions wide enough for the Halide window kernels (32 and 16 output
# columns), with padding, dilation, stride and groups, for the PyTorch
# equivalence test (torch_equivalence.py convnet).
module ConvNet() {
  conv1 = Conv2d(3, 8, 3, padding = 1)
  conv2 = Conv2d(8, 8, 3, padding = 2, dilation = 2)
  conv3 = Conv2d(8, 8, 3, stride = 2, padding = 1, groups = 2)
  fc = Linear(8, 10)

  def forward(x: f32[N, 3, 32, 32]) -> f32[N, 10] {
    h = relu(conv1(x))
    h = relu(conv2(h))
    h = relu(conv3(h))
    return fc(flatten(global_avg_pool2d(h), 1))
  }
}

train ConvNet() {
  batch x: f32[N, 3, 32, 32], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = sgd(lr = 0.05, momentum = 0.9)
}
