#include "actors/disk_store.hpp"

#include "actors/l2_format.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>
#include <vector>

namespace varlet::actors {
namespace {

constexpr std::string_view entry_suffix = ".l2";
constexpr std::string_view temp_prefix = ".tmp.";

// Shared by every instance in the process, so two stores writing one key never pick one temp name.
std::atomic<std::uint64_t> temp_counter{0};

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string errno_text() { return std::strerror(errno); }

// Up to `limit` bytes of a file; nothing when it cannot be read (vanished, unreadable).
std::optional<std::string> read_file(const std::filesystem::path& path, std::size_t limit = SIZE_MAX) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::string> out;
  if (::fstat(fd, &st) == 0) {
    std::string data(std::min<std::size_t>(limit, static_cast<std::size_t>(st.st_size)), '\0');
    std::size_t got = 0;
    while (got < data.size()) {
      auto n = ::read(fd, data.data() + got, data.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    data.resize(got);
    out = std::move(data);
  }
  ::close(fd);
  return out;
}

// The header, key and etag of an entry file, without its payload.
std::optional<std::string> read_head(const std::filesystem::path& path) {
  auto head = read_file(path, l2_header_bytes);
  auto size = head ? l2_head_bytes(*head) : 0;
  if (size == 0) return head;
  return read_file(path, size);
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    auto n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool fsync_folder(const std::filesystem::path& folder) {
  int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

// ".tmp.<pid>.<n>.<name>" of a process that no longer runs.
bool is_orphan_temp(const std::string& name) {
  auto pid = std::strtol(name.c_str() + temp_prefix.size(), nullptr, 10);
  return pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

std::string hex64(std::uint64_t v) {
  static const char digits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, v >>= 4) out[i] = digits[v & 0xf];
  return out;
}

}  // namespace

DiskStore::DiskStore(const std::filesystem::path& root, msg::ResourceKind kind, std::uint64_t max_bytes)
    : folder_(root / std::string(msg::to_string(kind))), kind_(kind), max_bytes_(max_bytes) {
  std::filesystem::create_directories(folder_);
  scan();
}

std::filesystem::path DiskStore::path_of(const std::string& key) const {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a: stable across runs and builds, unlike std::hash
  for (unsigned char c : key) hash = (hash ^ c) * 1099511628211ull;
  return folder_ / (hex64(hash) + std::string(entry_suffix));
}

void DiskStore::scan() {
  struct Found {
    std::string name;
    std::uint64_t bytes;
    std::filesystem::file_time_type written;
  };
  std::vector<Found> found;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec)) {
    auto name = it->path().filename().string();
    std::error_code stat_ec;
    if (name.starts_with(temp_prefix)) {
      if (is_orphan_temp(name)) std::filesystem::remove(it->path(), stat_ec);
      continue;
    }
    if (!name.ends_with(entry_suffix)) continue;
    auto bytes = it->file_size(stat_ec);
    auto written = it->last_write_time(stat_ec);
    if (!stat_ec) found.push_back({name, bytes, written});
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.written < b.written; });
  for (const auto& f : found) note(f.name, f.bytes);
  evict_except("");
}

void DiskStore::note(const std::string& file, std::uint64_t bytes) {
  if (auto it = slots_.find(file); it != slots_.end()) {
    bytes_ -= it->second.bytes;
    order_.erase(it->second.position);
  }
  order_.push_back(file);
  slots_[file] = {bytes, std::prev(order_.end())};
  bytes_ += bytes;
}

void DiskStore::forget(const std::string& file) {
  auto it = slots_.find(file);
  if (it == slots_.end()) return;
  bytes_ -= it->second.bytes;
  order_.erase(it->second.position);
  slots_.erase(it);
}

void DiskStore::discard_corrupt(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  forget(path.filename().string());
  ++corrupt_;
}

void DiskStore::evict_except(const std::string& keep) {
  auto it = order_.begin();
  while (bytes_ > max_bytes_ && it != order_.end()) {
    if (*it == keep) {
      ++it;
      continue;
    }
    std::error_code ec;
    std::filesystem::remove(folder_ / *it, ec);  // already gone when another instance removed it
    auto victim = *it++;
    forget(victim);
    ++evictions_;
  }
}

std::optional<DiskRecord> DiskStore::read(const std::string& key) { return load(key, false); }
std::optional<DiskRecord> DiskStore::read_any_age(const std::string& key) { return load(key, true); }

std::optional<DiskRecord> DiskStore::load(const std::string& key, bool any_age) {
  auto path = path_of(key);
  auto file = path.filename().string();
  auto data = read_file(path, l2_max_file_bytes());  // a bigger file is no entry: it fails decoding
  if (!data) {
    forget(file);
    return std::nullopt;
  }
  auto decoded = decode_l2_entry(*data, kind_, key);
  switch (decoded.verdict) {
    case L2Verdict::ok:
      break;
    case L2Verdict::other_key:  // another key with the same hash owns the file
      note(file, data->size());
      return std::nullopt;
    case L2Verdict::outdated: {
      std::error_code ec;
      std::filesystem::remove(path, ec);
      forget(file);
      return std::nullopt;
    }
    case L2Verdict::corrupt:
    case L2Verdict::other_kind:
      discard_corrupt(path);
      return std::nullopt;
  }
  auto& record = *decoded.record;
  note(file, data->size());
  if (!any_age && record.expires != 0 && record.expires <= unix_now()) return std::nullopt;
  return std::move(record);
}

std::optional<std::string> DiskStore::write(const std::string& key, const DiskRecord& record) {
  auto encoded = encode_l2_entry(kind_, key, record);
  if (!encoded.error.empty()) return "cannot store the entry for \"" + key + "\": " + encoded.error;
  auto& bytes = encoded.bytes;
  auto path = path_of(key);
  if (bytes.size() > max_bytes_)
    return "the entry for \"" + key + "\" takes " + std::to_string(bytes.size()) +
           " bytes, more than the whole L2 cap of " + folder_.string() + " (" + std::to_string(max_bytes_) +
           " bytes); raise the cache size limit";

  std::error_code ec;
  std::filesystem::create_directories(folder_, ec);  // someone may have removed the folder
  auto temp = folder_ / (std::string(temp_prefix) + std::to_string(::getpid()) + "." +
                         std::to_string(++temp_counter) + "." + path.filename().string());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return "cannot create " + temp.string() + ": " + errno_text() + "; check the cache folder's permissions";
  bool written = write_all(fd, bytes) && ::fsync(fd) == 0;
  std::string failure = written ? "" : errno_text();
  ::close(fd);
  if (written && ::rename(temp.c_str(), path.c_str()) != 0) {
    written = false;
    failure = errno_text();
  }
  if (!written) {
    std::filesystem::remove(temp, ec);
    return "cannot write the L2 cache file " + path.string() + ": " + failure + "; check free disk space";
  }
  fsync_folder(folder_);
  note(path.filename().string(), bytes.size());
  evict_except(path.filename().string());
  return std::nullopt;
}

bool DiskStore::remove(const std::string& key) {
  auto path = path_of(key);
  auto data = read_head(path);
  if (!data) return false;
  auto parsed = parse_l2_head(*data);
  if (parsed.verdict != L2Verdict::ok || parsed.head.key != key) return false;
  std::error_code ec;
  bool removed = std::filesystem::remove(path, ec);
  forget(path.filename().string());
  return removed;
}

std::size_t DiskStore::remove_if(const std::function<bool(const std::string& key)>& match) {
  std::vector<std::filesystem::path> files;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder_, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string().ends_with(entry_suffix)) files.push_back(it->path());
  std::size_t removed = 0;
  for (const auto& path : files) {
    auto data = read_head(path);
    if (!data) continue;  // vanished meanwhile
    auto parsed = parse_l2_head(*data);
    if (parsed.verdict == L2Verdict::corrupt) discard_corrupt(path);
    if (parsed.verdict != L2Verdict::ok || !match(parsed.head.key)) continue;
    std::error_code remove_ec;
    if (std::filesystem::remove(path, remove_ec)) ++removed;
    forget(path.filename().string());
  }
  return removed;
}

DiskStore::Stats DiskStore::stats() const { return {slots_.size(), bytes_, corrupt_, evictions_}; }

}  // namespace varlet::actors
