// An open-addressing hash index from a key to a small integer id, for the stock formula's 100,000
// SKUs: one flat array, no allocation per entry. The keys live elsewhere (the caller's vectors);
// the index keeps each entry's hash and id and asks the caller whether an id's key matches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::stock {

class FlatIndex {
  public:
    static constexpr uint32_t k_absent = std::numeric_limits<uint32_t>::max();

    static uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }
    static uint64_t hash(std::string_view first, std::string_view second) {
        return hash(first) * 0x9E3779B97F4A7C15ULL ^ hash(second);
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
    struct Slot {
        uint32_t tag = 0;  // the low half of the hash
        uint32_t high = 0; // the high half, to rehash without the key
        uint32_t id = k_absent;
    };

    void rehash(std::size_t capacity) {
        std::vector<Slot> old = std::move(m_slots);
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

// Finds entries of a map keyed by (marketplace id, SKU) pairs, such as the last-sent states the
// plugin reads from host state, in one hashed probe instead of a tree walk of string compares.
// The map must outlive the index and not change while it is used.
template <class Map>
class PairKeyIndex {
  public:
    using Entry = typename Map::value_type;

    explicit PairKeyIndex(const Map& map) {
        m_entries.reserve(map.size());
        m_index.reserve(map.size());
        for (const Entry& entry : map) {
            const auto id = static_cast<uint32_t>(m_entries.size());
            m_entries.push_back(&entry);
            m_index.insert(FlatIndex::hash(entry.first.first, entry.first.second), id,
                           [](uint32_t) { return false; }); // map keys are unique
        }
    }

    void prefetch(std::string_view first, std::string_view second) const {
        m_index.prefetch(FlatIndex::hash(first, second));
    }

    const typename Map::mapped_type* find(std::string_view first, std::string_view second) const {
        const uint32_t id = m_index.find(FlatIndex::hash(first, second), [&](uint32_t i) {
            return m_entries[i]->first.first == first && m_entries[i]->first.second == second;
        });
        return id == FlatIndex::k_absent ? nullptr : &m_entries[id]->second;
    }

  private:
    std::vector<const Entry*> m_entries;
    FlatIndex m_index;
};

} // namespace amzconn::stock
