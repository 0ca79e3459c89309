// The catalog's per-call work: resolving what a model typed to a component, and rendering a
// component's API; and what a cold version costs to build from its package files.
#include "catalog/render.hpp"
#include "catalog/resolve.hpp"
#include "perf/micro/package_folder.hpp"

#include <benchmark/benchmark.h>

namespace {

using namespace varlet;

const catalog::Model& model() {
  static auto built = perf::package_model();
  return *built;
}

void resolve_name(benchmark::State& state, const char* typed) {
  const auto& m = model();
  for (auto _ : state) benchmark::DoNotOptimize(catalog::find_component(m, typed).found);
}
BENCHMARK_CAPTURE(resolve_name, tag, "var-button");
BENCHMARK_CAPTURE(resolve_name, pascal, "ButtonGroup");
BENCHMARK_CAPTURE(resolve_name, element, "<var-pull-refresh />");
BENCHMARK_CAPTURE(resolve_name, unknown_with_suggestions, "buton-grup");

void render_markdown(benchmark::State& state) {
  const auto& m = model();
  const auto& button = *catalog::find_component(m, "button").found;
  auto sections = catalog::present_sections(button, {});
  for (auto _ : state) benchmark::DoNotOptimize(catalog::component_markdown(m, button, sections));
}
BENCHMARK(render_markdown);

void render_json(benchmark::State& state) {
  const auto& m = model();
  const auto& button = *catalog::find_component(m, "button").found;
  auto sections = catalog::present_sections(button, {});
  for (auto _ : state) benchmark::DoNotOptimize(json::serialize(catalog::component_json(m, button, sections)));
}
BENCHMARK(render_json);

void build_model_from_files(benchmark::State& state) {
  auto files = catalog::gather_files("3.20.6", "en-US", perf::read_package_file);
  for (auto _ : state) benchmark::DoNotOptimize(catalog::build_model("3.20.6", "en-US", files).model);
}
BENCHMARK(build_model_from_files)->Unit(benchmark::kMillisecond);

}  // namespace
