// libFuzzer entry: parse_date on arbitrary bytes; a result must be a representable time.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto t = parse::parse_date(std::string_view(reinterpret_cast<const char*>(data), size));
  if (t) (void)core::format_utc(*t);
  return 0;
}
