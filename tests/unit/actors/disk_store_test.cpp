#include "actors/disk_store.hpp"

#include "actors/l2_format.hpp"
#include "allocation_probe.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

using namespace varlet::actors;
using varlet::msg::DiskRecord;
using varlet::msg::ResourceKind;
namespace fs = std::filesystem;

namespace {

constexpr auto files = ResourceKind::package_file;
constexpr auto docs = ResourceKind::docs_file;

std::int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

DiskRecord record(std::string payload, std::int64_t expires = 0, std::string etag = "") {
  DiskRecord r;
  r.entry.bytes = std::make_shared<const std::string>(std::move(payload));
  r.entry.created = now();
  r.entry.etag = std::move(etag);
  r.expires = expires;
  return r;
}

// Text that compresses well, like the JSON and .d.ts files the cache holds.
std::string document(const std::string& seed, std::size_t lines = 200) {
  std::string out;
  for (std::size_t i = 0; i < lines; ++i)
    out.append(seed).append(" line ").append(std::to_string(i)).append(": export interface Props {}\n");
  return out;
}

// Bytes that do not compress: their file is about as large as they are.
std::string noise(std::size_t size, unsigned seed) {
  std::string out(size, '\0');
  for (auto& c : out) c = static_cast<char>((seed = seed * 1103515245u + 12345u) >> 16);
  return out;
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void overwrite(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

std::uint64_t bytes_on_disk(const fs::path& root) {
  std::uint64_t total = 0;
  for (auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file() && e.path().extension() == ".l2") total += e.file_size();
  return total;
}

class DiskStoreTest : public ::testing::Test {
protected:
  void SetUp() override {
    root = fs::temp_directory_path() /
           ("varlet-l2-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root);
  }
  void TearDown() override { fs::remove_all(root); }

  std::string payload_of(DiskStore& store, ResourceKind kind, const std::string& key) {
    auto r = store.read(kind, key);
    return r && r->entry.bytes ? *r->entry.bytes : "<miss>";
  }

  fs::path root;
};

}  // namespace

TEST_F(DiskStoreTest, RoundTripIsCompressedAndVisibleToAnotherInstance) {
  DiskStore store(root, 1 << 20);
  const std::string key = "@varlet/ui@3.20.6/types/button.d.ts";
  auto doc = document("button");
  auto written = record(doc, 0, "\"etag-1\"");
  ASSERT_FALSE(store.write(files, key, written));

  auto read = store.read(files, key);
  ASSERT_TRUE(read);
  EXPECT_EQ(*read->entry.bytes, doc);
  EXPECT_EQ(read->entry.etag, "\"etag-1\"");
  EXPECT_EQ(read->entry.created, written.entry.created);
  EXPECT_EQ(read->expires, 0);
  EXPECT_FALSE(read->entry.absent);
  EXPECT_EQ(store.path_of(files, key).parent_path(), root / "package_file");
  EXPECT_LT(fs::file_size(store.path_of(files, key)), doc.size() / 4);
  EXPECT_FALSE(store.read(files, "@varlet/ui@3.20.6/types/card.d.ts"));
  EXPECT_FALSE(store.read(docs, key));  // the same key of another kind is another entry
  EXPECT_TRUE(store.contains(files, key));

  DiskRecord absent;
  absent.entry.absent = true;
  ASSERT_FALSE(store.write(files, "@varlet/ui@3.20.6/types/nope.d.ts", absent));

  DiskStore other(root, 1 << 20);
  EXPECT_EQ(payload_of(other, files, key), doc);
  auto remembered = other.read(files, "@varlet/ui@3.20.6/types/nope.d.ts");
  ASSERT_TRUE(remembered);
  EXPECT_TRUE(remembered->entry.absent);
  EXPECT_EQ(other.stats().entries, 2u);
}

TEST_F(DiskStoreTest, ConcurrentWritersOfOneKeyNeverExposeAPartialFile) {
  const std::string key = "3.20.6/en-US";
  std::set<std::string> valid;
  std::vector<std::string> by_writer[2];
  for (int w = 0; w < 2; ++w)
    for (int i = 0; i < 40; ++i) {
      by_writer[w].push_back(document("writer " + std::to_string(w) + " version " + std::to_string(i), 400 + i));
      valid.insert(by_writer[w].back());
    }

  std::atomic<bool> done{false};
  std::atomic<int> write_errors{0};
  auto writer = [&](int w) {
    DiskStore store(root, 64 << 20);  // as another process on the same folder would
    for (const auto& doc : by_writer[w])
      if (store.write(ResourceKind::catalog, key, record(doc))) ++write_errors;
  };
  std::uint64_t reads = 0, invalid = 0, reader_corrupt = 0;
  std::thread reader([&] {
    DiskStore store(root, 64 << 20);
    while (!done) {
      if (auto r = store.read(ResourceKind::catalog, key)) {
        ++reads;
        if (!valid.count(*r->entry.bytes)) ++invalid;
      }
    }
    reader_corrupt = store.stats().corrupt[static_cast<std::size_t>(ResourceKind::catalog)];
  });
  std::thread a(writer, 0), b(writer, 1);
  a.join();
  b.join();
  done = true;
  reader.join();

  EXPECT_EQ(write_errors, 0);
  EXPECT_EQ(invalid, 0u);
  EXPECT_EQ(reader_corrupt, 0u);
  DiskStore after(root, 64 << 20);
  auto last = payload_of(after, ResourceKind::catalog, key);
  EXPECT_TRUE(last == by_writer[0].back() || last == by_writer[1].back());
  std::size_t count = 0;
  for (const auto& e : fs::directory_iterator(root / "catalog")) {
    ++count;
    EXPECT_FALSE(e.path().filename().string().starts_with(".tmp")) << e.path();
  }
  EXPECT_EQ(count, 1u);
  std::cout << "reads during the writes: " << reads << "\n";
}

TEST_F(DiskStoreTest, TruncatedFilesAreCountedRemovedAndMissed) {
  DiskStore store(root, 1 << 20);
  const std::vector<std::string> keys = {"varletjs/varlet@v3.20.6/a.md", "varletjs/varlet@v3.20.6/b.md",
                                         "varletjs/varlet@v3.20.6/c.md"};
  for (const auto& key : keys) ASSERT_FALSE(store.write(docs, key, record(document(key))));
  auto full = file_bytes(store.path_of(docs, keys[0])).size();
  fs::resize_file(store.path_of(docs, keys[0]), full - 1);  // one byte short of the payload
  fs::resize_file(store.path_of(docs, keys[1]), 20);         // inside the header
  fs::resize_file(store.path_of(docs, keys[2]), 0);

  for (const auto& key : keys) {
    EXPECT_FALSE(store.read(docs, key)) << key;
    EXPECT_FALSE(fs::exists(store.path_of(docs, key))) << key;
  }
  EXPECT_EQ(store.stats().corrupt[static_cast<std::size_t>(docs)], 3u);
  EXPECT_EQ(store.stats().entries, 0u);
  EXPECT_EQ(store.stats().bytes, 0u);
  ASSERT_FALSE(store.write(docs, keys[0], record("refetched")));
  EXPECT_EQ(payload_of(store, docs, keys[0]), "refetched");
}

TEST_F(DiskStoreTest, FlippedBytesAnywhereAreDetected) {
  DiskStore store(root, 1 << 20);
  constexpr auto rendered = ResourceKind::rendered;
  const std::string key = "get_component\n3.20.6\nen-US\n{\"name\":\"button\"}";
  ASSERT_FALSE(store.write(rendered, key, record(document("button"), now() + 3600, "W/\"x\"")));
  const auto pristine = file_bytes(store.path_of(rendered, key));
  // Offsets in the format version, kind, created, expires, lengths, checksums, key, etag and payload.
  std::vector<std::size_t> offsets = {9, 12, 17, 25, 33, 41, 49, 57, 61, 64 + 3, 64 + key.size() + 1,
                                      pristine.size() / 2, pristine.size() - 1};
  for (auto offset : offsets) {
    auto damaged = pristine;
    damaged[offset] = static_cast<char>(damaged[offset] ^ 0x20);
    overwrite(store.path_of(rendered, key), damaged);
    EXPECT_FALSE(store.read(rendered, key)) << "byte " << offset;
  }
  // A flipped format version is "outdated", not corrupt.
  EXPECT_GE(store.stats().corrupt[static_cast<std::size_t>(rendered)], offsets.size() - 1);
  overwrite(store.path_of(rendered, key), pristine);
  EXPECT_TRUE(store.read(rendered, key));
}

TEST_F(DiskStoreTest, WrongMagicIsCorrupt) {
  DiskStore store(root, 1 << 20);
  ASSERT_FALSE(store.write(files, "k", record("value")));
  auto bytes = file_bytes(store.path_of(files, "k"));
  bytes.replace(0, 8, "GARBAGE!");
  overwrite(store.path_of(files, "k"), bytes);
  EXPECT_FALSE(store.read(files, "k"));
  EXPECT_EQ(store.stats().corrupt[0], 1u);
  overwrite(store.path_of(files, "k"), "{\"not\":\"a cache file\"}");
  EXPECT_FALSE(store.read(files, "k"));
  EXPECT_EQ(store.stats().corrupt[0], 2u);
}

TEST_F(DiskStoreTest, AHugeFileIsCorruptWithoutBeingRead) {
  DiskStore store(root, 1 << 20);
  ASSERT_FALSE(store.write(files, "k", record("value")));
  fs::resize_file(store.path_of(files, "k"), l2_max_file_bytes() + 1);  // sparse: no disk space taken
  std::optional<DiskRecord> read;
  auto largest = varlet::testing::largest_allocation_of([&] { read = store.read(files, "k"); });
  EXPECT_FALSE(read);
  EXPECT_LT(largest, 1u << 20) << "the store read a file larger than any entry";
  EXPECT_EQ(store.stats().corrupt[0], 1u);
  EXPECT_FALSE(fs::exists(store.path_of(files, "k")));
}

TEST_F(DiskStoreTest, AFileOfAnotherKeyIsAMissNotCorruption) {
  DiskStore store(root, 1 << 20);
  ASSERT_FALSE(store.write(files, "first", record("first value")));
  fs::copy_file(store.path_of(files, "first"), store.path_of(files, "second"));  // as if both keys hashed alike
  EXPECT_FALSE(store.read(files, "second"));
  EXPECT_EQ(store.stats().corrupt[0], 0u);
  EXPECT_TRUE(fs::exists(store.path_of(files, "second")));
  EXPECT_FALSE(store.remove(files, "second"));
  EXPECT_EQ(payload_of(store, files, "first"), "first value");
}

TEST_F(DiskStoreTest, AFileOfAnotherKindIsNotServed) {
  DiskStore store(root, 1 << 20);
  ASSERT_FALSE(store.write(docs, "same/key", record("docs")));
  fs::copy_file(store.path_of(docs, "same/key"), store.path_of(files, "same/key"));
  EXPECT_FALSE(store.read(files, "same/key"));
  EXPECT_EQ(store.stats().corrupt[static_cast<std::size_t>(files)], 1u);
  EXPECT_EQ(payload_of(store, docs, "same/key"), "docs");
}

TEST_F(DiskStoreTest, SizeCapEvictsTheLeastRecentlyUsed) {
  auto entry_size = [&] {
    DiskStore probe(root / "probe", 1 << 20);
    EXPECT_FALSE(probe.write(files, "k1", record(std::string(1000, 'a') + "1")));
    return fs::file_size(probe.path_of(files, "k1"));
  }();
  DiskStore store(root / "cache", entry_size * 3 + entry_size / 2);
  for (auto key : {"k1", "k2", "k3"}) ASSERT_FALSE(store.write(files, key, record(std::string(1000, 'a') + key[1])));
  ASSERT_TRUE(store.read(files, "k1"));  // k2 is now the least recently used
  ASSERT_FALSE(store.write(files, "k4", record(std::string(1000, 'a') + "4")));

  EXPECT_FALSE(fs::exists(store.path_of(files, "k2")));
  EXPECT_FALSE(store.read(files, "k2"));
  for (auto key : {"k1", "k3", "k4"}) EXPECT_TRUE(store.read(files, key)) << key;
  auto stats = store.stats();
  EXPECT_EQ(stats.evictions, 1u);
  EXPECT_EQ(stats.entries, 3u);
  EXPECT_LE(stats.bytes, entry_size * 3 + entry_size / 2);

  auto refused = store.write(files, "noise", record(noise(entry_size * 8, 7)));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->reason, "too-large");
  EXPECT_NE(refused->message.find("more than the whole L2 cap"), std::string::npos) << refused->message;
  EXPECT_EQ(store.stats().entries, 3u);
}

TEST_F(DiskStoreTest, OneCapHoldsForTheWholeFolderAcrossKinds) {
  // Entries of every kind, each about 10 KB on disk, into a folder capped at 50 KB: whatever the
  // kind, the oldest go first, and the files of all kinds together stay under the cap.
  constexpr std::uint64_t cap = 50 * 1000;
  DiskStore store(root, cap);
  std::vector<std::pair<ResourceKind, std::string>> written;
  for (int i = 0; i < 20; ++i) {
    auto kind = static_cast<ResourceKind>(i % varlet::msg::resource_kind_count);
    auto key = "key " + std::to_string(i);
    ASSERT_FALSE(store.write(kind, key, record(noise(10 * 1000, i))));
    written.emplace_back(kind, key);
    EXPECT_LE(bytes_on_disk(root), cap) << "after " << i + 1 << " writes";
  }
  EXPECT_EQ(store.stats().entries, 4u);
  EXPECT_EQ(store.stats().bytes, bytes_on_disk(root));
  EXPECT_EQ(store.stats().evictions, 16u);
  for (std::size_t i = 0; i < written.size(); ++i)
    EXPECT_EQ(store.read(written[i].first, written[i].second).has_value(), i >= 16) << written[i].second;

  // A reopened store over a folder beyond a smaller cap trims it at once, oldest first.
  DiskStore smaller(root, cap / 2);
  EXPECT_LE(bytes_on_disk(root), cap / 2);
  EXPECT_EQ(smaller.stats().entries, 2u);
  EXPECT_TRUE(smaller.read(written.back().first, written.back().second));
}

TEST_F(DiskStoreTest, ReopeningRebuildsTheIndexAndDropsOrphanTempFiles) {
  auto name = [](int i) { return std::string("doc").append(std::to_string(i)); };
  std::uint64_t bytes = 0;
  {
    DiskStore store(root, 1 << 20);
    for (int i = 0; i < 5; ++i) ASSERT_FALSE(store.write(docs, name(i), record(document(name(i)))));
    bytes = store.stats().bytes;
  }
  // Oldest written first: doc0 .. doc4.
  auto base = fs::file_time_type::clock::now() - std::chrono::hours(1);
  DiskStore namer(root, 1 << 20);
  for (int i = 0; i < 5; ++i) fs::last_write_time(namer.path_of(docs, name(i)), base + std::chrono::minutes(i));

  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);  // a pid that no longer runs
  auto orphan = root / "docs_file" / (".tmp." + std::to_string(child) + ".1.0123456789abcdef.l2");
  auto live = root / "docs_file" / (".tmp." + std::to_string(::getpid()) + ".99.0123456789abcdef.l2");
  overwrite(orphan, "half a file");
  overwrite(live, "being written");

  DiskStore reopened(root, 1 << 20);
  EXPECT_EQ(reopened.stats().entries, 5u);
  EXPECT_EQ(reopened.stats().bytes, bytes);
  EXPECT_FALSE(fs::exists(orphan));
  EXPECT_TRUE(fs::exists(live));

  DiskStore smaller(root, bytes - 1);  // must drop the oldest one
  EXPECT_EQ(smaller.stats().entries, 4u);
  EXPECT_EQ(smaller.stats().evictions, 1u);
  EXPECT_FALSE(fs::exists(smaller.path_of(docs, "doc0")));
  EXPECT_TRUE(smaller.read(docs, "doc4"));
}

TEST_F(DiskStoreTest, ExpiredEntriesAreReadWithTheirExpiry) {
  DiskStore store(root, 1 << 20);
  constexpr auto version = ResourceKind::version;
  ASSERT_FALSE(store.write(version, "latest", record("3.20.5", now() - 10)));
  auto stale = store.read(version, "latest");
  ASSERT_TRUE(stale);  // the shard decides: expired, but served when a reload fails
  EXPECT_EQ(*stale->entry.bytes, "3.20.5");
  EXPECT_LE(stale->expires, now());
  EXPECT_TRUE(fs::exists(store.path_of(version, "latest")));
}

TEST_F(DiskStoreTest, RemoveByKeyAndByPredicate) {
  DiskStore store(root, 1 << 20);
  constexpr auto rendered = ResourceKind::rendered;
  for (auto key :
       {"list\n3.20.6\nen-US\n{}", "list\n3.20.5\nen-US\n{}", "get\n3.20.6\nzh-CN\n{}", "get\n3.0.0\nen-US\n{}"})
    ASSERT_FALSE(store.write(rendered, key, record(key)));
  ASSERT_FALSE(store.write(files, "list\n3.20.6\nen-US\n{}", record("another kind")));
  EXPECT_TRUE(store.remove(rendered, "get\n3.0.0\nen-US\n{}"));
  EXPECT_FALSE(store.remove(rendered, "get\n3.0.0\nen-US\n{}"));
  EXPECT_FALSE(store.read(rendered, "get\n3.0.0\nen-US\n{}"));

  auto removed =
      store.remove_if(rendered, [](const std::string& key) { return key.find("\n3.20.6\n") != std::string::npos; });
  EXPECT_EQ(std::set<std::string>(removed.begin(), removed.end()),
            (std::set<std::string>{"list\n3.20.6\nen-US\n{}", "get\n3.20.6\nzh-CN\n{}"}));
  EXPECT_FALSE(store.read(rendered, "list\n3.20.6\nen-US\n{}"));
  EXPECT_TRUE(store.read(rendered, "list\n3.20.5\nen-US\n{}"));
  EXPECT_EQ(payload_of(store, files, "list\n3.20.6\nen-US\n{}"), "another kind");
  EXPECT_EQ(store.stats().entries, 2u);
}

TEST_F(DiskStoreTest, FilesVanishingUnderTheStoreAreMisses) {
  DiskStore store(root, 1 << 20);
  ASSERT_FALSE(store.write(files, "gone", record("soon")));
  fs::remove(store.path_of(files, "gone"));
  EXPECT_FALSE(store.read(files, "gone"));
  EXPECT_EQ(store.stats().entries, 0u);
  EXPECT_EQ(store.stats().corrupt[0], 0u);
  fs::remove_all(root);  // even the folder
  EXPECT_FALSE(store.write(files, "back", record("again")));
  EXPECT_EQ(payload_of(store, files, "back"), "again");
}

TEST_F(DiskStoreTest, AWriteBeyondTheFileSizeLimitFailsWithItsReason) {
  // In a child: the limit and the ignored SIGXFSZ (as runtime/signals.cpp sets) are process-wide.
  DiskStore store(root, 64 << 20);
  ASSERT_FALSE(store.write(files, "small", record("fits")));
  pid_t child = ::fork();
  if (child == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{4096, 4096};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    auto failure = store.write(files, "big", record(noise(64 * 1024, 3)));
    bool named = failure && failure->reason == "EFBIG" && failure->message.find("ulimit -f") != std::string::npos;
    bool kept = !store.write(files, "small too", record("fits")) && store.read(files, "small");
    ::_exit(named && kept ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died of signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
  for (auto& e : fs::directory_iterator(root / "package_file"))
    EXPECT_FALSE(e.path().filename().string().starts_with(".tmp")) << "a failed write left " << e.path();
}
