# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# An unexpected character stops the lexer.
module M {
  def forward(x: f32[N, 4]) {
    return x $ 2
  }
}

# CHECK: {{.*}}error_lexer_character.dsl:5:14: error: unexpected character '$'
# CHECK-NEXT: {{^}}    return x $ 2{{$}}
# CHECK-NEXT: {{^}}             ^{{$}}
