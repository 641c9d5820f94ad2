#!/bin/sh
# The installed package as an outside project sees it: install the build
# into a fresh prefix, build examples/embed against it with find_package(dlc)
# and the C API test with pkg-config, run both, and run the Python ctypes
# example, which must print exactly the C++ example's decreasing losses.
#   embed_example.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -eu
build=$1 source=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"

cmake -S "$source/examples/embed" -B "$work/example" -G Ninja \
  -Ddlc_DIR="$work/prefix/lib/cmake/dlc" > "$work/configure.log"
cmake --build "$work/example" > "$work/build.log"
"$work/example/train_mlp" "$work/cache" > "$work/cpp.txt"
/usr/bin/python3 "$source/examples/embed/train_mlp.py" \
  "$work/prefix/lib/libdlc-embed.so" "$work/cache" > "$work/python.txt"
cat "$work/cpp.txt"
# Eight steps, each loss below the one before.
awk '{ if (NR > 1 && $4 >= last) { print "loss went up at step " $2; exit 1 }
       last = $4 } END { if (NR != 8) { print NR " steps"; exit 1 } }' \
  "$work/cpp.txt"
diff "$work/cpp.txt" "$work/python.txt"

PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" cc \
  $(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --cflags dlc) \
  "$source/test/unit/EmbedCApiTest.c" -o "$work/c_api_test" \
  $(PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig" pkg-config --libs dlc) -lm
"$work/c_api_test" "$work/cache"
echo "installed package: example, Python and pkg-config builds agree"
