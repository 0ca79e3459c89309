// stdio_load: the stdio load driver of perf/run, the `load` mode of stdio_driver.mjs in C++.
//   stdio_load --requests=FILE [--warmup=FILE] --inflight=N --duration=SECONDS [--max=COUNT]
//              [--stderr=FILE] -- COMMAND ARGS...
// It starts the server, initializes, runs the warm-up file once with N in flight, then keeps N
// requests in flight for the duration (or until COUNT answers), timing each from the write of its
// line to the arrival of its answer line. Request files hold "<path>\t<JSON-RPC body>" per line;
// the driver replaces every body's "id". Prints one JSON line with the fields of stdio_driver.mjs.
// Written in C++ so the rate is the server's: the Node driver needs most of a core of its own.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

extern char** environ;

namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(const std::string& message) {
  std::fprintf(stderr, "stdio_load: %s\n", message.c_str());
  std::exit(1);
}

// Each request split around its id, so it is written as prefix + id + suffix with no re-encoding.
using Templates = std::vector<std::pair<std::string, std::string>>;

// The first `"id":` followed by optional blanks and a number or a string, as stdio_driver.mjs finds it.
std::optional<std::pair<std::size_t, std::size_t>> find_id(std::string_view body) {
  for (auto at = body.find("\"id\":"); at != std::string_view::npos; at = body.find("\"id\":", at + 1)) {
    auto end = body.find_first_not_of(" \t\r\n", at + 5);
    if (end == std::string_view::npos) break;
    if (body[end] == '"') {
      auto close = body.find('"', end + 1);
      if (close != std::string_view::npos) return std::pair{at, close + 1};
    } else if (auto digits = body.find_first_not_of("0123456789", end); digits != end) {
      return std::pair{at, digits == std::string_view::npos ? body.size() : digits};
    }
  }
  return std::nullopt;
}

Templates read_templates(const std::string& file) {
  std::ifstream in(file);
  if (!in) fail("cannot read " + file);
  Templates templates;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    std::string_view body = line;
    body.remove_prefix(body.find('\t') + 1);  // npos + 1 == 0: a line without a path is all body
    auto id = find_id(body);
    if (!id) fail(file + ": a request without an id: " + std::string(body.substr(0, 80)));
    templates.emplace_back(std::string(body.substr(0, id->first)) + "\"id\":", std::string(body.substr(id->second)));
  }
  if (templates.empty()) fail(file + ": no requests");
  return templates;
}

std::optional<long> parse_number(std::string_view digits) {
  long value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end == digits.data()) return std::nullopt;
  return value;
}

// The top-level id of an answer line without parsing it: JSON-RPC answers put it either first
// ({"jsonrpc":"2.0","id":7,...}) or last (...,"id":7}). Numbers only, like the ids the driver sends.
std::optional<long> answer_id(std::string_view line) {
  constexpr std::string_view head = R"({"jsonrpc":"2.0","id":)";
  if (line.starts_with(head)) {
    auto rest = line.substr(head.size());
    auto end = rest.find_first_not_of("0123456789");
    if (end != std::string_view::npos && end > 0 && (rest[end] == ',' || rest[end] == '}')) return parse_number(rest.substr(0, end));
  }
  if (line.ends_with('}')) {
    auto rest = line.substr(0, line.size() - 1);
    auto digits = rest.find_last_not_of("0123456789") + 1;  // npos + 1 == 0: all digits
    auto key = rest.substr(0, digits);
    if (digits < rest.size() && (key.ends_with(",\"id\":") || key.ends_with("{\"id\":"))) return parse_number(rest.substr(digits));
  }
  return std::nullopt;
}

bool contains(std::string_view line, std::string_view part) {
  // memmem, not string_view::find: find calls memchr at every '"' of the line, and JSON is full of them.
  return memmem(line.data(), line.size(), part.data(), part.size()) != nullptr;
}

bool failed(std::string_view line) { return !contains(line, "\"result\":") || contains(line, "\"isError\":true"); }

// The server as a child process: lines go to its stdin, answer lines come from its stdout.
class Server {
 public:
  Server(char** argv, const std::string& stderr_file) {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) fail(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
    posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
    if (stderr_file.empty()) posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    else posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0644);
    for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]}) posix_spawn_file_actions_addclose(&actions, fd);
    // The driver ignores SIGPIPE to see a closed stdin as EPIPE; the server gets the default back.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF);
    if (int error = posix_spawnp(&pid_, argv[0], &actions, &attributes, argv, environ); error != 0)
      fail(std::string("cannot start ") + argv[0] + ": " + std::strerror(error));
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close(to_child[0]);
    close(from_child[1]);
    in_ = to_child[1];
    out_ = from_child[0];
    // Writes never block: with many requests in flight a blocked write would stop the reading of
    // answers, and a server blocked on a full stdout would never read its stdin again.
    fcntl(in_, F_SETFL, O_NONBLOCK);
  }

  pid_t pid() const { return pid_; }

  void queue(std::string_view text) { pending_.append(text); }

  void queue(const std::pair<std::string, std::string>& request, long id) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, id).ptr;
    pending_.append(request.first).append(digits, end).append(request.second).push_back('\n');
  }

  // Writes what the stdin pipe takes of the queued bytes; false when the server closed its stdin.
  bool flush() {
    while (written_ < pending_.size()) {
      auto n = write(in_, pending_.data() + written_, pending_.size() - written_);
      if (n < 0) return errno == EAGAIN || errno == EINTR;
      written_ += static_cast<std::size_t>(n);
    }
    pending_.clear();
    written_ = 0;
    return true;
  }

  // Waits for output, reads what there is and calls on_line(line, arrival) for every complete line;
  // false when the server's stdout ended (it exited).
  template <typename OnLine>
  bool read_lines(OnLine&& on_line) {
    pollfd fds[2] = {{out_, POLLIN, 0}, {in_, POLLOUT, 0}};
    bool writing = written_ < pending_.size();
    if (poll(fds, writing ? 2 : 1, -1) < 0) return errno == EINTR;
    if (writing && fds[1].revents && !flush()) return false;
    if (!fds[0].revents) return true;
    if (have_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);  // a line longer than the buffer
    auto n = read(out_, buffer_.data() + have_, buffer_.size() - have_);
    if (n <= 0) return n < 0 && errno == EINTR;
    auto arrival = Clock::now();
    have_ += static_cast<std::size_t>(n);
    std::size_t start = 0;
    for (const char* nl; (nl = static_cast<const char*>(std::memchr(buffer_.data() + start, '\n', have_ - start)));) {
      auto end = static_cast<std::size_t>(nl - buffer_.data());
      on_line(std::string_view(buffer_.data() + start, end - start), arrival);
      start = end + 1;
    }
    std::memmove(buffer_.data(), buffer_.data() + start, have_ - start);
    have_ -= start;
    return true;
  }

  // Closes stdin and waits for the exit: SIGTERM after 2 s, SIGKILL after 5 s (as stdio_driver.mjs).
  void stop() {
    close(in_);
    auto began = Clock::now();
    bool terminated = false;
    int status = 0;
    while (waitpid(pid_, &status, WNOHANG) == 0) {
      auto waited = Clock::now() - began;
      if (waited > std::chrono::seconds(5)) {
        kill(pid_, SIGKILL);
        waitpid(pid_, &status, 0);
        break;
      }
      if (!terminated && waited > std::chrono::seconds(2)) {
        kill(pid_, SIGTERM);
        terminated = true;
      }
      usleep(1000);
    }
    close(out_);
  }

 private:
  pid_t pid_ = -1;
  int in_ = -1;
  int out_ = -1;
  std::string pending_;
  std::size_t written_ = 0;
  std::vector<char> buffer_ = std::vector<char>(1 << 20);
  std::size_t have_ = 0;
};

struct Outcome {
  std::vector<double> latencies;
  long errors = 0;
  bool exited = false;
};

// Sends templates in turn, keeping `inflight` outstanding, until `deadline` or `max` answers (0: no
// bound). Answers to the same read are timed at that read; the requests they free go out in one write.
Outcome pipeline(Server& server, const Templates& templates, long inflight, Clock::time_point deadline, long max,
                 long first_id) {
  Outcome outcome;
  std::vector<Clock::time_point> sent;  // by id - first_id; the zero time point once answered
  long next_id = first_id;
  long outstanding = 0;
  std::size_t position = 0;
  bool sending = true;
  auto send = [&] {
    server.queue(templates[position], next_id);
    position = (position + 1) % templates.size();
    sent.emplace_back();
    ++next_id;
    ++outstanding;
  };
  auto write_out = [&](std::size_t from) {
    auto now = Clock::now();
    std::fill(sent.begin() + static_cast<std::ptrdiff_t>(from), sent.end(), now);
    return server.flush();
  };
  for (long i = 0; i < (max ? std::min(inflight, max) : inflight); ++i) send();
  if (!write_out(0)) outcome.exited = true;
  while (outstanding > 0 && !outcome.exited) {
    auto unsent = sent.size();
    bool alive = server.read_lines([&](std::string_view line, Clock::time_point arrival) {
      auto id = answer_id(line);
      if (!id || *id < first_id || *id >= next_id) return;
      auto& began = sent[static_cast<std::size_t>(*id - first_id)];
      if (began == Clock::time_point{}) return;
      outcome.latencies.push_back(std::chrono::duration<double, std::milli>(arrival - began).count());
      began = {};
      --outstanding;
      if (failed(line)) ++outcome.errors;
      auto answered = static_cast<long>(outcome.latencies.size());
      if (sending && (arrival >= deadline || (max && answered + outstanding >= max))) sending = false;
      if (sending) send();
    });
    if (!alive || !write_out(unsent)) outcome.exited = true;
  }
  return outcome;
}

// Shortest text that reads back as the same double, as JavaScript prints numbers.
std::string number(double value) {
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, value).ptr);
}

double round3(double value) { return std::round(value * 1000) / 1000; }

// Order statistics of the latencies (nearest rank), the fields of summarize() in perf/harness/stats.mjs.
std::string summarize(std::vector<double> values) {
  if (values.empty()) return R"({"count":0})";
  std::sort(values.begin(), values.end());
  double sum = 0;
  for (double v : values) sum += v;
  auto percentile = [&](double p) {
    auto rank = static_cast<long>(std::ceil(p / 100 * static_cast<double>(values.size()))) - 1;
    return values[static_cast<std::size_t>(std::clamp(rank, 0L, static_cast<long>(values.size()) - 1))];
  };
  std::ostringstream json;
  json << "{\"count\":" << values.size() << ",\"min\":" << number(round3(values.front()))
       << ",\"mean\":" << number(round3(sum / static_cast<double>(values.size())))
       << ",\"p50\":" << number(round3(percentile(50))) << ",\"p90\":" << number(round3(percentile(90)))
       << ",\"p99\":" << number(round3(percentile(99))) << ",\"p999\":" << number(round3(percentile(99.9)))
       << ",\"max\":" << number(round3(values.back())) << '}';
  return json.str();
}

// utime + stime of the process from /proc/PID/stat, in seconds.
double cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto paren = stat.rfind(')');
  if (paren == std::string::npos) return 0;
  // Fields after the command name, which is in parentheses and may hold spaces: utime is the 12th.
  std::istringstream fields(stat.substr(paren + 2));
  std::string skip;
  for (int i = 0; i < 11; ++i) fields >> skip;
  double utime = 0, stime = 0;
  fields >> utime >> stime;
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A "Key:   N kB" line of /proc/PID/status, in MiB.
double status_mib(pid_t pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.starts_with(key + ":")) return std::strtod(line.c_str() + key.size() + 1, nullptr) / 1024;
  return 0;
}

double own_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Initializes the session; the reason when it could not.
std::optional<std::string> initialize(Server& server) {
  server.queue(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18",)"
               R"("capabilities":{},"clientInfo":{"name":"varlet-perf","version":"1"}}})"
               "\n");
  std::optional<std::string> answer;
  bool alive = server.flush();
  while (alive && !answer) {
    alive = server.read_lines([&](std::string_view line, Clock::time_point) {
      if (answer_id(line) == 0) answer = std::string(line);
    });
  }
  if (!answer) return "the server exited before it answered initialize";
  if (failed(*answer)) return "initialize failed: " + answer->substr(0, 200);
  server.queue(R"({"jsonrpc":"2.0","method":"notifications/initialized"})" "\n");
  return std::nullopt;
}

}  // namespace

int main(int argc, char** argv) {
  int split = 0;
  for (int i = 1; i < argc && !split; ++i)
    if (std::strcmp(argv[i], "--") == 0) split = i;
  std::map<std::string, std::string> flags;
  for (int i = 1; i < split; ++i) {
    std::string_view arg = argv[i];
    if (arg.starts_with("--")) arg.remove_prefix(2);
    auto eq = arg.find('=');
    flags[std::string(arg.substr(0, eq))] = eq == std::string_view::npos ? "" : std::string(arg.substr(eq + 1));
  }
  auto flag_number = [&](const std::string& key, double fallback) {
    auto found = flags.find(key);
    if (found == flags.end() || found->second.empty()) return fallback;
    char* end = nullptr;
    double value = std::strtod(found->second.c_str(), &end);
    if (*end || value < 0) fail("--" + key + " wants a number, not " + found->second);
    return value;
  };
  if (!split || split + 1 >= argc || flags["requests"].empty()) {
    std::fprintf(stderr,
                 "usage: stdio_load --requests=FILE [--warmup=FILE] --inflight=N --duration=SECONDS [--max=COUNT] "
                 "[--stderr=FILE] -- COMMAND ARGS...\n");
    return 2;
  }
  auto inflight = static_cast<long>(flag_number("inflight", 8));
  auto duration = std::chrono::duration<double>(flag_number("duration", 5));
  auto max = static_cast<long>(flag_number("max", 0));
  if (inflight < 1) fail("--inflight must be at least 1");
  auto warm = flags["warmup"].empty() ? Templates{} : read_templates(flags["warmup"]);
  auto templates = read_templates(flags["requests"]);

  signal(SIGPIPE, SIG_IGN);
  Server server(argv + split + 1, flags["stderr"]);
  auto stop_and_fail = [&](const std::string& message) {
    server.stop();
    fail(message);
  };
  if (auto why = initialize(server)) stop_and_fail(*why);
  long first_id = 1;
  if (!warm.empty()) {
    auto outcome = pipeline(server, warm, inflight, Clock::time_point::max(), static_cast<long>(warm.size()), first_id);
    first_id += static_cast<long>(warm.size());
    if (outcome.exited) stop_and_fail("the server exited during warm-up");
  }
  double cpu_before = cpu_seconds(server.pid());
  double driver_before = own_cpu_seconds();
  auto began = Clock::now();
  auto outcome = pipeline(server, templates, inflight,
                          began + std::chrono::duration_cast<Clock::duration>(duration), max, first_id);
  double seconds = std::chrono::duration<double>(Clock::now() - began).count();
  double cpu = cpu_seconds(server.pid()) - cpu_before;
  double driver = own_cpu_seconds() - driver_before;
  double rss = status_mib(server.pid(), "VmRSS"), peak_rss = status_mib(server.pid(), "VmHWM");
  if (outcome.exited) stop_and_fail("the server exited during the run");
  server.stop();

  auto requests = outcome.latencies.size();
  auto per_10k = requests ? number(cpu * 10000 / static_cast<double>(requests)) : "null";
  std::printf(
      "{\"requests\":%zu,\"errors\":%ld,\"seconds\":%s,\"rps\":%s,\"latency_ms\":%s,\"cpu_seconds\":%s,"
      "\"cpu_s_per_10k\":%s,\"driver_cpu_share\":%s,\"rss_mib\":%s,\"peak_rss_mib\":%s}\n",
      requests, outcome.errors, number(seconds).c_str(), number(static_cast<double>(requests) / seconds).c_str(),
      summarize(std::move(outcome.latencies)).c_str(), number(cpu).c_str(), per_10k.c_str(),
      number(driver / seconds).c_str(), number(rss).c_str(), number(peak_rss).c_str());
  return 0;
}
