#include "catalog/search/index.hpp"

#include "catalog/search/tokenize.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>

namespace varlet::catalog::search {
namespace {

constexpr float k1 = 1.2f;
constexpr float b = 0.75f;
constexpr std::size_t snippet_bytes = 240;

constexpr std::pair<Kind, std::string_view> kind_names[] = {
    {Kind::component, "component"}, {Kind::prop, "prop"},   {Kind::event, "event"},
    {Kind::slot, "slot"},           {Kind::guide, "guide"}, {Kind::example, "example"},
};

std::size_t char_start(std::string_view s, std::size_t pos) {
  while (pos > 0 && pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) --pos;
  return std::min(pos, s.size());
}

// The text around `at`, cut on character boundaries and marked with ellipses where cut.
std::string excerpt(std::string_view text, std::size_t at) {
  if (text.size() <= snippet_bytes) return std::string(text);
  std::size_t from = char_start(text, at > snippet_bytes / 3 ? at - snippet_bytes / 3 : 0);
  std::size_t to = char_start(text, std::min(text.size(), from + snippet_bytes));
  std::string out = from > 0 ? "…" : "";
  out.append(text.substr(from, to - from));
  if (to < text.size()) out += "…";
  return out;
}

}  // namespace

std::string_view to_string(Kind kind) {
  for (auto [k, name] : kind_names)
    if (k == kind) return name;
  return "component";
}

std::optional<Kind> kind_from_string(std::string_view name) {
  for (auto [k, n] : kind_names)
    if (n == name) return k;
  return std::nullopt;
}

void Index::add(Document document) {
  documents_.push_back(std::move(document));
  built_ = false;
}

void Index::set_expansions(std::unordered_map<std::string, std::vector<std::pair<std::string, float>>> expansions) {
  expansions_ = std::move(expansions);
}

void Index::build() {
  postings_.clear();
  lengths_.assign(documents_.size(), 0);
  std::map<Kind, std::pair<double, std::size_t>> totals;
  std::unordered_map<std::string, float> frequencies;
  for (std::uint32_t d = 0; d < documents_.size(); ++d) {
    frequencies.clear();
    for (const auto& field : documents_[d].fields) {
      for (auto& term : tokenize(field.text)) {
        frequencies[std::move(term.text)] += field.weight;
        lengths_[d] += field.weight;
      }
      if (field.name) frequencies[name_key(field.text)] += field.weight;
    }
    for (auto& [term, frequency] : frequencies) postings_[term].push_back({d, frequency});
    auto& [sum, count] = totals[documents_[d].kind];
    sum += lengths_[d];
    ++count;
  }
  average_lengths_.clear();
  for (const auto& [kind, total] : totals)
    average_lengths_[kind] = std::max(1.0f, static_cast<float>(total.first / static_cast<double>(total.second)));
  built_ = true;
}

std::vector<Hit> Index::search(std::string_view query, std::size_t limit, const std::vector<Kind>& kinds) const {
  std::vector<Hit> hits;
  if (!built_ || limit == 0) return hits;
  // Query terms with their weights; an expansion never outweighs the term itself.
  std::map<std::string, float> wanted;
  std::vector<std::string> typed;
  for (auto& term : terms(query)) {
    if (typed.size() >= max_query_terms) break;
    if (wanted[term] < 1) typed.push_back(term);
    wanted[term] = 1;
  }
  for (const auto& term : typed)
    if (auto it = expansions_.find(term); it != expansions_.end())
      for (const auto& [other, weight] : it->second) wanted[other] = std::max(wanted[other], weight);
  for (auto& key : query_name_keys(query, max_query_terms)) wanted[key] = 1;

  auto allowed = [&](const Document& d) { return kinds.empty() || std::find(kinds.begin(), kinds.end(), d.kind) != kinds.end(); };
  std::vector<double> scores(documents_.size(), 0);
  std::vector<std::vector<std::string>> matched(documents_.size());
  const double n = static_cast<double>(documents_.size());
  for (const auto& [term, weight] : wanted) {
    auto it = postings_.find(term);
    if (it == postings_.end()) continue;
    double df = static_cast<double>(it->second.size());
    double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
    for (const auto& posting : it->second) {
      if (!allowed(documents_[posting.document])) continue;
      double tf = posting.frequency;
      double norm = k1 * (1 - b + b * lengths_[posting.document] /
                                     average_lengths_.at(documents_[posting.document].kind));
      scores[posting.document] += weight * idf * tf * (k1 + 1) / (tf + norm);
      matched[posting.document].push_back(term);
    }
  }

  // A document holding more of the words typed ranks above one that repeats a few of them.
  std::vector<std::uint32_t> order;
  for (std::uint32_t d = 0; d < scores.size(); ++d) {
    if (scores[d] <= 0) continue;
    std::size_t held = 0;
    for (const auto& term : typed) held += std::find(matched[d].begin(), matched[d].end(), term) != matched[d].end();
    scores[d] *= (1.0 + static_cast<double>(held)) / (1.0 + static_cast<double>(typed.size()));
    order.push_back(d);
  }
  auto better = [&](std::uint32_t x, std::uint32_t y) { return scores[x] != scores[y] ? scores[x] > scores[y] : x < y; };
  auto count = std::min(limit, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(), better);
  order.resize(count);

  for (auto d : order) {
    Hit hit{&documents_[d], scores[d], {}, std::move(matched[d])};
    std::set<std::string> held(hit.terms.begin(), hit.terms.end());
    // The field holding the most weight of matched terms, around its first match.
    double best = -1;
    for (const auto& field : documents_[d].fields) {
      double value = 0;
      std::size_t first = std::string::npos;
      for (const auto& term : tokenize(field.text))
        if (held.count(term.text)) {
          value += field.weight;
          first = std::min(first, term.begin);
        }
      if (first != std::string::npos && value > best) {
        best = value;
        hit.matched = excerpt(field.text, first);
        hit.field = &field;
      }
    }
    if (hit.matched.empty() && !documents_[d].fields.empty()) hit.matched = excerpt(documents_[d].fields.front().text, 0);
    hits.push_back(std::move(hit));
  }
  return hits;
}

std::size_t Index::memory_bytes() const {
  std::size_t bytes = documents_.capacity() * sizeof(Document) + lengths_.capacity() * sizeof(float);
  for (const auto& d : documents_) {
    bytes += d.component.capacity() + d.name.capacity() + d.title.capacity() + d.fields.capacity() * sizeof(Field);
    for (const auto& f : d.fields) bytes += f.text.capacity();
  }
  for (const auto& [term, list] : postings_)
    bytes += sizeof(term) + term.capacity() + list.capacity() * sizeof(Posting) + 2 * sizeof(void*);
  for (const auto& [term, list] : expansions_) {
    bytes += sizeof(term) + term.capacity() + 2 * sizeof(void*);
    for (const auto& [other, w] : list) bytes += sizeof(other) + other.capacity() + sizeof(w);
  }
  return bytes;
}

}  // namespace varlet::catalog::search
