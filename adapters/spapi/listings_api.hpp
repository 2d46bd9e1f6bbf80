// Listings Items 2021-08-01: getListingsItem (summaries, offers, fulfillment availability,
// issues) and patchListingsItem (JSON Patch on top-level attributes).
#pragma once

#include "base/money.hpp"
#include "base/time.hpp"
#include "client.hpp"

#include <optional>
#include <string>
#include <vector>

namespace amzconn::spapi::listings {

struct ListingSummary {
    std::string marketplace_id;
    std::optional<std::string> asin;
    std::string product_type;
    std::optional<std::string> condition_type;
    std::vector<std::string> status; // BUYABLE, DISCOVERABLE
    std::optional<std::string> fn_sku;
    std::optional<std::string> item_name;
};

struct Offer {
    std::string marketplace_id;
    std::string offer_type; // B2C | B2B
    money::Money price;
};

struct FulfillmentAvailability {
    std::string fulfillment_channel_code; // DEFAULT = merchant; AMAZON_* = FBA
    std::optional<int64_t> quantity;
};

struct Issue {
    std::string code;
    std::string message;
    std::string severity; // ERROR | WARNING | INFO
    std::vector<std::string> attribute_names;
};

struct ListingsItem {
    std::string sku;
    std::vector<ListingSummary> summaries;
    std::vector<Offer> offers;
    std::vector<FulfillmentAvailability> fulfillment_availability;
    std::vector<Issue> issues;
};

ApiResult<ListingsItem> get_listings_item(SpApiClient& client, const std::string& seller_id,
                                          const std::string& sku,
                                          const std::vector<std::string>& marketplace_ids,
                                          const std::vector<std::string>& included_data);

struct PatchOperation {
    std::string op;         // add | replace | merge | delete
    std::string path;       // "/attributes/fulfillment_availability"
    std::string value_json; // a JSON array (the attribute's values); empty for delete
};

struct SubmissionResult {
    std::string sku;
    std::string status; // ACCEPTED | INVALID | VALID
    std::string submission_id;
    std::vector<Issue> issues;
    std::string request_id;
};

// PATCH is a full-value replace of the named attributes, so repeating it is harmless: it is
// retried like a read.
ApiResult<SubmissionResult> patch_listings_item(SpApiClient& client, const std::string& seller_id,
                                                const std::string& sku,
                                                const std::vector<std::string>& marketplace_ids,
                                                const std::string& product_type,
                                                const std::vector<PatchOperation>& patches,
                                                bool validation_preview = false);

ApiResult<ListingsItem> parse_listings_item(std::string_view body, std::string_view rid);
ApiResult<SubmissionResult> parse_submission(std::string_view body, std::string_view rid);

} // namespace amzconn::spapi::listings
