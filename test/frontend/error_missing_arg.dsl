# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A required argument is missing.
module M {
  fc = Linear(784)
  def forward(x: f32[N, 784]) {
    return fc(x)
  }
}

# CHECK: {{.*}}error_missing_arg.dsl:4:8: error: missing argument 'out' in call to 'Linear'
# CHECK-NEXT: {{^}}  fc = Linear(784){{$}}
# CHECK-NEXT: {{^}}       ^~~~~~~~~~~{{$}}
