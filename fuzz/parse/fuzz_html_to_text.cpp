// libFuzzer entry: html_to_text on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "parse/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)parse::html_to_text(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
