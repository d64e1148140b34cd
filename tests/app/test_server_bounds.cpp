#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server/connection_budget.hpp"
#include "server/trickle_damper.hpp"

using namespace authapi;

TEST_CASE("ConnectionBudget: connections up to the bound, then refused until one closes") {
    ConnectionBudget budget(2, 1000);
    CHECK(budget.try_open());
    CHECK(budget.try_open());
    CHECK_FALSE(budget.try_open());
    budget.close();
    CHECK(budget.try_open());
    CHECK(budget.open_connections() == 2);
}

TEST_CASE("ConnectionBudget: held head bytes up to the bound, nothing counted when refused") {
    ConnectionBudget budget(10, 1000);
    CHECK(budget.try_hold(600));
    CHECK_FALSE(budget.try_hold(401));
    CHECK(budget.pending_head_bytes() == 600);
    CHECK(budget.try_hold(400));
    CHECK_FALSE(budget.try_hold(1));
    budget.release(1000);
    CHECK(budget.pending_head_bytes() == 0);
}

TEST_CASE("ConnectionBudget: a trim is worth it once a lot was freed, and said once") {
    ConnectionBudget budget(10, 64 * 1024 * 1024);
    CHECK(budget.try_hold(3 * 1024 * 1024));
    budget.release(3 * 1024 * 1024);
    CHECK_FALSE(budget.take_trim_hint());  // 3 MiB: not worth it
    CHECK(budget.try_hold(20 * 1024 * 1024));
    budget.release(20 * 1024 * 1024);
    CHECK(budget.take_trim_hint());
    CHECK_FALSE(budget.take_trim_hint());
}

namespace {

// A connected TCP socket on the loopback, for its SO_RCVLOWAT.
class LoopbackSocket {
public:
    LoopbackSocket() {
        listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        REQUIRE(::bind(listener_, reinterpret_cast<sockaddr*>(&address), size) == 0);
        REQUIRE(::listen(listener_, 1) == 0);
        REQUIRE(::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
        client_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        REQUIRE(::connect(client_, reinterpret_cast<sockaddr*>(&address), size) == 0);
        server_ = ::accept(listener_, nullptr, nullptr);
        REQUIRE(server_ >= 0);
    }
    ~LoopbackSocket() {
        ::close(server_);
        ::close(client_);
        ::close(listener_);
    }
    int fd() const { return server_; }
    int low_water_mark() const {
        int value = 0;
        socklen_t size = sizeof value;
        ::getsockopt(server_, SOL_SOCKET, SO_RCVLOWAT, &value, &size);
        return value;
    }

private:
    int listener_ = -1;
    int client_ = -1;
    int server_ = -1;
};

}  // namespace

TEST_CASE("TrickleDamper: only a head that trickles is damped, until its end or a nudge") {
    LoopbackSocket socket;
    TrickleDamper damper;
    // Ordinary segments: never damped, however many.
    for (int i = 0; i < 20; ++i) damper.on_head_read(socket.fd(), 1400);
    CHECK_FALSE(damper.damped());
    CHECK(socket.low_water_mark() == 1);
    damper.end_of_head(socket.fd());
    // Eight tiny pieces: the ninth wakeup waits for 4 KiB.
    for (std::size_t i = 0; i < TrickleDamper::kPatience; ++i) damper.on_head_read(socket.fd(), 8);
    CHECK(damper.damped());
    CHECK(socket.low_water_mark() == TrickleDamper::kBatch);
    damper.nudge(socket.fd());
    CHECK(socket.low_water_mark() == 1);
    // Whatever came meanwhile: the same head still trickles.
    damper.on_head_read(socket.fd(), 4096);
    CHECK(socket.low_water_mark() == TrickleDamper::kBatch);
    damper.end_of_head(socket.fd());
    CHECK_FALSE(damper.damped());
    CHECK(socket.low_water_mark() == 1);
    damper.on_head_read(socket.fd(), 8);  // a new head starts with a clean slate
    CHECK_FALSE(damper.damped());
}
