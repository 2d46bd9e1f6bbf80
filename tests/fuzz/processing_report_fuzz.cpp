// Fuzzes the JSON_LISTINGS_FEED processing report parser against a fixed feed of five messages:
// one outcome per message, in order; a rejected message says why; and re-serialising a report
// that parsed gives the same result.
#include "fuzz_check.hpp"
#include "stock/processing_report.hpp"

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace {

const std::vector<amzconn::stock::FeedMessageRef> k_messages = {{1, "My-SKU-A", "ATVPDKIKX0DER"},
                                                                {2, "My-SKU-B", "ATVPDKIKX0DER"},
                                                                {3, "My-SKU-C", "A2EUQ1WTGCTBG2"},
                                                                {4, "My-SKU-B", "A1F83G8C2ARO7P"},
                                                                {5, "My-SKU-C", "A1F83G8C2ARO7P"}};

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    using namespace amzconn::stock;
    const auto report = parse_processing_report(text, k_messages);
    if (!report.ok()) {
        FUZZ_CHECK(!report.error().message.empty());
        return 0;
    }
    FUZZ_CHECK(report->outcomes.size() == k_messages.size());
    for (size_t i = 0; i < k_messages.size(); ++i) {
        const MessageOutcome& outcome = report->outcomes[i];
        FUZZ_CHECK(outcome.message.message_id == k_messages[i].message_id);
        FUZZ_CHECK(outcome.accepted == outcome.error.empty());
    }

    // The parser read valid JSON: the same document written out again reads the same.
    const std::string again_text = boost::json::serialize(boost::json::parse(text));
    const auto again = parse_processing_report(again_text, k_messages);
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(again->feed_id == report->feed_id);
    FUZZ_CHECK(again->issues.size() == report->issues.size());
    for (size_t i = 0; i < k_messages.size(); ++i) {
        FUZZ_CHECK(again->outcomes[i].accepted == report->outcomes[i].accepted);
        FUZZ_CHECK(again->outcomes[i].error == report->outcomes[i].error);
    }
    return 0;
}
