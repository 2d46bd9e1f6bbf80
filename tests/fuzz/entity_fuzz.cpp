// Fuzzes the host entity validator. The input is "<kind>\n<json>" (the seeds are readable that
// way). A refusal is bad_input with a message; a document accepted once is accepted again after
// a JSON round trip.
#include "amzconn/entities.hpp"
#include "fuzz_check.hpp"

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const auto nl = input.find('\n');
    const std::string_view kind = input.substr(0, nl);
    const std::string_view json = nl == std::string_view::npos ? "" : input.substr(nl + 1);

    const auto outcome = amzconn::validate_entity(kind, json);
    if (!outcome.ok()) {
        FUZZ_CHECK(outcome.error().status == amzconn::Status::bad_input);
        FUZZ_CHECK(!outcome.error().message.empty());
        return 0;
    }
    const std::string again = boost::json::serialize(boost::json::parse(json));
    FUZZ_CHECK(amzconn::validate_entity(kind, again).ok());
    return 0;
}
