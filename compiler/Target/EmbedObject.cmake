# Turns the object file IN into a C++ source OUT from TEMPLATE (build step).
file(READ "${IN}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," OBJECT_BYTES "${hex}")
configure_file("${TEMPLATE}" "${OUT}" @ONLY)
