#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "directory_watch.hpp"
#include "temp_directory.hpp"

namespace authapi::test {

namespace {

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::app) << text;
}

}  // namespace

TEST_CASE("a directory watch changes generation when a name may point elsewhere") {
    TempDirectory directory;
    const std::string path = directory.file("auth.db");
    write_file(path, "one");
    DirectoryWatch watch(path);
    REQUIRE(watch.watching());
    const auto start = watch.generation();
    CHECK(watch.generation() == start);

    // Writes to the file (every commit) change nothing.
    write_file(path, "two");
    CHECK(watch.generation() == start);

    SUBCASE("renamed over") {
        write_file(directory.file("backup.db"), "backup");  // created: counts too
        const auto created = watch.generation();
        CHECK(created != start);
        std::filesystem::rename(directory.file("backup.db"), path);
        CHECK(watch.generation() != created);
    }
    SUBCASE("deleted") {
        std::filesystem::remove(path);
        const auto deleted = watch.generation();
        CHECK(deleted != start);
        CHECK(watch.generation() == deleted);
    }
    SUBCASE("the directory itself removed: from then on, every call says maybe") {
        std::filesystem::remove(path);
        std::filesystem::remove(directory.path());
        const auto first = watch.generation();
        CHECK(first != start);
        CHECK_FALSE(watch.watching());
        CHECK(watch.generation() != first);
    }
}

TEST_CASE("a symlinked path is not watched: every call says maybe") {
    TempDirectory directory;
    write_file(directory.file("real.db"), "x");
    std::filesystem::create_symlink(directory.file("real.db"), directory.file("auth.db"));
    DirectoryWatch watch(directory.file("auth.db"));
    CHECK_FALSE(watch.watching());
    CHECK(watch.generation() != watch.generation());
}

}  // namespace authapi::test
