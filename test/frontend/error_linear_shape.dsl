# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A submodule call checks the argument against its def type.
module M {
  fc = Linear(784, 10)
  def forward(x: f32[N, 785]) {
    return fc(x)
  }
}

# CHECK: {{.*}}error_linear_shape.dsl:6:15: error: argument 'x' of 'Linear.forward' expects f32[..., 784], got f32[N, 785]
# CHECK-NEXT: {{^}}    return fc(x){{$}}
# CHECK-NEXT: {{^}}              ^{{$}}
# CHECK: {{.*}}error_linear_shape.dsl:6:12: note: in call to 'Linear.forward' from here
