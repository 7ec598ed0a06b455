#include "mongo_test_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "core/random.hpp"

namespace deeptrace::testing {
namespace fs = std::filesystem;
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(30);

int free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(addr);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("no free loopback port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts_connections(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  ::close(fd);
  return ok;
}

fs::path launcher() { return fs::path(DEEPTRACE_SOURCE_DIR) / "scripts" / "ferretdb"; }

fs::path ferretdb_binary() {
  if (const char* configured = std::getenv("DEEPTRACE_FERRETDB")) return configured;
  return fs::path(DEEPTRACE_SOURCE_DIR) / "build" / "tools" / "bin" / "ferretdb";
}

class Server {
 public:
  Server() : data_dir_(fs::temp_directory_path() / ("deeptrace-ferretdb-" + random_hex(6))), port_(free_loopback_port()) {
    if (!fs::exists(ferretdb_binary())) {
      throw std::runtime_error("FerretDB is not installed at " + ferretdb_binary().string() +
                               ": run scripts/install-ferretdb (scripts/setup does) or set DEEPTRACE_FERRETDB");
    }
    start();
  }
  ~Server() {
    stop();
    std::error_code ignored;
    fs::remove_all(data_dir_, ignored);
  }

  int port() const { return port_; }

  void start() {
    std::string port = std::to_string(port_);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);  // a crashed test binary takes its server along
      ::setenv("FERRETDB_LOG_LEVEL", "ERROR", 1);
      ::execl(launcher().c_str(), launcher().c_str(), data_dir_.c_str(), port.c_str(), nullptr);
      ::_exit(127);
    }
    auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
    while (!accepts_connections(port_)) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) throw std::runtime_error("FerretDB exited at start");
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("FerretDB did not start");
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }

 private:
  fs::path data_dir_;
  int port_;
  pid_t pid_ = -1;
};

std::mutex server_mutex;

Server& server() {
  std::lock_guard lock(server_mutex);
  // Destroyed at exit, which stops the process.
  static std::unique_ptr<Server> instance = std::make_unique<Server>();
  return *instance;
}

}  // namespace

std::string mongo_test_url(const std::string& database) {
  return "mongodb://127.0.0.1:" + std::to_string(server().port()) + "/" + database;
}

void stop_mongo_test_server() { server().stop(); }

void restart_mongo_test_server() { server().start(); }

}  // namespace deeptrace::testing
