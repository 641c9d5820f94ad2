# Two linear layers big enough for Halide kernels that run in parallel
# (the first, 64 x 64 at a batch of 32), for dlc-run --threads.
module Net() {
  fc1 = Linear(64, 64)
  fc2 = Linear(64, 4)
  def forward(x: f32[N, 64]) -> f32[N, 4] {
    return fc2(relu(fc1(x)))
  }
}
train Net() {
  batch x: f32[N, 64], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = sgd(lr = 0.1)
}
