#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace authapi {

struct FormField {
    std::string name;
    std::string value;
};

// Decoded form fields in body order, like Werkzeug's MultiDict behind request.form. Values are
// raw bytes: checking that they are UTF-8 is the caller's decision.
class FormFields {
public:
    void add(std::string name, std::string value);

    // With repeated fields the first wins, as request.form.get does.
    std::optional<std::string> first(std::string_view name) const;

    std::size_t size() const noexcept { return fields_.size(); }
    bool empty() const noexcept { return fields_.empty(); }
    const std::vector<FormField>& entries() const noexcept { return fields_; }

private:
    std::vector<FormField> fields_;
};

}  // namespace authapi
