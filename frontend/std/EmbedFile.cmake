# Writes INPUT as a C++ raw string constant `kStdSource` into OUTPUT, so the
# std library is part of the frontend library and needs no install path.
file(READ "${INPUT}" content)
file(WRITE "${OUTPUT}.tmp"
  "// Generated from frontend/std/std.dsl by EmbedFile.cmake; do not edit.\n"
  "static const char kStdSource[] = R\"dlcstd(${content})dlcstd\";\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
