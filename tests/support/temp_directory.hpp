#pragma once

#include <string>

namespace authapi::test {

// A fresh directory under the system temp directory, removed with everything
// in it at scope exit (kept when AUTH_API_KEEP_TMP=1, to read server logs and databases).
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

}  // namespace authapi::test
