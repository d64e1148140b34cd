#pragma once

#include <string>

namespace authapi::e2e {

// A fresh directory under the system temp directory, removed with everything
// in it at scope exit (kept when E2E_KEEP_TMP=1, to read the server logs).
class TempDirectory {
public:
    TempDirectory();
    ~TempDirectory();

    TempDirectory(const TempDirectory&) = delete;
    TempDirectory& operator=(const TempDirectory&) = delete;

    const std::string& path() const { return path_; }
    std::string file(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

// The whole content of a file, or "" when it cannot be read.
std::string read_file(const std::string& path);

}  // namespace authapi::e2e
