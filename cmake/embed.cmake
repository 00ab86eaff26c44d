# Writes OUT, a C++ file holding every file under ROOT as bytes, so that a theme is part of the
# binary. Run as: cmake -DROOT=<dir> -DOUT=<file.cpp> [-DHEADER=render/embedded.h
# -DNAMESPACE=tapchi::render -DFUNCTION=embedded_theme] -P embed.cmake
if(NOT DEFINED HEADER)
  set(HEADER render/embedded.h)
endif()
if(NOT DEFINED NAMESPACE)
  set(NAMESPACE tapchi::render)
endif()
if(NOT DEFINED FUNCTION)
  set(FUNCTION embedded_theme)
endif()
file(GLOB_RECURSE files RELATIVE ${ROOT} ${ROOT}/*)
list(SORT files)
set(body "")
set(table "")
set(index 0)
foreach(name IN LISTS files)
  file(READ ${ROOT}/${name} hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND body "const char kFile${index}[] = {${bytes} 0};\n")
  string(APPEND table "    {\"${name}\", std::string_view(kFile${index}, ${size})},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE ${OUT}.tmp "// Generated from ${ROOT} by cmake/embed.cmake; do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {
namespace {
${body}}  // namespace

const std::vector<EmbeddedFile>& ${FUNCTION}() {
  static const std::vector<EmbeddedFile> files{
${table}  };
  return files;
}

}  // namespace ${NAMESPACE}
")
file(COPY_FILE ${OUT}.tmp ${OUT} ONLY_IF_DIFFERENT)
