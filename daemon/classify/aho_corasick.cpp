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
  std::vector<int> bfs_order{0};
  std::deque<int> queue;
  for (const auto& [byte, c] : nodes_[0].next) {
    nodes_[c].fail = 0;
    queue.push_back(c);
  }
  while (!queue.empty()) {
    const int node = queue.front();
    queue.pop_front();
    bfs_order.push_back(node);
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
  build_automaton(bfs_order);
}

void AhoCorasick::build_automaton(const std::vector<int>& bfs_order) {
  byte_class_.fill(0);
  class_count_ = 1;
  for (const Node& node : nodes_) {
    for (const auto& [byte, c] : node.next) {
      if (byte_class_[byte] == 0) byte_class_[byte] = static_cast<uint16_t>(class_count_++);
    }
  }
  std::vector<unsigned char> class_byte(class_count_, 0);
  for (int b = 0; b < 256; ++b) class_byte[byte_class_[b]] = static_cast<unsigned char>(b);
  delta_.assign(nodes_.size() * class_count_, 0);
  reports_.assign(nodes_.size(), 0);
  for (std::size_t n = 0; n < nodes_.size(); ++n) {
    reports_[n] = !nodes_[n].outputs.empty() || nodes_[n].output_link >= 0;
  }
  // Parents before children: a missing edge copies the (already final) row of the failure node.
  for (int node : bfs_order) {
    for (std::size_t k = 1; k < class_count_; ++k) {
      const int c = child(node, class_byte[k]);
      delta_[node * class_count_ + k] =
          c >= 0 ? c : (node == 0 ? 0 : delta_[static_cast<std::size_t>(nodes_[node].fail) * class_count_ + k]);
    }
  }
}

void AhoCorasick::find_all(std::string_view text, std::vector<Hit>& out) const {
  if (delta_.empty()) return;  // not compiled
  std::size_t node = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    node = static_cast<std::size_t>(delta_[node * class_count_ + byte_class_[static_cast<unsigned char>(text[i])]]);
    if (!reports_[node]) continue;
    for (int n = static_cast<int>(node); n > 0; n = nodes_[n].output_link) {
      for (const auto& [id, length] : nodes_[n].outputs) {
        out.push_back({id, i + 1 - static_cast<std::size_t>(length), i + 1});
      }
      if (nodes_[n].output_link < 0) break;
    }
  }
}

}  // namespace classify
