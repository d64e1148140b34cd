#include "form_fields.hpp"

#include <utility>

namespace authapi {

void FormFields::add(std::string name, std::string value) {
    fields_.push_back(FormField{std::move(name), std::move(value)});
}

std::optional<std::string> FormFields::first(std::string_view name) const {
    for (const FormField& field : fields_) {
        if (field.name == name) return field.value;
    }
    return std::nullopt;
}

}  // namespace authapi
