# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Initializer bounds are values of the tensor: they must be finite in its
# element type (1e39 is inf in f32).
# RUN: not dlc %s --emit=mlir --train=wide 2>&1 | FileCheck %s --strict-whitespace --check-prefix=WIDE
# And uniform's range b - a must be finite too.
module Big {
  param w: f32[3, 4] = uniform(-1e39, 1e39)
  def forward(x: f32[N, 4]) { return x }
}
module Wide {
  param w: f64[3, 4] = uniform(-1e308, 1e308)
  def forward(x: f32[N, 4]) { return x }
}
train big: Big {
  batch x: f32[N, 4]
  loss = mean(forward(x))
  optimizer = sgd(lr = 0.1)
}
train wide: Wide {
  batch x: f32[N, 4]
  loss = mean(forward(x))
  optimizer = sgd(lr = 0.1)
}

# CHECK: {{.*}}error_init_range.dsl:7:24: error: argument 'a' of uniform is float -1e+39, which is not finite in f32
# CHECK-NEXT: {{^}}  param w: f32[3, 4] = uniform(-1e39, 1e39){{$}}
# CHECK-NEXT: {{^}}                       ^~~~~~~~~~~~~~~~~~~~{{$}}
# WIDE: {{.*}}error_init_range.dsl:11:24: error: uniform(a, b) needs b - a to be finite
# WIDE-NEXT: {{^}}  param w: f64[3, 4] = uniform(-1e308, 1e308){{$}}
# WIDE-NEXT: {{^}}                       ^~~~~~~~~~~~~~~~~~~~~~{{$}}
