# RUN: dlc %s --emit=ast | FileCheck %s
# Expressions: precedence of + - * / // % @ ** and unary minus, comparisons,
# and/or/not, calls with positional and keyword arguments, members, indexing
# and slicing with `...`, lists, strings and literals.

module M {
  def forward(x: f32[N, 8], w: f32[8, 8]) {
    a = -x @ w + 2 * x ** 2 - 1 / sqrt(8.0) // 3 % 2
    b = x[:, 0] + x[..., 1:4][0] + x[::2, -1]
    c = gelu(x, approximate = "tanh")
    d = not training and 1 <= 2 or 3 != 4
    e = reshape(x, [N, -1, 2]) + 1e-5 + 10 + true
    return blocks[0].fc(x)
  }
}

# CHECK:      Program @1:1
# CHECK-NEXT:   Module M @6:8
# CHECK-NEXT:     Def forward @7:3
# CHECK-NEXT:       Arg x: f32[2 dims] @7:15
# CHECK-NEXT:         Type f32 @7:18
# CHECK-NEXT:           Name N @7:22
# CHECK-NEXT:           Int 8 @7:25
# CHECK-NEXT:       Arg w: f32[2 dims] @7:29
# CHECK-NEXT:         Type f32 @7:32
# CHECK-NEXT:           Int 8 @7:36
# CHECK-NEXT:           Int 8 @7:39
# CHECK-NEXT:       Assign a @8:5
# CHECK-NEXT:         Binary - @8:9
# CHECK-NEXT:           Binary + @8:9
# CHECK-NEXT:             Binary @ @8:9
# CHECK-NEXT:               Unary - @8:9
# CHECK-NEXT:                 Name x @8:10
# CHECK-NEXT:               Name w @8:14
# CHECK-NEXT:             Binary * @8:18
# CHECK-NEXT:               Int 2 @8:18
# CHECK-NEXT:               Binary ** @8:22
# CHECK-NEXT:                 Name x @8:22
# CHECK-NEXT:                 Int 2 @8:27
# CHECK-NEXT:           Binary % @8:31
# CHECK-NEXT:             Binary // @8:31
# CHECK-NEXT:               Binary / @8:31
# CHECK-NEXT:                 Int 1 @8:31
# CHECK-NEXT:                 Call @8:35
# CHECK-NEXT:                   Name sqrt @8:35
# CHECK-NEXT:                   Float 8 @8:40
# CHECK-NEXT:               Int 3 @8:48
# CHECK-NEXT:             Int 2 @8:52
# CHECK-NEXT:       Assign b @9:5
# CHECK-NEXT:         Binary + @9:9
# CHECK-NEXT:           Binary + @9:9
# CHECK-NEXT:             Index @9:9
# CHECK-NEXT:               Name x @9:9
# CHECK-NEXT:               Slice @9:11
# CHECK-NEXT:               Int 0 @9:14
# CHECK-NEXT:             Index @9:19
# CHECK-NEXT:               Index @9:19
# CHECK-NEXT:                 Name x @9:19
# CHECK-NEXT:                 Ellipsis @9:21
# CHECK-NEXT:                 Slice @9:26
# CHECK-NEXT:                   Start @9:26
# CHECK-NEXT:                     Int 1 @9:26
# CHECK-NEXT:                   Stop @9:28
# CHECK-NEXT:                     Int 4 @9:28
# CHECK-NEXT:               Int 0 @9:31
# CHECK-NEXT:           Index @9:36
# CHECK-NEXT:             Name x @9:36
# CHECK-NEXT:             Slice @9:38
# CHECK-NEXT:               Step @9:40
# CHECK-NEXT:                 Int 2 @9:40
# CHECK-NEXT:             Unary - @9:43
# CHECK-NEXT:               Int 1 @9:44
# CHECK-NEXT:       Assign c @10:5
# CHECK-NEXT:         Call @10:9
# CHECK-NEXT:           Name gelu @10:9
# CHECK-NEXT:           Name x @10:14
# CHECK-NEXT:           Keyword approximate @10:17
# CHECK-NEXT:             String "tanh" @10:31
# CHECK-NEXT:       Assign d @11:5
# CHECK-NEXT:         Binary or @11:9
# CHECK-NEXT:           Binary and @11:9
# CHECK-NEXT:             Unary not @11:9
# CHECK-NEXT:               Name training @11:13
# CHECK-NEXT:             Binary <= @11:26
# CHECK-NEXT:               Int 1 @11:26
# CHECK-NEXT:               Int 2 @11:31
# CHECK-NEXT:           Binary != @11:36
# CHECK-NEXT:             Int 3 @11:36
# CHECK-NEXT:             Int 4 @11:41
# CHECK-NEXT:       Assign e @12:5
# CHECK-NEXT:         Binary + @12:9
# CHECK-NEXT:           Binary + @12:9
# CHECK-NEXT:             Binary + @12:9
# CHECK-NEXT:               Call @12:9
# CHECK-NEXT:                 Name reshape @12:9
# CHECK-NEXT:                 Name x @12:17
# CHECK-NEXT:                 List @12:20
# CHECK-NEXT:                   Name N @12:21
# CHECK-NEXT:                   Unary - @12:24
# CHECK-NEXT:                     Int 1 @12:25
# CHECK-NEXT:                   Int 2 @12:28
# CHECK-NEXT:               Float 1e-05 @12:34
# CHECK-NEXT:             Int 10 @12:41
# CHECK-NEXT:           Bool true @12:46
# CHECK-NEXT:       Return @13:5
# CHECK-NEXT:         Call @13:12
# CHECK-NEXT:           Member fc @13:12
# CHECK-NEXT:             Index @13:12
# CHECK-NEXT:               Name blocks @13:12
# CHECK-NEXT:               Int 0 @13:19
# CHECK-NEXT:           Name x @13:25
