#include "actors/disk_store.hpp"

#include "actors/l2_format.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string_view>
#include <vector>

namespace varlet::actors {
namespace {

constexpr std::string_view entry_suffix = ".l2";
constexpr std::string_view temp_prefix = ".tmp.";

// Shared by every instance in the process, so two stores writing one key never pick one temp name.
std::atomic<std::uint64_t> temp_counter{0};

// What a person can do about a failed write, by its errno.
std::string advice(int error) {
  switch (error) {
    case ENOSPC:
    case EDQUOT: return "the disk holding the cache folder is full; free space there or lower [cache] l2-bytes";
    case EFBIG: return "the file is beyond the process's file size limit (ulimit -f) or the file system's";
    case EROFS: return "the cache folder is on a read-only file system";
    case EACCES:
    case EPERM: return "the server may not write the cache folder; check its owner and permissions";
    case ENOENT:
    case ENOTDIR: return "the cache folder vanished and cannot be made again";
    default: return "check the cache folder and its disk";
  }
}

DiskStore::WriteFailure failure(int error, const std::string& what) {
  const char* name = ::strerrorname_np(error);
  return {name ? name : "E" + std::to_string(error),
          what + ": " + std::strerror(error) + "; " + advice(error) + " (entries stay in memory meanwhile)"};
}

// Up to `limit` bytes of a file; nothing when it cannot be read (vanished, unreadable). A file
// larger than `refuse_above` reads as empty, without a byte of it read: it cannot be an entry.
std::optional<std::string> read_file(const std::filesystem::path& path, std::size_t limit,
                                     std::uint64_t refuse_above = UINT64_MAX) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::string> out;
  if (::fstat(fd, &st) == 0) {
    auto size = static_cast<std::uint64_t>(st.st_size) > refuse_above ? 0 : static_cast<std::size_t>(st.st_size);
    std::string data(std::min(limit, size), '\0');
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

DiskStore::DiskStore(const std::filesystem::path& root, std::uint64_t max_bytes) : root_(root), max_bytes_(max_bytes) {
  std::error_code ec;
  std::filesystem::create_directories(root_, ec);
  if (!std::filesystem::is_directory(root_))
    throw std::filesystem::filesystem_error("cannot make the cache folder", root_, ec);
  for (std::size_t k = 0; k < msg::resource_kind_count; ++k) {
    auto kind = static_cast<msg::ResourceKind>(k);
    std::filesystem::create_directories(folder(kind), ec);  // on a read-only disk, what is there still serves
    scan(kind);
  }
  evict_except("");
}

std::filesystem::path DiskStore::folder(msg::ResourceKind kind) const { return root_ / std::string(msg::to_string(kind)); }

std::string DiskStore::file_of(msg::ResourceKind kind, const std::string& key) const {
  std::uint64_t hash = 14695981039346656037ull;  // FNV-1a: stable across runs and builds, unlike std::hash
  for (unsigned char c : key) hash = (hash ^ c) * 1099511628211ull;
  return std::string(msg::to_string(kind)) + "/" + hex64(hash) + std::string(entry_suffix);
}

std::filesystem::path DiskStore::path_of(msg::ResourceKind kind, const std::string& key) const {
  return root_ / file_of(kind, key);
}

void DiskStore::scan(msg::ResourceKind kind) {
  struct Found {
    std::string file;
    std::uint64_t bytes;
    std::filesystem::file_time_type written;
  };
  std::vector<Found> found;
  std::error_code ec;
  auto prefix = std::string(msg::to_string(kind)) + "/";
  for (std::filesystem::directory_iterator it(folder(kind), ec), end; !ec && it != end; it.increment(ec)) {
    auto name = it->path().filename().string();
    std::error_code stat_ec;
    if (name.starts_with(temp_prefix)) {
      if (is_orphan_temp(name)) std::filesystem::remove(it->path(), stat_ec);
      continue;
    }
    if (!name.ends_with(entry_suffix)) continue;
    auto bytes = it->file_size(stat_ec);
    auto written = it->last_write_time(stat_ec);
    if (!stat_ec) found.push_back({prefix + name, bytes, written});
  }
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.written < b.written; });
  for (const auto& f : found) note(f.file, f.bytes);
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

// Removes a file and its index entry; on a read-only disk the file stays but is no longer counted.
void DiskStore::drop(const std::string& file) {
  std::error_code ec;
  std::filesystem::remove(root_ / file, ec);  // already gone when another process removed it
  forget(file);
}

void DiskStore::discard_corrupt(msg::ResourceKind kind, const std::string& file) {
  drop(file);
  ++counters_.corrupt[static_cast<std::size_t>(kind)];
}

void DiskStore::evict_except(const std::string& keep) {
  auto it = order_.begin();
  while (bytes_ > max_bytes_ && it != order_.end()) {
    if (*it == keep) {
      ++it;
      continue;
    }
    drop(*it++);
    ++counters_.evictions;
  }
}

std::optional<msg::DiskRecord> DiskStore::read(msg::ResourceKind kind, const std::string& key) {
  auto file = file_of(kind, key);
  auto data = read_file(root_ / file, SIZE_MAX, l2_max_file_bytes());
  if (!data) {
    forget(file);
    return std::nullopt;
  }
  auto decoded = decode_l2_entry(*data, kind, key);
  switch (decoded.verdict) {
    case L2Verdict::ok:
      note(file, data->size());
      return std::move(decoded.record);
    case L2Verdict::other_key:  // another key with the same hash owns the file
      note(file, data->size());
      return std::nullopt;
    case L2Verdict::outdated:
      drop(file);
      return std::nullopt;
    case L2Verdict::corrupt:
    case L2Verdict::other_kind:
      discard_corrupt(kind, file);
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<DiskStore::WriteFailure> DiskStore::write(msg::ResourceKind kind, const std::string& key,
                                                        const msg::DiskRecord& record) {
  auto encoded = encode_l2_entry(kind, key, record);
  if (!encoded.error.empty()) return WriteFailure{"too-large", "cannot store the entry for \"" + key + "\": " + encoded.error};
  const auto& bytes = encoded.bytes;
  if (bytes.size() > max_bytes_)
    return WriteFailure{"too-large", "the entry for \"" + key + "\" takes " + std::to_string(bytes.size()) +
                                         " bytes, more than the whole L2 cap of " + root_.string() + " (" +
                                         std::to_string(max_bytes_) + " bytes); raise [cache] l2-bytes"};
  auto file = file_of(kind, key);
  auto path = root_ / file;
  auto dir = folder(kind);
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);  // someone may have removed the folder
  auto temp = dir / (std::string(temp_prefix) + std::to_string(::getpid()) + "." + std::to_string(++temp_counter) +
                     "." + path.filename().string());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return failure(errno, "cannot create " + temp.string());
  int error = write_all(fd, bytes) && ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  if (!error && ::rename(temp.c_str(), path.c_str()) != 0) error = errno;
  if (error) {
    std::filesystem::remove(temp, ec);
    return failure(error, "cannot write the L2 cache file " + path.string());
  }
  fsync_folder(dir);
  note(file, bytes.size());
  evict_except(file);
  return std::nullopt;
}

bool DiskStore::contains(msg::ResourceKind kind, const std::string& key) const {
  return slots_.count(file_of(kind, key)) > 0;
}

bool DiskStore::remove(msg::ResourceKind kind, const std::string& key) {
  auto file = file_of(kind, key);
  auto data = read_head(root_ / file);
  if (!data) return false;
  auto parsed = parse_l2_head(*data);
  if (parsed.verdict != L2Verdict::ok || parsed.head.key != key) return false;
  std::error_code ec;
  bool removed = std::filesystem::remove(root_ / file, ec);
  forget(file);
  return removed;
}

std::vector<std::string> DiskStore::remove_if(msg::ResourceKind kind,
                                              const std::function<bool(const std::string& key)>& match) {
  std::vector<std::string> files;
  std::error_code ec;
  auto prefix = std::string(msg::to_string(kind)) + "/";
  for (std::filesystem::directory_iterator it(folder(kind), ec), end; !ec && it != end; it.increment(ec))
    if (auto name = it->path().filename().string(); name.ends_with(entry_suffix)) files.push_back(prefix + name);
  std::vector<std::string> removed;
  for (const auto& file : files) {
    auto data = read_head(root_ / file);
    if (!data) continue;  // vanished meanwhile
    auto parsed = parse_l2_head(*data);
    if (parsed.verdict == L2Verdict::corrupt) discard_corrupt(kind, file);
    if (parsed.verdict != L2Verdict::ok || !match(parsed.head.key)) continue;
    std::error_code remove_ec;
    if (std::filesystem::remove(root_ / file, remove_ec)) removed.push_back(std::move(parsed.head.key));
    forget(file);
  }
  return removed;
}

DiskStore::Stats DiskStore::stats() const {
  auto s = counters_;
  s.entries = slots_.size();
  s.bytes = bytes_;
  s.max_bytes = max_bytes_;
  return s;
}

}  // namespace varlet::actors
