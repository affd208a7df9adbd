#include "parse/element.h"

#include "parse/xml_names.h"

namespace parse {

void DomElement::person_parts(std::string& name, std::string& email) const {
  for (const pugi::xml_node& c : node_.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view local = local_name(c.name());  // any namespace
    if (local == "name") name = element_value(c, Flavor::kText);
    if (local == "email") email = element_value(c, Flavor::kText);
  }
}

void StreamElement::person_parts(std::string& name, std::string& email) const {
  if (has_name) name = clean_copy(name_chars);
  if (has_email) email = clean_copy(email_chars);
}

}  // namespace parse
