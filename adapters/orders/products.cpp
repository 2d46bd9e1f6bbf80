#include "orders/products.hpp"

#include <regex>
#include <set>

namespace amzconn::orders {

using spapi::orders::Order;
using spapi::orders::OrderItem;

Result<std::string> crop_sku(std::string_view sku, const SkuCrop& crop) {
    std::string out(sku);
    if (!crop.prefix.empty() && out.size() > crop.prefix.size() &&
        out.compare(0, crop.prefix.size(), crop.prefix) == 0) {
        out.erase(0, crop.prefix.size());
    }
    if (!crop.suffix.empty() && out.size() > crop.suffix.size() &&
        out.compare(out.size() - crop.suffix.size(), crop.suffix.size(), crop.suffix) == 0) {
        out.erase(out.size() - crop.suffix.size());
    }
    for (const auto& rule : crop.replace) {
        try {
            const std::regex re(rule.pattern, std::regex::ECMAScript);
            out = std::regex_replace(out, re, rule.with);
        } catch (const std::regex_error&) {
            return Error{Status::bad_input,
                         "products.sku_crop.replace pattern '" + rule.pattern +
                             "' is not a valid ECMAScript regular expression: fix the config"};
        }
    }
    return out;
}

Result<std::string> identification_key(const OrderItem& item, const ProductSettings& products) {
    if (products.identification == Identification::asin) {
        if (!item.product.asin || item.product.asin->empty()) {
            return Error{Status::bad_input, "the item has no ASIN"};
        }
        return *item.product.asin;
    }
    if (!item.product.seller_sku || item.product.seller_sku->empty()) {
        return Error{Status::bad_input, "the item has no Seller SKU"};
    }
    return crop_sku(*item.product.seller_sku, products.sku_crop);
}

std::vector<std::string> lookup_keys(const Order& order, const ProductSettings& products) {
    std::set<std::string> keys;
    for (const auto& item : order.order_items) {
        auto key = identification_key(item, products);
        if (key.ok()) {
            keys.insert(*key);
        }
    }
    return {keys.begin(), keys.end()};
}

std::string KeyField::query_path() const {
    switch (kind) {
    case Kind::code:
        return "code";
    case Kind::barcode:
        return "barcode";
    case Kind::attribute:
        return "attributes." + attribute;
    }
    return "code";
}

std::string KeyField::label() const {
    switch (kind) {
    case Kind::code:
        return "product code";
    case Kind::barcode:
        return "barcode";
    case Kind::attribute:
        return "attribute " + attribute;
    }
    return "product code";
}

std::string KeyField::value_in(std::string_view code, std::string_view barcode,
                               const std::map<std::string, std::string>& attributes) const {
    switch (kind) {
    case Kind::code:
        return std::string(code);
    case Kind::barcode:
        return std::string(barcode);
    case Kind::attribute:
        if (auto it = attributes.find(attribute); it != attributes.end()) {
            return it->second;
        }
        return {};
    }
    return std::string(code);
}

KeyField KeyField::named(std::string_view name) {
    if (name == "code") {
        return KeyField{Kind::code, {}};
    }
    if (name == "barcode") {
        return KeyField{Kind::barcode, {}};
    }
    return KeyField{Kind::attribute, std::string(name)};
}

KeyField key_field(const ProductSettings& products) {
    if (!products.sku_attribute) {
        return products.identification == Identification::asin
                   ? KeyField{KeyField::Kind::attribute, "amazon_asin"}
                   : KeyField{KeyField::Kind::code, {}};
    }
    return KeyField::named(*products.sku_attribute);
}

namespace {

// The product an unknown key becomes (create_on_import): the key as its code and in the field
// that identifies it, so the next order finds it.
ProductToCreate product_to_create(const OrderItem& item, const std::string& key,
                                  const KeyField& field) {
    ProductToCreate create;
    create.code = key;
    create.description = item.product.title ? *item.product.title : key;
    if (field.kind == KeyField::Kind::barcode) {
        create.barcode = key;
    } else if (field.kind == KeyField::Kind::attribute) {
        create.attributes[field.attribute] = key;
    }
    if (item.product.asin) {
        create.attributes["amazon_asin"] = *item.product.asin;
    }
    return create;
}

} // namespace

Resolution resolve_products(const Order& order, const ProductSettings& products,
                            const HostView& host) {
    Resolution out;
    std::map<std::string, ProductToCreate> created;
    const KeyField field = key_field(products);
    out.items.reserve(order.order_items.size());
    for (size_t i = 0; i < order.order_items.size(); ++i) {
        const auto& item = order.order_items[i];
        const bool by_asin = products.identification == Identification::asin;
        // The item's field path, spelled out only for a problem.
        auto path = [&] {
            return "orderItems[" + std::to_string(i) + "].product." +
                   (by_asin ? "asin" : "sellerSku");
        };
        auto key = identification_key(item, products);
        if (!key.ok()) {
            out.problem = Unresolved{
                key.error().message,
                key.status() == Status::bad_input && key.error().message.rfind("products.", 0) == 0
                    ? "fix products.sku_crop in the store config, then run retry_failed_orders"
                    : "check the order in Seller Central; the order is retried by "
                      "retry_failed_orders",
                path()};
            return out;
        }
        ResolvedItem resolved;
        resolved.key = *key;
        if (auto it = host.products.find(*key); it != host.products.end()) {
            resolved.product = it->second;
        } else if (auto c = created.find(*key); c != created.end()) {
            resolved.product = HostProduct{c->second.code, Tracking::none, std::nullopt};
        } else if (products.create_on_import) {
            ProductToCreate create = product_to_create(item, *key, field);
            resolved.product = HostProduct{create.code, Tracking::none, std::nullopt};
            resolved.create = create;
            created.emplace(*key, create);
        } else {
            const std::string what = by_asin ? "ASIN" : "SKU";
            const std::string sent =
                by_asin ? *key : (item.product.seller_sku ? *item.product.seller_sku : *key);
            std::string reason =
                what + " '" + sent + "' has no host product with " + field.label() + " = " + *key;
            out.problem =
                Unresolved{reason,
                           "add the " +
                               (field.kind == KeyField::Kind::attribute ? std::string("attribute")
                                                                        : field.label()) +
                               " to the product or enable products.create_on_import, then run "
                               "retry_failed_orders",
                           path()};
            return out;
        }
        out.items.push_back(std::move(resolved));
    }
    return out;
}

} // namespace amzconn::orders
