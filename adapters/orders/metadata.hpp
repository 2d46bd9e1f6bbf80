// The metadata every imported order carries: Amazon order id, store, marketplace, fulfilment
// channel (AFN/MFN), programs, ship-by and deliver-by windows, buyer purchase order number.
#pragma once

#include "orders/settings.hpp"
#include "spapi/order_types.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::orders {

// Metadata keys and their values, as a std::map<std::string, std::string> behaves (operator[]
// finds or adds an empty value; in_key_order() gives the pairs in key order), held flat: an order
// has about twenty, each a heap node in a map. The keys are not copied: each is a literal or a
// config value that outlives the list.
class MetadataList {
  public:
    std::string& operator[](std::string_view key);
    // Adds a key the list does not hold yet (no search): the order's own fixed keys.
    void add_new(std::string_view key, std::string value);
    using Entry = std::pair<std::string_view, std::string>;
    // The pairs in key order (each key once), valid while the list is unchanged.
    std::vector<const Entry*> in_key_order() const;

  private:
    std::vector<Entry> m_entries;
};

MetadataList order_metadata(const spapi::orders::Order& order, const OrderSettings& store);

} // namespace amzconn::orders
