// JSON bodies of POST and PUT /users.
#include "fuzz_input.hpp"
#include "json_input.hpp"
#include "json_output.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = authapi::JsonObjectInput::parse(authapi::fuzz::as_text(data, size));
    if (!input) return 0;
    for (const char* name : {"email", "password", "first_name", "last_name"}) {
        const authapi::JsonField field = input->field(name);
        // What was read back is rendered in answers: the renderer must take it.
        if (field.kind == authapi::JsonField::String) authapi::json_error(field.text);
    }
    return 0;
}
