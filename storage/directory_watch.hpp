#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>

namespace authapi {

// Tells cheaply whether a file's name may point somewhere else since it was
// last asked: the file deleted, renamed over (a restored backup), or its
// directory moved. It watches the directory's entries with inotify; asking
// costs one ioctl(2) while nothing happened there, where a stat(2) of the
// path walks it again. The kernel queues the event before the rename or
// unlink returns, so a change made before a request is seen by it.
//
// Where it cannot watch (no inotify, its limits reached, the path a
// symlink, the watch lost), generation() changes on every call, so callers
// check every time, as without it.
class DirectoryWatch {
public:
    explicit DirectoryWatch(const std::string& file_path);
    ~DirectoryWatch();

    DirectoryWatch(const DirectoryWatch&) = delete;
    DirectoryWatch& operator=(const DirectoryWatch&) = delete;

    // Changes whenever an entry of the directory may have changed since the
    // previous value was handed out. Thread safe.
    std::uint64_t generation();
    bool watching() const { return fd_ >= 0 && !lost_.load(); }

private:
    void drain();

    int fd_ = -1;  // open for the object's life, so no thread uses a closed one
    std::atomic<bool> lost_{false};
    std::atomic<std::uint64_t> generation_{0};
    std::mutex drain_mutex_;
};

}  // namespace authapi
