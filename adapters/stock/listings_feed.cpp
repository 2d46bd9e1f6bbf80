#include "stock/listings_feed.hpp"

#include "stock/json_text.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace amzconn::stock {
namespace {

std::string header_text(const FeedHeader& header) {
    std::string out = R"({"header":{"sellerId":)";
    append_json_string(out, header.seller_id);
    out += R"(,"version":"2.0")";
    if (!header.issue_locale.empty()) {
        out += R"(,"issueLocale":)";
        append_json_string(out, header.issue_locale);
    }
    out += R"(},"messages":[)";
    return out;
}

constexpr std::string_view k_footer = "]}";

void append_message(std::string& out, int64_t message_id, const ListingUpdate& u) {
    out += R"({"messageId":)";
    out += std::to_string(message_id);
    out += R"(,"sku":)";
    append_json_string(out, u.sku);
    out += R"(,"operationType":"PATCH","productType":)";
    append_json_string(out, u.product_type);
    out += R"(,"patches":)";
    append_patches(out, u);
    out += '}';
}

} // namespace

Result<std::vector<ListingsFeed>> build_listings_feeds(const FeedHeader& header,
                                                       std::span<const ListingUpdate> updates,
                                                       const FeedLimits& limits) {
    if (header.seller_id.empty()) {
        return Error{Status::bad_input, "the feed needs the seller id (merchant token); set "
                                        "seller_id in the store config"};
    }
    if (limits.max_messages == 0 || limits.max_messages > 25'000) {
        return Error{Status::bad_input, "feed message limit must be 1..25000"};
    }
    for (const ListingUpdate& u : updates) {
        TRY(validate_update(u));
    }
    const std::string head = header_text(header);
    std::vector<ListingsFeed> feeds;
    ListingsFeed current;
    std::string message;
    auto close = [&] {
        current.document += k_footer;
        feeds.push_back(std::move(current));
        current = ListingsFeed{};
    };
    for (const ListingUpdate& u : updates) {
        const auto next_id = static_cast<int64_t>(current.messages.size()) + 1;
        message.clear();
        append_message(message, next_id, u);
        const std::size_t needed =
            (current.messages.empty() ? head.size() : 1) + message.size() + k_footer.size();
        if (!current.messages.empty() && (current.messages.size() >= limits.max_messages ||
                                          current.document.size() + needed > limits.max_bytes)) {
            close();
            message.clear();
            append_message(message, 1, u);
        }
        if (current.messages.empty()) {
            current.document = head;
            if (head.size() + message.size() + k_footer.size() > limits.max_bytes) {
                return Error{Status::bad_input,
                             "listing " + u.sku + " alone is larger than the feed size limit"};
            }
        } else {
            current.document += ',';
        }
        current.document += message;
        current.messages.push_back(FeedMessageRef{static_cast<int64_t>(current.messages.size()) + 1,
                                                  u.sku, u.marketplace_id});
    }
    if (!current.messages.empty()) {
        close();
    }
    return feeds;
}

boost::json::value to_json(std::span<const FeedMessageRef> messages) {
    boost::json::array out;
    out.reserve(messages.size());
    for (const FeedMessageRef& m : messages) {
        out.push_back(boost::json::array{m.message_id, boost::json::string(m.sku),
                                         boost::json::string(m.marketplace_id)});
    }
    return out;
}

Result<std::vector<FeedMessageRef>> message_refs_from_json(const boost::json::value& json) {
    const Error damaged{Status::bad_input,
                        "stored feed message map is damaged; the feed's report cannot be mapped "
                        "back, so its SKUs will be sent again on the next run"};
    if (!json.is_array()) {
        return damaged;
    }
    std::vector<FeedMessageRef> out;
    for (const boost::json::value& row : json.get_array()) {
        if (!row.is_array() || row.get_array().size() != 3 || !row.get_array()[0].is_int64() ||
            !row.get_array()[1].is_string() || !row.get_array()[2].is_string()) {
            return damaged;
        }
        const auto& a = row.get_array();
        out.push_back(FeedMessageRef{a[0].get_int64(), std::string(a[1].get_string()),
                                     std::string(a[2].get_string())});
    }
    return out;
}

} // namespace amzconn::stock
