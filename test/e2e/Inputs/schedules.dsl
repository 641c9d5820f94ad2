# A loss whose gradient with respect to w is always 1, so that plain SGD
# moves w by exactly minus the learning rate of each step: the parameter's
# path reads out the schedule (lr_schedules.py checks it).
module Probe() {
  param w: f64[1] = zeros()
  def forward(x: f64[N]) {
    return x * 0.0 + sum(w)
  }
}

train constant: Probe() {
  batch x: f64[N]
  loss = sum(w)
  optimizer = sgd(lr = 0.5)
}

train step: Probe() {
  batch x: f64[N]
  loss = sum(w)
  optimizer = sgd(lr = 0.5, schedule = "step", step_size = 3, gamma = 0.5)
}

train cosine: Probe() {
  batch x: f64[N]
  loss = sum(w)
  optimizer = sgd(lr = 0.5, schedule = "cosine", total_steps = 10, min_lr = 0.1, warmup = 4)
}

train warmup: Probe() {
  batch x: f64[N]
  loss = sum(w)
  optimizer = sgd(lr = 0.5, warmup = 4)
}
