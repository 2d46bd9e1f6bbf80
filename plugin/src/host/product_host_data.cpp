#include "host/product_host_data.hpp"

#include "host/entity_pages.hpp"
#include "host/host_json.hpp"

#include <boost/json.hpp>

namespace amzconn::plugin {
namespace json = boost::json;

Result<std::vector<StoredProduct>> read_stored_products(HostServices& host) {
    std::vector<StoredProduct> out;
    auto done = for_each_entity(host, "product", {}, [&](const json::object& doc) {
        StoredProduct stored;
        stored.document = doc;
        stored.document.erase("id"); // the host's paging id, not part of the product
        auto& p = stored.product;
        p.code = text_field(doc, "code");
        p.description = text_field(doc, "description");
        p.barcode = text_field(doc, "barcode");
        if (const auto* attributes = doc.if_contains("attributes");
            attributes && attributes->is_object()) {
            for (const auto& [name, value] : attributes->as_object()) {
                if (value.is_string()) {
                    p.attributes.emplace(std::string(name), std::string(value.as_string()));
                }
            }
        }
        out.push_back(std::move(stored));
    });
    if (!done) {
        return done.error();
    }
    return out;
}

json::object product_document(const products::HostProduct& product, json::object base) {
    if (base.empty()) {
        base = {{"code", product.code}, {"is_assembly", false}, {"tracking", "none"}};
    }
    base["description"] = product.description;
    if (!product.barcode.empty()) {
        base["barcode"] = product.barcode;
    }
    // Text attributes are the product's; other values (which it does not read) are kept.
    json::object attributes;
    if (const auto* old = base.if_contains("attributes"); old && old->is_object()) {
        for (const auto& [name, value] : old->as_object()) {
            if (!value.is_string()) {
                attributes[name] = value;
            }
        }
    }
    for (const auto& [name, value] : product.attributes) {
        attributes[name] = value;
    }
    if (attributes.empty()) {
        base.erase("attributes");
    } else {
        base["attributes"] = std::move(attributes);
    }
    return base;
}

} // namespace amzconn::plugin
