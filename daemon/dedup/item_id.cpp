// item_id(): the publisher's own id first, then the link, then a content hash as a last resort.
#include <cstdint>
#include <cstdio>
#include <string>

#include "dedup/item_id.h"

namespace dedup {
namespace {

// FNV-1a: stable across runs, platforms and compilers (unlike std::hash), which a durable id needs.
std::uint64_t fnv1a(std::string_view s, std::uint64_t h = 14695981039346656037ull) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::string item_id(const core::Article& a) {
  if (!a.id.empty()) return a.id;
  if (!a.link.empty()) return canonical_url(a.link);
  // A NUL between the fields so ("ab","c") and ("a","bc") differ.
  std::uint64_t h = fnv1a(a.title, fnv1a(std::string_view("\0", 1), fnv1a(a.source)));
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return std::string("hash:") + hex;
}

}  // namespace dedup
