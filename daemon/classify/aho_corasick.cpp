#include "classify/aho_corasick.h"

#include <algorithm>
#include <deque>

namespace classify {

int AhoCorasick::child(int node, unsigned char byte) const {
  const auto& next = nodes_[node].next;
  auto it = std::lower_bound(next.begin(), next.end(), byte,
                             [](const auto& edge, unsigned char b) { return edge.first < b; });
  return (it != next.end() && it->first == byte) ? it->second : -1;
}

void AhoCorasick::add(std::string_view pattern, int id) {
  if (pattern.empty()) return;
  int node = 0;
  for (unsigned char byte : pattern) {
    int c = child(node, byte);
    if (c < 0) {
      c = static_cast<int>(nodes_.size());
      nodes_.emplace_back();
      auto& next = nodes_[node].next;
      auto it = std::lower_bound(next.begin(), next.end(), byte,
                                 [](const auto& edge, unsigned char b) { return edge.first < b; });
      next.insert(it, {byte, c});
    }
    node = c;
  }
  nodes_[node].outputs.emplace_back(id, static_cast<int>(pattern.size()));
  ++pattern_count_;
}

// Breadth-first, so every node's failure target is final before its children need it.
void AhoCorasick::compile() {
  std::deque<int> queue;
  for (const auto& [byte, c] : nodes_[0].next) {
    nodes_[c].fail = 0;
    queue.push_back(c);
  }
  while (!queue.empty()) {
    const int node = queue.front();
    queue.pop_front();
    for (const auto& [byte, c] : nodes_[node].next) {
      int f = nodes_[node].fail;
      while (f != 0 && child(f, byte) < 0) f = nodes_[f].fail;
      const int target = child(f, byte);
      nodes_[c].fail = (target >= 0 && target != c) ? target : 0;
      const int fail = nodes_[c].fail;
      nodes_[c].output_link = nodes_[fail].outputs.empty() ? nodes_[fail].output_link : fail;
      queue.push_back(c);
    }
  }
}

int AhoCorasick::step(int node, unsigned char byte) const {
  while (true) {
    const int c = child(node, byte);
    if (c >= 0) return c;
    if (node == 0) return 0;
    node = nodes_[node].fail;
  }
}

void AhoCorasick::find_all(std::string_view text, std::vector<Hit>& out) const {
  int node = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    node = step(node, static_cast<unsigned char>(text[i]));
    for (int n = node; n > 0; n = nodes_[n].output_link) {
      for (const auto& [id, length] : nodes_[n].outputs) {
        out.push_back({id, i + 1 - static_cast<std::size_t>(length), i + 1});
      }
      if (nodes_[n].output_link < 0) break;
    }
  }
}

}  // namespace classify
