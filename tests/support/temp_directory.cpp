#include "temp_directory.hpp"

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace authapi::test {

TempDirectory::TempDirectory() {
    std::error_code ignored;
    std::filesystem::path base = std::filesystem::temp_directory_path(ignored);
    if (base.empty()) base = "/tmp";
    const std::string name_template = (base / "auth-api-test-XXXXXX").string();
    std::vector<char> buffer(name_template.begin(), name_template.end());
    buffer.push_back('\0');
    if (mkdtemp(buffer.data()) == nullptr) {
        throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
    }
    path_ = buffer.data();
}

TempDirectory::~TempDirectory() {
    const char* keep = std::getenv("AUTH_API_KEEP_TMP");
    if (keep != nullptr && std::string(keep) == "1") return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "";
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

}  // namespace authapi::test
