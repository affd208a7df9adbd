// Internal: message headers as one byte string for a single database column (netstring-like
// "<len>:<bytes>" for each name and value), binary-safe, unlike JSON with arbitrary bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dedup {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// Encodes headers; decode_headers(encode_headers(h)) == h. Pure.
std::string encode_headers(const Headers& headers);
/// Decodes; nullopt if `bytes` is not a valid encoding (a damaged row is an outcome, not a crash).
std::optional<Headers> decode_headers(std::string_view bytes);

}  // namespace dedup
