// Multi-pattern byte search (Aho–Corasick): every term of a profile is found in one pass.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace classify {

/// A set of byte patterns searched together. Build with add() then compile(); after that the
/// object is immutable and find_all() may be called from several threads at once.
class AhoCorasick {
 public:
  /// One occurrence: pattern id and the half-open byte range [begin, end) in the searched text.
  struct Hit {
    int id;
    std::size_t begin;
    std::size_t end;
  };

  /// Registers a non-empty pattern under `id` (ids need not be unique or dense).
  void add(std::string_view pattern, int id);
  /// Builds the failure links; call once, after the last add().
  void compile();
  /// Appends every occurrence of every pattern in `text` to `out` (overlaps included).
  void find_all(std::string_view text, std::vector<Hit>& out) const;
  /// Number of registered patterns.
  std::size_t size() const { return pattern_count_; }

 private:
  struct Node {
    std::vector<std::pair<unsigned char, int>> next;  // sorted by byte
    int fail = 0;
    int output_link = -1;             // nearest node on the fail chain that ends a pattern
    std::vector<std::pair<int, int>> outputs;  // (id, pattern length)
  };
  int child(int node, unsigned char byte) const;
  void build_automaton(const std::vector<int>& bfs_order);

  std::vector<Node> nodes_{1};
  std::size_t pattern_count_ = 0;
  // After compile(): a complete automaton over byte classes (bytes that occur in no pattern
  // share class 0), so the search does one table load per byte and never walks failure links.
  std::array<uint16_t, 256> byte_class_{};
  std::size_t class_count_ = 1;
  std::vector<int32_t> delta_;   // node * class_count_ + class → next node
  std::vector<uint8_t> reports_; // per node: 1 when it or its failure chain ends a pattern
};

}  // namespace classify
