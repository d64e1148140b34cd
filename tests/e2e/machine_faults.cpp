#include "machine_faults.hpp"

#include <doctest/doctest.h>
#include <sys/mount.h>

#include <cstdlib>

namespace authapi::e2e {

void cannot_test(const std::string& what) {
    if (std::getenv("CI") != nullptr) {
        FAIL_CHECK("cannot set up the fault on this machine: " << what);
    } else {
        MESSAGE("SKIPPED (not in CI): " << what);
    }
}

SmallTmpfs::SmallTmpfs(const std::string& size) {
    mounted_ =
        ::mount("tmpfs", directory_.path().c_str(), "tmpfs", 0, ("size=" + size).c_str()) == 0;
}

SmallTmpfs::~SmallTmpfs() {
    if (mounted_) ::umount2(directory_.path().c_str(), MNT_DETACH);
}

}  // namespace authapi::e2e
