module Net() {
  fc = Linear(3, 2)
  buffer steps: i64[] = zeros()

  def forward(x: f32[N, 3]) -> f32[N, 2] {
    return fc(x)
  }
}

train Net() {
  batch x: f32[N, 3], y: i32[N]
  loss = cross_entropy(forward(x), y)
  optimizer = sgd(lr = 0.1, momentum = 0.9, nesterov = true)
}
