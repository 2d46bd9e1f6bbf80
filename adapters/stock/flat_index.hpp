// An open-addressing hash index from a key to a small integer id, for the stock formula's 100,000
// SKUs: one flat array, no allocation per entry. The keys live elsewhere (the caller's vectors);
// the index keeps each entry's hash and id and asks the caller whether an id's key matches.
#pragma once

#include "stock/large_vector.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <ranges>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::stock {

class FlatIndex {
  public:
    static constexpr uint32_t k_absent = std::numeric_limits<uint32_t>::max();

    // Inline and word-at-a-time (wyhash's scheme): codes, SKUs and marketplace ids are short, and
    // 100,000 SKUs are hashed several times per pass; std::hash's out-of-line byte loop costs
    // several times as much. Only ever compared within one process (nothing stores it).
    static uint64_t hash(std::string_view key, uint64_t seed = 0) {
        const auto* p = reinterpret_cast<const unsigned char*>(key.data());
        std::size_t n = key.size();
        seed ^= k_secret0;
        uint64_t a = 0;
        uint64_t b = 0;
        if (n <= 16) {
            if (n >= 4) {
                const std::size_t step = (n >> 3U) << 2U;
                a = (read4(p) << 32U) | read4(p + step);
                b = (read4(p + n - 4) << 32U) | read4(p + n - 4 - step);
            } else if (n > 0) {
                a = (uint64_t{p[0]} << 16U) | (uint64_t{p[n >> 1U]} << 8U) | p[n - 1];
            }
        } else {
            for (; n > 16; n -= 16, p += 16) {
                seed = mix(read8(p) ^ k_secret1, read8(p + 8) ^ seed);
            }
            a = read8(p + n - 16);
            b = read8(p + n - 8);
        }
        return mix(k_secret1 ^ key.size(), mix(a ^ k_secret1, b ^ seed));
    }
    static uint64_t hash(std::string_view first, std::string_view second) {
        return hash(second, hash(first));
    }

    // a == b, inline for the short texts compared per stock level and per listing (codes,
    // warehouses, SKUs), where a call to memcmp costs more than the compare.
    static bool same(std::string_view a, std::string_view b) {
        const std::size_t n = a.size();
        if (n != b.size()) {
            return false;
        }
        const auto* x = reinterpret_cast<const unsigned char*>(a.data());
        const auto* y = reinterpret_cast<const unsigned char*>(b.data());
        if (n >= 8) {
            return n <= 16 ? read8(x) == read8(y) && read8(x + n - 8) == read8(y + n - 8)
                           : std::memcmp(x, y, n) == 0;
        }
        if (n >= 4) {
            return read4(x) == read4(y) && read4(x + n - 4) == read4(y + n - 4);
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (x[i] != y[i]) {
                return false;
            }
        }
        return true;
    }

    void reserve(std::size_t count) {
        std::size_t capacity = 16;
        while (capacity < count * 2) {
            capacity *= 2;
        }
        if (capacity > m_slots.size()) {
            rehash(capacity);
        }
    }

    // Starts loading the slot of `hash`: lookups a few entries ahead hide the memory latency.
    void prefetch(uint64_t hash) const {
        if (!m_slots.empty()) {
            __builtin_prefetch(&m_slots[hash & m_mask]);
        }
    }

    // The id of the first entry whose hash could be `hash` (its key not compared), or k_absent:
    // to start loading an entry before its lookup.
    uint32_t candidate(uint64_t hash) const {
        return find(hash, [](uint32_t) { return true; });
    }

    // The id whose key `same(id)` says matches, or k_absent.
    template <class Same>
    uint32_t find(uint64_t hash, Same same) const {
        if (m_slots.empty()) {
            return k_absent;
        }
        const auto tag = static_cast<uint32_t>(hash);
        for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            const Slot& slot = m_slots[i];
            if (slot.id == k_absent) {
                return k_absent;
            }
            if (slot.tag == tag && same(slot.id)) {
                return slot.id;
            }
        }
    }

    // Adds `id` unless a matching key is present; returns the id held and whether it was added.
    template <class Same>
    std::pair<uint32_t, bool> insert(uint64_t hash, uint32_t id, Same same) {
        if ((m_size + 1) * 2 > m_slots.size()) {
            rehash(m_slots.empty() ? 16 : m_slots.size() * 2);
        }
        const auto tag = static_cast<uint32_t>(hash);
        for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
            Slot& slot = m_slots[i];
            if (slot.id == k_absent) {
                slot = Slot{tag, static_cast<uint32_t>(hash >> 32U), id};
                ++m_size;
                return {id, true};
            }
            if (slot.tag == tag && same(slot.id)) {
                return {slot.id, false};
            }
        }
    }

  private:
    static constexpr uint64_t k_secret0 = 0xa0761d6478bd642fULL;
    static constexpr uint64_t k_secret1 = 0xe7037ed1a0b428dbULL;

    static uint64_t mix(uint64_t a, uint64_t b) {
        __extension__ typedef unsigned __int128 Wide; // NOLINT(modernize-use-using): pedantic
        const Wide product = static_cast<Wide>(a) * b;
        return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64U);
    }
    static uint64_t read8(const unsigned char* p) {
        uint64_t v = 0;
        std::memcpy(&v, p, 8);
        return v;
    }
    static uint64_t read4(const unsigned char* p) {
        uint32_t v = 0;
        std::memcpy(&v, p, 4);
        return v;
    }

    struct Slot {
        uint32_t tag = 0;  // the low half of the hash
        uint32_t high = 0; // the high half, to rehash without the key
        uint32_t id = k_absent;
    };

    void rehash(std::size_t capacity) {
        std::vector<Slot> old = std::move(m_slots);
        m_slots = {};
        reserve_large(m_slots, capacity);
        m_slots.assign(capacity, Slot{});
        m_mask = capacity - 1;
        for (const Slot& slot : old) {
            if (slot.id == k_absent) {
                continue;
            }
            const uint64_t hash = (static_cast<uint64_t>(slot.high) << 32U) | slot.tag;
            for (std::size_t i = hash & m_mask;; i = (i + 1) & m_mask) {
                if (m_slots[i].id == k_absent) {
                    m_slots[i] = slot;
                    break;
                }
            }
        }
    }

    std::vector<Slot> m_slots;
    std::size_t m_size = 0;
    std::size_t m_mask = 0;
};

} // namespace amzconn::stock

namespace amzconn::stock {

// The key hashes of a loop of lookups (one per listing), each computed once, k_ahead iterations
// before its lookup, when its slot starts loading: hides the memory latency of 100,000 lookups.
// `hash_of(j)` is the hash of the j-th key; next(i) is called with i = 0, 1, 2, ... in turn.
template <class Index, class HashOf>
class LookaheadHashes {
  public:
    static constexpr std::size_t k_ahead = 8;

    LookaheadHashes(const Index& index, std::size_t count, HashOf hash_of)
        : m_index(index), m_count(count), m_hash_of(std::move(hash_of)) {
        for (std::size_t j = 0; j < k_ahead && j < count; ++j) {
            load(j);
        }
    }

    uint64_t next(std::size_t i) {
        if (i + k_ahead < m_count) {
            load(i + k_ahead);
        }
        if constexpr (requires(const Index& index, uint64_t hash) { index.prefetch_entry(hash); }) {
            // Half way, the slot is loaded: the entry it names starts loading too.
            if (i + k_ahead / 2 < m_count) {
                m_index.prefetch_entry(m_ring[(i + k_ahead / 2) % k_ring]);
            }
        }
        return m_ring[i % k_ring];
    }

  private:
    static constexpr std::size_t k_ring = 2 * k_ahead;

    void load(std::size_t j) {
        m_ring[j % k_ring] = m_hash_of(j);
        m_index.prefetch(m_ring[j % k_ring]);
    }

    const Index& m_index;
    std::size_t m_count;
    HashOf m_hash_of;
    std::array<uint64_t, k_ring> m_ring{};
};

// Entries keyed by (marketplace id, SKU) in one flat vector sorted by key, such as the last-sent
// states the plugin reads from host state (100,000 per pass): walking a std::map's nodes costs a
// cache miss per entry, a vector streams. Iterates in key order, as the map did.
template <class Value>
class PairKeyVector {
  public:
    using Key = std::pair<std::string, std::string>;
    using Entry = std::pair<Key, Value>;
    using value_type = Entry;

    PairKeyVector() = default;
    // Of entries with equal keys, the first is kept (as std::map::emplace keeps it).
    explicit PairKeyVector(std::vector<Entry> entries) : m_entries(std::move(entries)) {
        const auto by_key = [](const Entry& a, const Entry& b) { return a.first < b.first; };
        if (std::is_sorted(m_entries.begin(), m_entries.end(), by_key)) {
            // Read in key order (as host state lists them): nothing to sort, maybe equal keys.
        } else {
            std::stable_sort(m_entries.begin(), m_entries.end(), by_key);
        }
        const auto same_key = [](const Entry& a, const Entry& b) { return a.first == b.first; };
        m_entries.erase(std::unique(m_entries.begin(), m_entries.end(), same_key), m_entries.end());
    }

    Value* find(const Key& key) { return find_in(m_entries, key); }
    const Value* find(const Key& key) const { return find_in(m_entries, key); }

    std::size_t size() const { return m_entries.size(); }
    bool empty() const { return m_entries.empty(); }
    const Entry* data() const { return m_entries.data(); }
    auto begin() { return m_entries.begin(); }
    auto end() { return m_entries.end(); }
    auto begin() const { return m_entries.begin(); }
    auto end() const { return m_entries.end(); }

  private:
    template <class Entries>
    static auto* find_in(Entries& entries, const Key& key) {
        auto it = std::lower_bound(
            entries.begin(), entries.end(), key,
            [](const Entry& entry, const Key& wanted) { return entry.first < wanted; });
        return it != entries.end() && it->first == key ? &it->second : nullptr;
    }

    std::vector<Entry> m_entries;
};

// Finds the entries of a PairKeyVector (or another contiguous range of (key pair, value)
// entries) in one hashed probe instead of a binary search of string compares; an entry's id is
// its position. The keys must be unique; the entries must outlive the index and not change while
// it is used.
template <class Entries>
class PairKeyIndex {
  public:
    using Entry = std::ranges::range_value_t<Entries>;
    using Value = decltype(Entry::second);
    static_assert(std::ranges::contiguous_range<const Entries>);

    explicit PairKeyIndex(const Entries& entries) : m_base(std::ranges::data(entries)) {
        const std::size_t count = std::ranges::size(entries);
        m_index.reserve(count);
        // Each slot starts loading a few entries before its insert: 100,000 random writes.
        LookaheadHashes<FlatIndex, HashOfEntry> hashes(m_index, count, HashOfEntry{this});
        for (std::size_t id = 0; id < count; ++id) {
            if (id + k_keys_ahead < count) {
                __builtin_prefetch(&entry(static_cast<uint32_t>(id + k_keys_ahead)).first);
            }
            m_index.insert(hashes.next(id), static_cast<uint32_t>(id),
                           [](uint32_t) { return false; }); // the keys are unique
        }
    }

    // The hash of a key, computed once per lookup: prefetch(hash) a few listings ahead, then
    // find(hash, ...) when its turn comes.
    static uint64_t hash(std::string_view first, std::string_view second) {
        return FlatIndex::hash(first, second);
    }

    void prefetch(uint64_t hash) const { m_index.prefetch(hash); }

    // Once prefetch(hash) has loaded its slot: starts loading the entry it names, its key and
    // the state's lines a lookup reads.
    void prefetch_entry(uint64_t hash) const {
        const uint32_t id = m_index.candidate(hash);
        if (id != FlatIndex::k_absent) {
            const auto* bytes = reinterpret_cast<const char*>(&entry(id));
            for (std::size_t at = 0; at < sizeof(Entry); at += 64) {
                __builtin_prefetch(bytes + at);
            }
        }
    }

    const Value* find(std::string_view first, std::string_view second) const {
        return find(hash(first, second), first, second);
    }

    const Value* find(uint64_t hash, std::string_view first, std::string_view second) const {
        const uint32_t id = m_index.find(hash, [&](uint32_t i) {
            const Entry& e = entry(i);
            return FlatIndex::same(e.first.second, second) && FlatIndex::same(e.first.first, first);
        });
        return id == FlatIndex::k_absent ? nullptr : &entry(id).second;
    }

  private:
    static constexpr std::size_t k_keys_ahead = 24; // entries hashed ahead (beyond the slots')

    struct HashOfEntry {
        const PairKeyIndex* self;
        uint64_t operator()(std::size_t id) const {
            const Entry& e = self->entry(static_cast<uint32_t>(id));
            return FlatIndex::hash(e.first.first, e.first.second);
        }
    };

    const Entry& entry(uint32_t id) const { return m_base[id]; }

    const Entry* m_base = nullptr;
    FlatIndex m_index;
};

} // namespace amzconn::stock
