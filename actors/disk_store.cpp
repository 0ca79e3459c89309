#include "actors/disk_store.hpp"

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

// File layout, little endian:
//   0 magic[8] | 8 u32 format | 12 u8 kind | 13 u8 flags | 14 u16 zero | 16 i64 created | 24 i64 expires
//   32 u32 key length | 36 u32 etag length | 40 u64 payload length | 48 u64 compressed length
//   56 u32 crc32 of the payload | 60 u32 crc32 of bytes 0..59, key and etag | 64 key | etag | compressed payload
constexpr std::string_view magic{"VARLETL2", 8};
constexpr std::uint32_t format_version = 1;
constexpr std::size_t header_size = 64;
constexpr std::uint8_t flag_absent = 1;
constexpr std::string_view entry_suffix = ".l2";
constexpr std::string_view temp_prefix = ".tmp.";

// Shared by every instance in the process, so two stores writing one key never pick one temp name.
std::atomic<std::uint64_t> temp_counter{0};

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

template <typename T>
void put(std::string& out, T value) {
  for (std::size_t i = 0; i < sizeof(T); ++i)
    out.push_back(static_cast<char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xff));
}

template <typename T>
T get(std::string_view in, std::size_t offset) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i)
    value |= static_cast<std::uint64_t>(static_cast<unsigned char>(in[offset + i])) << (8 * i);
  return static_cast<T>(value);
}

std::uint32_t crc(std::uint32_t seed, std::string_view bytes) {
  return static_cast<std::uint32_t>(
      ::crc32(seed, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

std::string errno_text() { return std::strerror(errno); }

std::optional<std::string> compress(std::string_view payload) {
  uLongf size = ::compressBound(payload.size());
  std::string out(size, '\0');
  if (::compress2(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(payload.data()),
                  payload.size(), Z_DEFAULT_COMPRESSION) != Z_OK)
    return std::nullopt;
  out.resize(size);
  return out;
}

std::string encode(msg::ResourceKind kind, const std::string& key, const DiskRecord& record,
                   const std::string& compressed) {
  const auto& payload = record.entry.bytes ? *record.entry.bytes : std::string();
  std::string out;
  out.reserve(header_size + key.size() + record.etag.size() + compressed.size());
  out.append(magic);
  put<std::uint32_t>(out, format_version);
  put<std::uint8_t>(out, static_cast<std::uint8_t>(kind));
  put<std::uint8_t>(out, record.entry.absent ? flag_absent : 0);
  put<std::uint16_t>(out, 0);
  put<std::int64_t>(out, record.entry.created);
  put<std::int64_t>(out, record.expires);
  put<std::uint32_t>(out, static_cast<std::uint32_t>(key.size()));
  put<std::uint32_t>(out, static_cast<std::uint32_t>(record.etag.size()));
  put<std::uint64_t>(out, payload.size());
  put<std::uint64_t>(out, compressed.size());
  put<std::uint32_t>(out, crc(0, payload));
  put<std::uint32_t>(out, crc(crc(crc(0, out), key), record.etag));
  out.append(key).append(record.etag).append(compressed);
  return out;
}

enum class Verdict { ok, corrupt, outdated, other_key, other_kind };

struct Header {
  std::uint8_t kind = 0, flags = 0;
  std::int64_t created = 0, expires = 0;
  std::uint64_t payload_size = 0, compressed_size = 0;
  std::uint32_t payload_crc = 0;
  std::string key, etag;
  std::size_t body_offset = 0;
};

// Checks the header, key and etag in the first bytes of a file.
Verdict parse_header(std::string_view file, Header& h) {
  if (file.size() < header_size || file.substr(0, magic.size()) != magic) return Verdict::corrupt;
  if (get<std::uint32_t>(file, 8) != format_version) return Verdict::outdated;
  auto key_size = get<std::uint32_t>(file, 32), etag_size = get<std::uint32_t>(file, 36);
  if (file.size() - header_size < std::uint64_t{key_size} + etag_size) return Verdict::corrupt;
  h.key = file.substr(header_size, key_size);
  h.etag = file.substr(header_size + key_size, etag_size);
  if (crc(crc(crc(0, file.substr(0, 60)), h.key), h.etag) != get<std::uint32_t>(file, 60)) return Verdict::corrupt;
  h.kind = get<std::uint8_t>(file, 12);
  h.flags = get<std::uint8_t>(file, 13);
  h.created = get<std::int64_t>(file, 16);
  h.expires = get<std::int64_t>(file, 24);
  h.payload_size = get<std::uint64_t>(file, 40);
  h.compressed_size = get<std::uint64_t>(file, 48);
  h.payload_crc = get<std::uint32_t>(file, 56);
  h.body_offset = header_size + key_size + etag_size;
  return Verdict::ok;
}

Verdict decode(std::string_view file, msg::ResourceKind kind, const std::string& key, DiskRecord& record) {
  Header h;
  if (auto v = parse_header(file, h); v != Verdict::ok) return v;
  if (h.kind != static_cast<std::uint8_t>(kind)) return Verdict::other_kind;
  if (h.key != key) return Verdict::other_key;
  if (file.size() - h.body_offset != h.compressed_size) return Verdict::corrupt;  // truncated or grown
  auto payload = std::make_shared<std::string>(h.payload_size, '\0');
  uLongf size = h.payload_size;
  auto status = ::uncompress(reinterpret_cast<Bytef*>(payload->data()), &size,
                             reinterpret_cast<const Bytef*>(file.data() + h.body_offset), h.compressed_size);
  if (status != Z_OK || size != h.payload_size || crc(0, *payload) != h.payload_crc) return Verdict::corrupt;
  record.entry.bytes = std::move(payload);
  record.entry.absent = (h.flags & flag_absent) != 0;
  record.entry.created = h.created;
  record.expires = h.expires;
  record.etag = std::move(h.etag);
  return Verdict::ok;
}

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
  auto head = read_file(path, header_size);
  if (!head || head->size() < header_size) return head;
  return read_file(path, header_size + std::uint64_t{get<std::uint32_t>(*head, 32)} + get<std::uint32_t>(*head, 36));
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
  auto data = read_file(path);
  if (!data) {
    forget(file);
    return std::nullopt;
  }
  DiskRecord record;
  switch (decode(*data, kind_, key, record)) {
    case Verdict::ok:
      break;
    case Verdict::other_key:  // another key with the same hash owns the file
      note(file, data->size());
      return std::nullopt;
    case Verdict::outdated: {
      std::error_code ec;
      std::filesystem::remove(path, ec);
      forget(file);
      return std::nullopt;
    }
    case Verdict::corrupt:
    case Verdict::other_kind:
      discard_corrupt(path);
      return std::nullopt;
  }
  note(file, data->size());
  if (!any_age && record.expires != 0 && record.expires <= unix_now()) return std::nullopt;
  return record;
}

std::optional<std::string> DiskStore::write(const std::string& key, const DiskRecord& record) {
  auto compressed = compress(record.entry.bytes ? *record.entry.bytes : std::string());
  if (!compressed) return "cannot compress the entry for \"" + key + "\" (zlib failed)";
  auto bytes = encode(kind_, key, record, *compressed);
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
  Header h;
  if (!data || parse_header(*data, h) != Verdict::ok || h.key != key) return false;
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
    Header h;
    auto verdict = parse_header(*data, h);
    if (verdict == Verdict::corrupt) discard_corrupt(path);
    if (verdict != Verdict::ok || !match(h.key)) continue;
    std::error_code remove_ec;
    if (std::filesystem::remove(path, remove_ec)) ++removed;
    forget(path.filename().string());
  }
  return removed;
}

DiskStore::Stats DiskStore::stats() const { return {slots_.size(), bytes_, corrupt_, evictions_}; }

}  // namespace varlet::actors
