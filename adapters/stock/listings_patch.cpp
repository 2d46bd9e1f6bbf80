#include "stock/listings_patch.hpp"

#include "stock/json_text.hpp"

namespace amzconn::stock {
namespace {

void append_encoded(std::string& out, std::string_view text) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~';
        if (unreserved) {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(k_hex[u >> 4U]);
            out.push_back(k_hex[u & 0x0FU]);
        }
    }
}

} // namespace

Result<std::string> build_patch_body(const ListingUpdate& update) {
    TRY(validate_update(update));
    std::string out = R"({"productType":)";
    append_json_string(out, update.product_type);
    out += R"(,"patches":)";
    append_patches(out, update);
    out += '}';
    return out;
}

std::string listings_item_path(std::string_view seller_id, std::string_view sku) {
    std::string out = "/listings/2021-08-01/items/";
    append_encoded(out, seller_id);
    out += '/';
    append_encoded(out, sku);
    return out;
}

TransportChoice choose_transport(std::size_t updates, const TransportPolicy& policy) {
    TransportChoice choice;
    if (updates == 0 || updates > policy.max_patches || policy.patches_per_second <= 0) {
        choice.transport = Transport::feed;
        return choice;
    }
    choice.transport = Transport::patch;
    const auto n = static_cast<int64_t>(updates);
    // Spread evenly at the rate: the first goes at once, then one every 1/rate s.
    choice.patch_time_ms = (n - 1) * 1000 / policy.patches_per_second;
    return choice;
}

} // namespace amzconn::stock
