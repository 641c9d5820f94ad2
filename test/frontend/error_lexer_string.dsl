# RUN: not dlc %s --emit=mlir 2>&1 | FileCheck %s --strict-whitespace
# A string literal must end on its line.
module M {
  def forward(x: f32[N, 4]) {
    return gelu(x, approximate = "tanh)
  }
}

# CHECK: {{.*}}error_lexer_string.dsl:5:34: error: unterminated string literal
# CHECK-NEXT: {{^}}    return gelu(x, approximate = "tanh){{$}}
# CHECK-NEXT: {{^}}                                 ^~~~~~{{$}}
