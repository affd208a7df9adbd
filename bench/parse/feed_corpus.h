// A synthetic but realistic feed set for parser benchmarks: RSS 2.0 (content:encoded, Dublin
// Core, Media RSS), Atom 1.0 (html and xhtml content, xml:base), RSS 1.0 (RDF), JSON Feed, in
// UTF-8, windows-1251 and ISO-8859-1, with HTML-heavy descriptions and entities. Deterministic.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace benchparse {

struct CorpusFeed {
  std::string name;          ///< e.g. "rss20-utf8-003.xml"
  std::string content_type;  ///< what a server would send ("" for some, as in the wild)
  std::string bytes;
};

/// About `target_bytes` of feeds (each ~150-300 KB), the same for the same arguments.
std::vector<CorpusFeed> make_corpus(std::size_t target_bytes, unsigned seed = 20250117);

}  // namespace benchparse
