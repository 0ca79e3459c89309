// start_probe: how long an MCP server over stdio takes from spawn to its first tools/list answer.
//   start_probe STARTS -- COMMAND ARGS...
// Each start spawns the command, sends initialize, waits for its answer, sends
// notifications/initialized and tools/list, and stops the clock at the tools/list answer. Then it
// closes stdin and waits for the exit (SIGKILL after 5 s). Prints one JSON line:
// {"starts_ms":[...],"median_ms":M,"errors":E}, errors counting answers that were not results.
// Written in C++ so the figure is the server's: a Node driver adds several milliseconds of its own
// spawn machinery to every start.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

struct Child {
  pid_t pid = -1;
  int in = -1;   // its stdin
  int out = -1;  // its stdout
  std::string buffered;
};

Child spawn_child(char** argv) {
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) std::exit(2);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]}) posix_spawn_file_actions_addclose(&actions, fd);
  Child c;
  if (posix_spawnp(&c.pid, argv[0], &actions, nullptr, argv, environ) != 0) {
    std::fprintf(stderr, "start_probe: cannot start %s: %s\n", argv[0], std::strerror(errno));
    std::exit(2);
  }
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);
  c.in = to_child[1];
  c.out = from_child[0];
  return c;
}

bool send_line(const Child& c, const std::string& line) {
  std::string data = line + "\n";
  return write(c.in, data.data(), data.size()) == static_cast<ssize_t>(data.size());
}

// The next stdout line that carries "id":<id>; empty when stdout ends first.
std::string answer_to(Child& c, int id) {
  const std::string tag = "\"id\":" + std::to_string(id);
  for (;;) {
    for (auto nl = c.buffered.find('\n'); nl != std::string::npos; nl = c.buffered.find('\n')) {
      std::string line = c.buffered.substr(0, nl);
      c.buffered.erase(0, nl + 1);
      if (line.find(tag) != std::string::npos) return line;
    }
    char chunk[65536];
    auto n = read(c.out, chunk, sizeof chunk);
    if (n <= 0) return {};
    c.buffered.append(chunk, static_cast<std::size_t>(n));
  }
}

void stop(Child& c) {
  close(c.in);
  auto deadline = Clock::now() + std::chrono::seconds(5);
  int status = 0;
  while (waitpid(c.pid, &status, WNOHANG) == 0) {
    if (Clock::now() > deadline) {
      kill(c.pid, SIGKILL);
      waitpid(c.pid, &status, 0);
      break;
    }
    usleep(1000);
  }
  close(c.out);
}

}  // namespace

int main(int argc, char** argv) {
  int split = 0;
  for (int i = 1; i < argc; ++i)
    if (std::strcmp(argv[i], "--") == 0) split = i;
  if (split != 2 || split + 1 >= argc) {
    std::fprintf(stderr, "usage: start_probe STARTS -- COMMAND ARGS...\n");
    return 2;
  }
  int starts = std::max(1, std::atoi(argv[1]));
  const std::string initialize =
      R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
      R"("capabilities":{},"clientInfo":{"name":"varlet-perf","version":"1"}}})";
  std::vector<double> times;
  int errors = 0;
  for (int i = 0; i < starts; ++i) {
    auto began = Clock::now();
    auto child = spawn_child(argv + split + 1);
    bool ok = send_line(child, initialize) && !answer_to(child, 0).empty() &&
              send_line(child, R"({"jsonrpc":"2.0","method":"notifications/initialized"})") &&
              send_line(child, R"({"jsonrpc":"2.0","id":1,"method":"tools/list"})");
    auto list = ok ? answer_to(child, 1) : std::string();
    times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - began).count());
    if (list.find("\"result\"") == std::string::npos) ++errors;
    stop(child);
  }
  auto sorted = times;
  std::sort(sorted.begin(), sorted.end());
  std::printf("{\"starts_ms\":[");
  for (std::size_t i = 0; i < times.size(); ++i) std::printf("%s%.3f", i ? "," : "", times[i]);
  std::printf("],\"median_ms\":%.3f,\"errors\":%d}\n", sorted[sorted.size() / 2], errors);
  return 0;
}
