#pragma once

#include <string>

#include "temp_directory.hpp"

namespace authapi::e2e {

// A fault the machine cannot produce (no root, no chattr): reported as
// skipped, and a failure under CI, so that CI never passes without it.
void cannot_test(const std::string& what);

// A tmpfs of `size` ("1m") on a fresh temp directory, unmounted at scope
// exit. Mounting needs root (or CAP_SYS_ADMIN): check mounted().
class SmallTmpfs {
public:
    explicit SmallTmpfs(const std::string& size);
    ~SmallTmpfs();
    SmallTmpfs(const SmallTmpfs&) = delete;
    SmallTmpfs& operator=(const SmallTmpfs&) = delete;

    bool mounted() const { return mounted_; }
    std::string file(const std::string& name) const { return directory_.file(name); }

private:
    test::TempDirectory directory_;
    bool mounted_ = false;
};

}  // namespace authapi::e2e
