# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Too many positional arguments for a std module.
module M {
  fc = Linear(784, 10, true, 3)
  def forward(x: f32[N, 784]) {
    return fc(x)
  }
}

# CHECK: {{.*}}error_arg_count.dsl:4:30: error: 'Linear' takes 3 arguments, got 4
# CHECK-NEXT: {{^}}  fc = Linear(784, 10, true, 3){{$}}
# CHECK-NEXT: {{^}}                             ^{{$}}
