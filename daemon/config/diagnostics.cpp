#include "config/diagnostics.h"

#include <algorithm>

namespace config::detail {

void Diagnostics::report(const YAML::Mark& mark, std::string_view message) {
  const bool known = !mark.is_null() && mark.line >= 0 && mark.column >= 0;
  errors_.push_back({known ? mark.line + 1 : 1, known ? mark.column + 1 : 1, std::string(message)});
}

std::vector<std::string> Diagnostics::take() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const Error& a, const Error& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  std::vector<std::string> out;
  for (const auto& e : errors_) {
    out.push_back(file_ + ':' + std::to_string(e.line) + ':' + std::to_string(e.column) + ": " + e.text);
  }
  errors_.clear();
  return out;
}

Scope Scope::key(const YAML::Node& key) const {
  std::string path = path_.empty() ? key.Scalar() : path_ + '.' + key.Scalar();
  return Scope(*diagnostics_, std::move(path), key.Mark());
}

Scope Scope::item(std::size_t index, const YAML::Node& element) const {
  return Scope(*diagnostics_, path_ + '[' + std::to_string(index) + ']', element.Mark());
}

void Scope::error(const YAML::Node& at, std::string_view what) const {
  const bool has_own_mark = at.IsDefined() && !at.IsNull() && !at.Mark().is_null();
  const YAML::Mark mark = has_own_mark ? at.Mark() : key_mark_;
  diagnostics_->report(mark, path_.empty() ? std::string(what) : path_ + ": " + std::string(what));
}

void Scope::error_here(std::string_view what) const { error(YAML::Node(), what); }

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a sequence";
    case YAML::NodeType::Scalar: return '\'' + node.Scalar() + '\'';
    default: return "nothing";
  }
}

}  // namespace config::detail
