#include "actors/disk_store.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <set>
#include <thread>

using namespace varlet::actors;
using varlet::msg::ResourceKind;
namespace fs = std::filesystem;

namespace {

std::int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

DiskRecord record(std::string payload, std::int64_t expires = 0, std::string etag = "") {
  DiskRecord r;
  r.entry.bytes = std::make_shared<const std::string>(std::move(payload));
  r.entry.created = now();
  r.expires = expires;
  r.entry.etag = std::move(etag);
  return r;
}

// Text that compresses well, like the JSON and .d.ts files the cache holds.
std::string document(const std::string& seed, std::size_t lines = 200) {
  std::string out;
  for (std::size_t i = 0; i < lines; ++i)
    out.append(seed).append(" line ").append(std::to_string(i)).append(": export interface Props {}\n");
  return out;
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void overwrite(const fs::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
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

  std::string payload_of(DiskStore& store, const std::string& key) {
    auto r = store.read(key);
    return r && r->entry.bytes ? *r->entry.bytes : "<miss>";
  }

  fs::path root;
};

}  // namespace

TEST_F(DiskStoreTest, RoundTripIsCompressedAndVisibleToAnotherInstance) {
  DiskStore store(root, ResourceKind::package_file, 1 << 20);
  auto doc = document("button");
  auto written = record(doc, 0, "\"etag-1\"");
  ASSERT_FALSE(store.write("@varlet/ui@3.20.6/types/button.d.ts", written));

  auto read = store.read("@varlet/ui@3.20.6/types/button.d.ts");
  ASSERT_TRUE(read);
  EXPECT_EQ(*read->entry.bytes, doc);
  EXPECT_EQ(read->entry.etag, "\"etag-1\"");
  EXPECT_EQ(read->entry.created, written.entry.created);
  EXPECT_EQ(read->expires, 0);
  EXPECT_FALSE(read->entry.absent);
  EXPECT_EQ(store.path_of("@varlet/ui@3.20.6/types/button.d.ts").parent_path(), root / "package_file");
  EXPECT_LT(fs::file_size(store.path_of("@varlet/ui@3.20.6/types/button.d.ts")), doc.size() / 4);
  EXPECT_FALSE(store.read("@varlet/ui@3.20.6/types/card.d.ts"));

  DiskRecord absent;
  absent.entry.absent = true;
  ASSERT_FALSE(store.write("@varlet/ui@3.20.6/types/nope.d.ts", absent));

  DiskStore other(root, ResourceKind::package_file, 1 << 20);
  EXPECT_EQ(payload_of(other, "@varlet/ui@3.20.6/types/button.d.ts"), doc);
  auto remembered = other.read("@varlet/ui@3.20.6/types/nope.d.ts");
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
    DiskStore store(root, ResourceKind::catalog, 64 << 20);
    for (const auto& doc : by_writer[w])
      if (store.write(key, record(doc))) ++write_errors;
  };
  std::uint64_t reads = 0, invalid = 0, reader_corrupt = 0;
  std::thread reader([&] {
    DiskStore store(root, ResourceKind::catalog, 64 << 20);
    while (!done) {
      if (auto r = store.read(key)) {
        ++reads;
        if (!valid.count(*r->entry.bytes)) ++invalid;
      }
    }
    reader_corrupt = store.stats().corrupt;
  });
  std::thread a(writer, 0), b(writer, 1);
  a.join();
  b.join();
  done = true;
  reader.join();

  EXPECT_EQ(write_errors, 0);
  EXPECT_EQ(invalid, 0u);
  EXPECT_EQ(reader_corrupt, 0u);
  DiskStore after(root, ResourceKind::catalog, 64 << 20);
  auto last = payload_of(after, key);
  EXPECT_TRUE(last == by_writer[0].back() || last == by_writer[1].back());
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(root / "catalog")) {
    ++files;
    EXPECT_FALSE(e.path().filename().string().starts_with(".tmp")) << e.path();
  }
  EXPECT_EQ(files, 1u);
  std::cout << "reads during the writes: " << reads << "\n";
}

TEST_F(DiskStoreTest, TruncatedFilesAreCountedRemovedAndMissed) {
  DiskStore store(root, ResourceKind::docs_file, 1 << 20);
  const std::vector<std::string> keys = {"varletjs/varlet@v3.20.6/a.md", "varletjs/varlet@v3.20.6/b.md",
                                         "varletjs/varlet@v3.20.6/c.md"};
  for (const auto& key : keys) ASSERT_FALSE(store.write(key, record(document(key))));
  auto full = file_bytes(store.path_of(keys[0])).size();
  fs::resize_file(store.path_of(keys[0]), full - 1);  // one byte short of the payload
  fs::resize_file(store.path_of(keys[1]), 20);         // inside the header
  fs::resize_file(store.path_of(keys[2]), 0);

  for (const auto& key : keys) {
    EXPECT_FALSE(store.read(key)) << key;
    EXPECT_FALSE(fs::exists(store.path_of(key))) << key;
  }
  EXPECT_EQ(store.stats().corrupt, 3u);
  EXPECT_EQ(store.stats().entries, 0u);
  EXPECT_EQ(store.stats().bytes, 0u);
  ASSERT_FALSE(store.write(keys[0], record("refetched")));
  EXPECT_EQ(payload_of(store, keys[0]), "refetched");
}

TEST_F(DiskStoreTest, FlippedBytesAnywhereAreDetected) {
  DiskStore store(root, ResourceKind::rendered, 1 << 20);
  const std::string key = "get_component\n3.20.6\nen-US\n{\"name\":\"button\"}";
  ASSERT_FALSE(store.write(key, record(document("button"), now() + 3600, "W/\"x\"")));
  const auto pristine = file_bytes(store.path_of(key));
  // Offsets in the format version, kind, created, expires, lengths, checksums, key, etag and payload.
  std::vector<std::size_t> offsets = {9, 12, 17, 25, 33, 41, 49, 57, 61, 64 + 3, 64 + key.size() + 1,
                                      pristine.size() / 2, pristine.size() - 1};
  for (auto offset : offsets) {
    auto damaged = pristine;
    damaged[offset] = static_cast<char>(damaged[offset] ^ 0x20);
    overwrite(store.path_of(key), damaged);
    EXPECT_FALSE(store.read_any_age(key)) << "byte " << offset;
  }
  EXPECT_GE(store.stats().corrupt, offsets.size() - 1);  // a flipped format version is "outdated", not corrupt
  overwrite(store.path_of(key), pristine);
  EXPECT_TRUE(store.read(key));
}

TEST_F(DiskStoreTest, WrongMagicIsCorrupt) {
  DiskStore store(root, ResourceKind::package_file, 1 << 20);
  ASSERT_FALSE(store.write("k", record("value")));
  auto bytes = file_bytes(store.path_of("k"));
  bytes.replace(0, 8, "GARBAGE!");
  overwrite(store.path_of("k"), bytes);
  EXPECT_FALSE(store.read("k"));
  EXPECT_EQ(store.stats().corrupt, 1u);
  overwrite(store.path_of("k"), "{\"not\":\"a cache file\"}");
  EXPECT_FALSE(store.read("k"));
  EXPECT_EQ(store.stats().corrupt, 2u);
}

TEST_F(DiskStoreTest, AFileOfAnotherKeyIsAMissNotCorruption) {
  DiskStore store(root, ResourceKind::package_file, 1 << 20);
  ASSERT_FALSE(store.write("first", record("first value")));
  fs::copy_file(store.path_of("first"), store.path_of("second"));  // as if both keys hashed alike
  EXPECT_FALSE(store.read("second"));
  EXPECT_FALSE(store.read_any_age("second"));
  EXPECT_EQ(store.stats().corrupt, 0u);
  EXPECT_TRUE(fs::exists(store.path_of("second")));
  EXPECT_FALSE(store.remove("second"));
  EXPECT_EQ(payload_of(store, "first"), "first value");
}

TEST_F(DiskStoreTest, AFileOfAnotherKindIsNotServed) {
  DiskStore docs(root, ResourceKind::docs_file, 1 << 20);
  DiskStore files(root, ResourceKind::package_file, 1 << 20);
  ASSERT_FALSE(docs.write("same/key", record("docs")));
  fs::copy_file(docs.path_of("same/key"), files.path_of("same/key"));
  EXPECT_FALSE(files.read("same/key"));
  EXPECT_EQ(files.stats().corrupt, 1u);
}

TEST_F(DiskStoreTest, SizeCapEvictsTheLeastRecentlyUsed) {
  auto entry_size = [&] {
    DiskStore probe(root / "probe", ResourceKind::package_file, 1 << 20);
    EXPECT_FALSE(probe.write("k1", record(std::string(1000, 'a') + "1")));
    return fs::file_size(probe.path_of("k1"));
  }();
  DiskStore store(root, ResourceKind::package_file, entry_size * 3 + entry_size / 2);
  for (auto key : {"k1", "k2", "k3"}) ASSERT_FALSE(store.write(key, record(std::string(1000, 'a') + key[1])));
  ASSERT_TRUE(store.read("k1"));  // k2 is now the least recently used
  ASSERT_FALSE(store.write("k4", record(std::string(1000, 'a') + "4")));

  EXPECT_FALSE(fs::exists(store.path_of("k2")));
  EXPECT_FALSE(store.read("k2"));
  for (auto key : {"k1", "k3", "k4"}) EXPECT_TRUE(store.read(key)) << key;
  auto stats = store.stats();
  EXPECT_EQ(stats.evictions, 1u);
  EXPECT_EQ(stats.entries, 3u);
  EXPECT_LE(stats.bytes, entry_size * 3 + entry_size / 2);

  std::string noise(entry_size * 8, '\0');
  for (auto& c : noise) c = static_cast<char>(rand());
  auto refused = store.write("noise", record(noise));
  ASSERT_TRUE(refused);
  EXPECT_NE(refused->find("more than the whole L2 cap"), std::string::npos) << *refused;
  EXPECT_EQ(store.stats().entries, 3u);
}

TEST_F(DiskStoreTest, ReopeningRebuildsTheIndexAndDropsOrphanTempFiles) {
  auto name = [](int i) { return std::string("doc").append(std::to_string(i)); };
  std::uint64_t bytes = 0;
  {
    DiskStore store(root, ResourceKind::docs_file, 1 << 20);
    for (int i = 0; i < 5; ++i) ASSERT_FALSE(store.write(name(i), record(document(name(i)))));
    bytes = store.stats().bytes;
  }
  // Oldest written first: doc0 .. doc4.
  auto base = fs::file_time_type::clock::now() - std::chrono::hours(1);
  DiskStore namer(root, ResourceKind::docs_file, 1 << 20);
  for (int i = 0; i < 5; ++i) fs::last_write_time(namer.path_of(name(i)), base + std::chrono::minutes(i));

  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  ::waitpid(child, nullptr, 0);  // a pid that no longer runs
  auto orphan = root / "docs_file" / (".tmp." + std::to_string(child) + ".1.0123456789abcdef.l2");
  auto live = root / "docs_file" / (".tmp." + std::to_string(::getpid()) + ".99.0123456789abcdef.l2");
  overwrite(orphan, "half a file");
  overwrite(live, "being written");

  DiskStore reopened(root, ResourceKind::docs_file, 1 << 20);
  EXPECT_EQ(reopened.stats().entries, 5u);
  EXPECT_EQ(reopened.stats().bytes, bytes);
  EXPECT_FALSE(fs::exists(orphan));
  EXPECT_TRUE(fs::exists(live));

  DiskStore smaller(root, ResourceKind::docs_file, bytes - 1);  // must drop the oldest one
  EXPECT_EQ(smaller.stats().entries, 4u);
  EXPECT_EQ(smaller.stats().evictions, 1u);
  EXPECT_FALSE(fs::exists(smaller.path_of("doc0")));
  EXPECT_TRUE(smaller.read("doc4"));
}

TEST_F(DiskStoreTest, ExpiredEntriesAreReadableOnlyWhenAskedForAnyAge) {
  DiskStore store(root, ResourceKind::version, 1 << 20);
  ASSERT_FALSE(store.write("latest", record("3.20.5", now() - 10)));
  ASSERT_FALSE(store.write("next", record("3.21.0-alpha.2", now() + 3600)));
  EXPECT_FALSE(store.read("latest"));
  auto stale = store.read_any_age("latest");
  ASSERT_TRUE(stale);
  EXPECT_EQ(*stale->entry.bytes, "3.20.5");
  EXPECT_LE(stale->expires, now());
  EXPECT_EQ(payload_of(store, "next"), "3.21.0-alpha.2");
  EXPECT_TRUE(fs::exists(store.path_of("latest")));  // kept for stale-if-error
}

TEST_F(DiskStoreTest, RemoveByKeyAndByPredicate) {
  DiskStore store(root, ResourceKind::rendered, 1 << 20);
  for (auto key :
       {"list\n3.20.6\nen-US\n{}", "list\n3.20.5\nen-US\n{}", "get\n3.20.6\nzh-CN\n{}", "get\n3.0.0\nen-US\n{}"})
    ASSERT_FALSE(store.write(key, record(key)));
  EXPECT_TRUE(store.remove("get\n3.0.0\nen-US\n{}"));
  EXPECT_FALSE(store.remove("get\n3.0.0\nen-US\n{}"));
  EXPECT_FALSE(store.read("get\n3.0.0\nen-US\n{}"));

  auto removed = store.remove_if([](const std::string& key) { return key.find("\n3.20.6\n") != std::string::npos; });
  EXPECT_EQ(removed, 2u);
  EXPECT_FALSE(store.read("list\n3.20.6\nen-US\n{}"));
  EXPECT_FALSE(store.read("get\n3.20.6\nzh-CN\n{}"));
  EXPECT_TRUE(store.read("list\n3.20.5\nen-US\n{}"));
  EXPECT_EQ(store.stats().entries, 1u);
}

TEST_F(DiskStoreTest, FilesVanishingUnderTheStoreAreMisses) {
  DiskStore store(root, ResourceKind::package_file, 1 << 20);
  ASSERT_FALSE(store.write("gone", record("soon")));
  fs::remove(store.path_of("gone"));
  EXPECT_FALSE(store.read("gone"));
  EXPECT_EQ(store.stats().entries, 0u);
  EXPECT_EQ(store.stats().corrupt, 0u);
  fs::remove_all(root);  // even the folder
  EXPECT_FALSE(store.write("back", record("again")));
  EXPECT_EQ(payload_of(store, "back"), "again");
}
