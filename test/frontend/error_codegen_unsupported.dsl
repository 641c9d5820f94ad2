# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# Sema types a slice of a symbolic dimension with an end relative to it, but
# generated code would need the extent N - 2 at run time, which it does not
# derive yet: a located error, not a crash or wrong code.
module M {
  def forward(x: f32[N, 4]) {
    return x[1:-1] * 2.0
  }
}

# CHECK: {{.*}}error_codegen_unsupported.dsl:7:12: error: 'a slice of f32[N, 4] along dimension 0 with bounds known only at run time' is not supported by code generation yet
# CHECK-NEXT: {{^}}    return x[1:-1] * 2.0{{$}}
# CHECK-NEXT: {{^}}           ^~~~~~~{{$}}
