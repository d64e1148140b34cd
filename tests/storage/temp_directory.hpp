#pragma once

#include <string>

namespace authapi::test {

// A fresh directory under /tmp, removed with everything in it at scope exit,
// so every test starts from an empty database file.
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

}  // namespace authapi::test
