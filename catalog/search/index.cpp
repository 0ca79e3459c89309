#include "catalog/search/index.hpp"

#include "catalog/search/tokenize.hpp"
#include "catalog/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <set>

namespace varlet::catalog::search {
namespace {

constexpr float k1 = 1.2f;
constexpr float b = 0.75f;
constexpr std::size_t snippet_bytes = 240;
constexpr std::size_t describing_terms = 3;
constexpr double member_factor = 0.7;
constexpr double stray_member_factor = 0.3;

bool is_member(Kind kind) { return kind == Kind::prop || kind == Kind::event || kind == Kind::slot; }

// A query of one Latin name, as a template writes it ("@click", "v-model:show", "#header",
// "close-on-click-overlay"), asks for things of that name, not for what its words describe: the
// name without its template syntax; empty for any other query.
std::string_view one_name(std::string_view query) {
  query = trim(query);
  if (query.empty() || std::any_of(query.begin(), query.end(), [](char c) {
        return std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
      }))
    return {};
  for (std::string_view prefix : {"v-model:", "v-bind:", "v-on:", "v-slot:", "@", ":", "#", "."})
    if (query.starts_with(prefix)) return query.substr(prefix.size());
  return query;
}

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

// What a stemmed term's words all begin with ("entry" stands for "entries": "entr").
std::string_view root_of(std::string_view term) {
  if (term.size() > 3 && term.back() == 'y') term.remove_suffix(1);
  return term;
}

// Whether the text holds one of the roots, ignoring ASCII case.
bool contains_any(std::string_view text, const std::vector<std::string_view>& roots) {
  auto same = [](char a, char b) { return (a >= 'A' && a <= 'Z' ? static_cast<char>(a + ('a' - 'A')) : a) == b; };
  for (auto root : roots)
    if (std::search(text.begin(), text.end(), root.begin(), root.end(), same) != text.end()) return true;
  return false;
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

void Index::set_component_words(std::set<std::string> words) { component_words_ = std::move(words); }

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
  owners_.assign(documents_.size(), -1);
  std::unordered_map<std::string_view, std::int32_t> component_documents;
  for (std::uint32_t d = 0; d < documents_.size(); ++d)
    if (documents_[d].kind == Kind::component) component_documents.emplace(documents_[d].component, static_cast<std::int32_t>(d));
  for (std::uint32_t d = 0; d < documents_.size(); ++d)
    if (auto it = component_documents.find(documents_[d].component); it != component_documents.end() && documents_[d].kind != Kind::component)
      owners_[d] = it->second;
  average_lengths_.clear();
  for (const auto& [kind, total] : totals)
    average_lengths_[kind] = std::max(1.0f, static_cast<float>(total.first / static_cast<double>(total.second)));
  built_ = true;
}

std::vector<Hit> Index::search(std::string_view query, std::size_t limit, const std::vector<Kind>& kinds) const {
  std::vector<Hit> hits;
  if (!built_ || limit == 0) return hits;
  // The distinct terms typed, and the whole-name keys of their runs.
  std::set<std::string> wanted;
  std::vector<std::string> typed;
  for (auto& term : terms(query)) {
    if (typed.size() >= max_query_terms) break;
    if (wanted.insert(term).second) typed.push_back(term);
  }
  for (auto& key : query_name_keys(query, max_query_terms)) wanted.insert(std::move(key));
  auto name = one_name(query);
  auto whole_name = name.empty() ? std::string() : name_key(name);  // counts double: it is what was asked for
  if (!name.empty()) wanted.insert(whole_name);

  auto allowed = [&](const Document& d) { return kinds.empty() || std::find(kinds.begin(), kinds.end(), d.kind) != kinds.end(); };
  std::vector<double> scores(documents_.size(), 0);
  std::vector<std::vector<std::string>> matched(documents_.size());
  const double n = static_cast<double>(documents_.size());
  for (const auto& term : wanted) {
    auto it = postings_.find(term);
    if (it == postings_.end()) continue;
    double df = static_cast<double>(it->second.size());
    double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
    for (const auto& posting : it->second) {
      if (!allowed(documents_[posting.document])) continue;
      double tf = posting.frequency;
      double norm = k1 * (1 - b + b * lengths_[posting.document] /
                                     average_lengths_.at(documents_[posting.document].kind));
      scores[posting.document] += (term == whole_name ? 2 : 1) * idf * tf * (k1 + 1) / (tf + norm);
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
  // Intent: a question that describes something (several words) asks for components first; a
  // prop, event or slot whose component has none of the words is a stray match of one of them
  // ("page" in "a payment succeeded page").
  bool describing = (name.empty() && typed.size() >= describing_terms) ||
                    std::any_of(typed.begin(), typed.end(), [&](const std::string& t) { return component_words_.count(t) > 0; });
  if (describing)
    for (auto d : order)
      if (auto owner = owners_[d]; owner >= 0 && is_member(documents_[d].kind))
        scores[d] *= scores[static_cast<std::size_t>(owner)] > 0 ? member_factor : stray_member_factor;
  auto better = [&](std::uint32_t x, std::uint32_t y) { return scores[x] != scores[y] ? scores[x] > scores[y] : x < y; };
  auto count = std::min(limit, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(count), order.end(), better);
  order.resize(count);

  for (auto d : order) {
    Hit hit{&documents_[d], scores[d], {}, std::move(matched[d])};
    std::set<std::string> held(hit.terms.begin(), hit.terms.end());
    std::vector<std::string_view> roots;
    for (const auto& term : held)
      if (term.front() != '#') roots.push_back(root_of(term));
    // The field holding the most weight of matched terms, around its first match. Only fields that
    // contain one of them are tokenized: a component's document has hundreds of fields.
    double best = -1;
    for (const auto& field : documents_[d].fields) {
      if (!contains_any(field.text, roots)) continue;
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
  for (const auto& word : component_words_) bytes += sizeof(word) + word.capacity() + 4 * sizeof(void*);
  return bytes;
}

}  // namespace varlet::catalog::search
