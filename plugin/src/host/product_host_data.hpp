// The host's products as import_products reads and writes them: each as the rules' plain
// HostProduct, with the document it came from so an update changes only Amazon's fields.
#pragma once

#include "amzconn/host_services.hpp"
#include "products/import_plan.hpp"

#include <boost/json/object.hpp>
#include <vector>

namespace amzconn::plugin {

struct StoredProduct {
    products::HostProduct product;
    boost::json::object document; // as the host holds it, without the host's "id"
};

// Every host product (paged).
Result<std::vector<StoredProduct>> read_stored_products(HostServices& host);

// The product document for `product`: `base` (the stored one, or empty for a new product) with
// description, barcode and text attributes set from `product` (a text attribute `product` lacks
// is removed).
boost::json::object product_document(const products::HostProduct& product,
                                     boost::json::object base);

} // namespace amzconn::plugin
