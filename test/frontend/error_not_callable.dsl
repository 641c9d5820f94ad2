# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Only modules, defs and builtins can be called.
module M(k: int = 3) {
  def forward(x: f32[N, 4]) {
    return k(x)
  }
}

# CHECK: {{.*}}error_not_callable.dsl:5:12: error: 'k' is not callable; it is int 3
# CHECK-NEXT: {{^}}    return k(x){{$}}
# CHECK-NEXT: {{^}}           ^~~~{{$}}
