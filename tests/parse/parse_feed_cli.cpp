// parse_feed_cli: prints parse::to_conformance_json for one file (drives the conformance suite).
// Usage: parse_feed_cli [--url U] [--content-type T] [--content-location L]
//                       [--content-language G] FILE
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "parse/parser.h"

namespace {

bool read_all(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  parse::HttpContext http;
  std::string file;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    std::string* target = arg == "--url"                ? &http.url
                          : arg == "--content-type"     ? &http.content_type
                          : arg == "--content-location" ? &http.content_location
                          : arg == "--content-language" ? &http.content_language
                                                        : nullptr;
    if (target != nullptr && i + 1 < argc) {
      *target = argv[++i];
    } else {
      file = arg;
    }
  }
  std::string bytes;
  if (file.empty() || !read_all(file, bytes)) {
    std::cerr << "usage: parse_feed_cli [--url U] [--content-type T] ... FILE\n";
    return 2;
  }
  std::cout << parse::to_conformance_json(parse::parse_feed(bytes, http)) << '\n';
  return 0;
}
