#include "urlencoded_form.hpp"

#include <utility>

#include "percent_decoding.hpp"

namespace authapi {

FormFields parse_urlencoded(std::string_view body) {
    FormFields fields;
    std::size_t pos = 0;
    while (pos <= body.size()) {
        std::size_t end = body.find('&', pos);
        if (end == std::string_view::npos) end = body.size();
        const std::string_view piece = body.substr(pos, end - pos);
        pos = end + 1;
        if (piece.empty()) continue;

        const std::size_t equals = piece.find('=');
        std::string name = percent_decode(piece.substr(0, equals), true);
        std::string value = equals == std::string_view::npos
                                ? std::string()
                                : percent_decode(piece.substr(equals + 1), true);
        fields.add(std::move(name), std::move(value));
    }
    return fields;
}

}  // namespace authapi
