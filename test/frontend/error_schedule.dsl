# RUN: not dlc %s --emit=mlir --train step 2>&1 | FileCheck %s --check-prefix=STEP
# RUN: not dlc %s --emit=mlir --train cosine 2>&1 | FileCheck %s --check-prefix=COSINE
# RUN: not dlc %s --emit=mlir --train kind 2>&1 | FileCheck %s --check-prefix=KIND
# RUN: not dlc %s --emit=mlir --train count 2>&1 | FileCheck %s --check-prefix=COUNT
# Schedules are checked where they are written.
module M() {
  param w: f32[2] = zeros()
  def forward(x: f32[N, 2]) {
    return x * w
  }
}
train step: M() {
  batch x: f32[N, 2]
  loss = sum(forward(x))
  optimizer = sgd(lr = 0.1, schedule = "step")
}
# STEP: error_schedule.dsl:15:29: error: the "step" schedule needs step_size > 0 (steps between decays by gamma)
train cosine: M() {
  batch x: f32[N, 2]
  loss = sum(forward(x))
  optimizer = adam(schedule = "cosine", total_steps = 10, warmup = 10)
}
# COSINE: error_schedule.dsl:21:20: error: the "cosine" schedule needs total_steps greater than warmup
train kind: M() {
  batch x: f32[N, 2]
  loss = sum(forward(x))
  optimizer = sgd(lr = 0.1, schedule = "exponential")
}
# KIND: error_schedule.dsl:27:29: error: 'schedule' must be "constant", "step" or "cosine", got string "exponential"
train count: M() {
  batch x: f32[N, 2]
  loss = sum(forward(x))
  optimizer = sgd(lr = 0.1, warmup = 2.5)
}
# COUNT: error_schedule.dsl:33:29: error: 'warmup' of 'sgd' must be a step count (an int >= 0), got float 2.5
