# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# kaiming initialisers need fans, so rank 2 or more.
module M {
  param b: f32[4] = kaiming_uniform(0.0)
  def forward(x: f32[N, 4]) {
    return x + b
  }
}

# CHECK: {{.*}}error_init.dsl:4:21: error: kaiming_uniform needs a tensor of rank 2 or more to compute its fans, got f32[4]
# CHECK-NEXT: {{^}}  param b: f32[4] = kaiming_uniform(0.0){{$}}
# CHECK-NEXT: {{^}}                    ^~~~~~~~~~~~~~~~~~~~{{$}}
