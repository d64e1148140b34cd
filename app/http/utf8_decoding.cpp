#include "utf8_decoding.hpp"

namespace authapi {

namespace {
constexpr char32_t kReplacementCharacter = 0xFFFD;
}

Utf8Step decode_utf8_at(std::string_view text, std::size_t pos) noexcept {
    if (pos >= text.size()) return {kReplacementCharacter, 0, false};
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) return {lead, 1, true};

    std::size_t continuation_bytes = 0;
    char32_t code_point = 0;
    // The second byte's range is narrower for a few lead bytes; that is what rules out
    // overlongs (E0, F0), surrogates (ED) and values above U+10FFFF (F4).
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        continuation_bytes = 1;
        code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        continuation_bytes = 2;
        code_point = lead & 0x0Fu;
        if (lead == 0xE0) low = 0xA0;
        if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        continuation_bytes = 3;
        code_point = lead & 0x07u;
        if (lead == 0xF0) low = 0x90;
        if (lead == 0xF4) high = 0x8F;
    } else {
        return {kReplacementCharacter, 1, false};
    }

    std::size_t length = 1;
    for (std::size_t k = 0; k < continuation_bytes; ++k) {
        if (pos + length >= text.size()) return {kReplacementCharacter, length, false};
        const auto byte = static_cast<unsigned char>(text[pos + length]);
        if (byte < low || byte > high) return {kReplacementCharacter, length, false};
        code_point = (code_point << 6) | (byte & 0x3Fu);
        low = 0x80;
        high = 0xBF;
        ++length;
    }
    return {code_point, length, true};
}

}  // namespace authapi
