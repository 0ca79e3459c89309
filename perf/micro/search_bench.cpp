// What a search costs when its answer is not cached: building the index of a version (both
// locales' models, the vocabulary and its purpose statements) and ranking one question, by the
// kinds of question search sees (a description, another library's name, a Chinese question, a
// name as a template writes it).
#include "catalog/search/corpus.hpp"
#include "perf/micro/package_folder.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace varlet;

const catalog::search::Index& index() {
  static auto en = perf::package_model("3.20.6", "en-US");
  static auto zh = perf::package_model("3.20.6", "zh-CN");
  static auto built = catalog::search::build_index({{en.get(), zh.get()}, nullptr, {}, {}});
  return built;
}

void build_search_index(benchmark::State& state) {
  auto en = perf::package_model("3.20.6", "en-US");
  auto zh = perf::package_model("3.20.6", "zh-CN");
  for (auto _ : state) benchmark::DoNotOptimize(catalog::search::build_index({{en.get(), zh.get()}, nullptr, {}, {}}).size());
}
BENCHMARK(build_search_index)->Unit(benchmark::kMillisecond);

void rank_question(benchmark::State& state, const char* question) {
  const auto& i = index();
  for (auto _ : state) benchmark::DoNotOptimize(i.search(question, 10).size());
}
BENCHMARK_CAPTURE(rank_question, description, "show a toast after saving the form")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(rank_question, other_library, "el-drawer alternative")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(rank_question, chinese, "购物车里商品数量加减")->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(rank_question, template_name, "close-on-click-overlay")->Unit(benchmark::kMicrosecond);

}  // namespace
