# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A number glued to letters is not a literal.
module M {
  param w: f32[4, 3x] = zeros()
}

# CHECK: {{.*}}error_lexer_number.dsl:4:19: error: invalid number literal '3x'
# CHECK-NEXT: {{^}}  param w: f32[4, 3x] = zeros(){{$}}
# CHECK-NEXT: {{^}}                  ^~{{$}}
