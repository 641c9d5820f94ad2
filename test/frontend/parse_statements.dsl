# RUN: dlc %s --emit=ast | FileCheck %s
# Statements: assignment, return, for over a range and over a list, if/else
# and else-if on compile-time values and `training`; `;` separates statements.

module Net(depth: int) {
  blocks = [Linear(4, 4) for i in 0..depth]

  def forward(x: f32[N, 4]) -> f32[N, 4] {
    for layer in blocks {
      x = layer(x)
    }
    for i in 0..depth - 1 { x = x * 2.0; x = relu(x) }
    if training {
      x = dropout(x, 0.1)
    } else if depth > 2 {
      x = -x
    }
    else {
      x = x
    }
    return x
  }
}

# CHECK:      Program @1:1
# CHECK-NEXT:   Module Net @5:8
# CHECK-NEXT:     Arg depth: int @5:12
# CHECK-NEXT:     Assign blocks @6:3
# CHECK-NEXT:       ListComp i @6:12
# CHECK-NEXT:         Range @6:35
# CHECK-NEXT:           Int 0 @6:35
# CHECK-NEXT:           Name depth @6:38
# CHECK-NEXT:         Call @6:13
# CHECK-NEXT:           Name Linear @6:13
# CHECK-NEXT:           Int 4 @6:20
# CHECK-NEXT:           Int 4 @6:23
# CHECK-NEXT:     Def forward @8:3
# CHECK-NEXT:       Arg x: f32[2 dims] @8:15
# CHECK-NEXT:         Type f32 @8:18
# CHECK-NEXT:           Name N @8:22
# CHECK-NEXT:           Int 4 @8:25
# CHECK-NEXT:       Returns @8:32
# CHECK-NEXT:         Type f32 @8:32
# CHECK-NEXT:           Name N @8:36
# CHECK-NEXT:           Int 4 @8:39
# CHECK-NEXT:       For layer @9:5
# CHECK-NEXT:         Name blocks @9:18
# CHECK-NEXT:         Body @9:5
# CHECK-NEXT:           Assign x @10:7
# CHECK-NEXT:             Call @10:11
# CHECK-NEXT:               Name layer @10:11
# CHECK-NEXT:               Name x @10:17
# CHECK-NEXT:       For i @12:5
# CHECK-NEXT:         Range @12:14
# CHECK-NEXT:           Int 0 @12:14
# CHECK-NEXT:           Binary - @12:17
# CHECK-NEXT:             Name depth @12:17
# CHECK-NEXT:             Int 1 @12:25
# CHECK-NEXT:         Body @12:5
# CHECK-NEXT:           Assign x @12:29
# CHECK-NEXT:             Binary * @12:33
# CHECK-NEXT:               Name x @12:33
# CHECK-NEXT:               Float 2 @12:37
# CHECK-NEXT:           Assign x @12:42
# CHECK-NEXT:             Call @12:46
# CHECK-NEXT:               Name relu @12:46
# CHECK-NEXT:               Name x @12:51
# CHECK-NEXT:       If @13:5
# CHECK-NEXT:         Name training @13:8
# CHECK-NEXT:         Then @13:5
# CHECK-NEXT:           Assign x @14:7
# CHECK-NEXT:             Call @14:11
# CHECK-NEXT:               Name dropout @14:11
# CHECK-NEXT:               Name x @14:19
# CHECK-NEXT:               Float 0.1 @14:22
# CHECK-NEXT:         Else @15:12
# CHECK-NEXT:           If @15:12
# CHECK-NEXT:             Binary > @15:15
# CHECK-NEXT:               Name depth @15:15
# CHECK-NEXT:               Int 2 @15:23
# CHECK-NEXT:             Then @15:12
# CHECK-NEXT:               Assign x @16:7
# CHECK-NEXT:                 Unary - @16:11
# CHECK-NEXT:                   Name x @16:12
# CHECK-NEXT:             Else @19:7
# CHECK-NEXT:               Assign x @19:7
# CHECK-NEXT:                 Name x @19:11
# CHECK-NEXT:       Return @21:5
# CHECK-NEXT:         Name x @21:12
