#include "directory_watch.hpp"

#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cstring>

namespace authapi {

namespace {

// What re-points a name: entries created, deleted or renamed in the
// directory, or the directory itself moved or deleted. Writes to the files
// (every commit) are not among them.
constexpr std::uint32_t kNameEvents = IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
                                      IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR;

std::string directory_of(const std::string& file_path) {
    const auto slash = file_path.find_last_of('/');
    if (slash == std::string::npos) return ".";
    if (slash == 0) return "/";
    return file_path.substr(0, slash);
}

}  // namespace

DirectoryWatch::DirectoryWatch(const std::string& file_path) {
    struct stat info {};
    // A symlinked file can be re-pointed where this watch does not look.
    if (::lstat(file_path.c_str(), &info) == 0 && S_ISLNK(info.st_mode)) return;
    const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (fd < 0) return;
    if (::inotify_add_watch(fd, directory_of(file_path).c_str(), kNameEvents) < 0) {
        ::close(fd);
        return;
    }
    fd_ = fd;
}

DirectoryWatch::~DirectoryWatch() {
    if (fd_ >= 0) ::close(fd_);
}

std::uint64_t DirectoryWatch::generation() {
    if (!watching()) return generation_.fetch_add(1) + 1;
    int pending = 0;
    if (::ioctl(fd_, FIONREAD, &pending) != 0 || pending > 0) drain();
    return generation_.load();
}

void DirectoryWatch::drain() {
    std::lock_guard<std::mutex> lock(drain_mutex_);
    // Counted before the events are taken: a thread that finds the queue
    // empty after this drain also finds the new generation.
    generation_.fetch_add(1);
    alignas(struct inotify_event) std::array<char, 4096> buffer;
    for (;;) {
        const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
        if (n <= 0) break;
        for (ssize_t at = 0; at < n;) {
            struct inotify_event event {};
            std::memcpy(&event, buffer.data() + at, sizeof event);
            // The directory itself moved or went (the watch follows the old
            // one), the watch is gone, or events were dropped: from now on,
            // every call says "maybe".
            if ((event.mask & (IN_MOVE_SELF | IN_DELETE_SELF | IN_IGNORED | IN_Q_OVERFLOW)) != 0)
                lost_ = true;
            at += static_cast<ssize_t>(sizeof event + event.len);
        }
    }
}

}  // namespace authapi
