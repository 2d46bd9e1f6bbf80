// Amazon order items to host products: the Seller SKU after the crop rules (prefix, suffix,
// regex replacements) or the ASIN, looked up among the host's products; unknown ones become a
// product to create (create_on_import) or a reason to park the order with the fix.
#pragma once

#include "amzconn/result.hpp"
#include "orders/host_view.hpp"
#include "orders/settings.hpp"
#include "spapi/order_types.hpp"

#include <optional>
#include <string>
#include <vector>

namespace amzconn::orders {

// Cuts the prefix, then the suffix, then applies the replacements in order. Fails (bad_input)
// only for a replacement pattern that is not a valid ECMAScript regular expression.
Result<std::string> crop_sku(std::string_view sku, const SkuCrop& crop);

// The key an item is looked up by (cropped SKU or ASIN), or an error naming what is missing.
Result<std::string> identification_key(const spapi::orders::OrderItem& item,
                                       const ProductSettings& products);

// Where a host product holds the identification key: one of the product's own fields (code,
// barcode; sdk/docs/entities.md) or one of its attributes. products.sku_attribute names it
// ("code" and "barcode" are the fields, any other name an attribute); unset, the Seller SKU is the
// product code and the ASIN the attribute amazon_asin (which products created on import carry).
struct KeyField {
    enum class Kind { code, barcode, attribute };
    Kind kind = Kind::code;
    std::string attribute; // Kind::attribute only

    // The host query path: "code", "barcode" or "attributes.<name>".
    std::string query_path() const;
    // For messages: "product code", "barcode" or "attribute <name>".
    std::string label() const;
    // What a product holds in this field: its code, its barcode or the attribute's value (empty
    // when it has none). Order import looks products up by it, stock and price export and price
    // import match listings to products by it.
    std::string value_in(std::string_view code, std::string_view barcode,
                         const std::map<std::string, std::string>& attributes) const;

    // The field products.sku_attribute names: "code", "barcode", or any other name an attribute.
    static KeyField named(std::string_view name);
};

KeyField key_field(const ProductSettings& products);

// Every key map_order will look up for this order, so the plugin can read just those products.
std::vector<std::string> lookup_keys(const spapi::orders::Order& order,
                                     const ProductSettings& products);

struct ProductToCreate {
    std::string code;
    std::string description;            // Amazon's title
    std::optional<std::string> barcode; // the key, when products are identified by barcode
    std::map<std::string, std::string> attributes;
};

struct ResolvedItem {
    std::string key;                       // identification key
    std::optional<HostProduct> product;    // the host's product (or the one to create)
    std::optional<ProductToCreate> create; // set when the product is created on import
};

struct Unresolved {
    std::string reason;
    std::string fix;
    std::string path;
};

struct Resolution {
    std::vector<ResolvedItem> items;   // one per order item when `problem` is unset
    std::optional<Unresolved> problem; // the first item that could not be resolved
};

Resolution resolve_products(const spapi::orders::Order& order, const ProductSettings& products,
                            const HostView& host);

} // namespace amzconn::orders
