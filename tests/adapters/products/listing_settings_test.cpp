// Per-product listing settings: a bulk edit validated once and applied to the attributes the
// stock export reads.
#include "products/listing_settings.hpp"

#include <doctest/doctest.h>

using namespace amzconn;
using namespace amzconn::products;

namespace {

const SettingAttributes k_names{"amazon_skip", "amazon_lead_time", "amazon_fulfillment"};

SettingsChange change(const std::map<std::string, std::string>& args,
                      const SettingAttributes& names = k_names) {
    auto parsed = parse_settings_change(args, names);
    REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message));
    return *parsed;
}

} // namespace

TEST_CASE("products: lead time, sync off and AFN land in the configured attributes") {
    std::map<std::string, std::string> attributes{{"colour", "blue"}};
    const auto edit = change({{"lead_time", "03"}, {"sync", "off"}, {"fulfillment", "afn"}});
    CHECK(apply_settings(edit, k_names, attributes));
    CHECK(attributes.at("amazon_lead_time") == "3");
    CHECK(attributes.at("amazon_skip") == "true");
    CHECK(attributes.at("amazon_fulfillment") == "AFN");
    CHECK(attributes.at("colour") == "blue");
    CHECK_FALSE(apply_settings(edit, k_names, attributes)); // the same edit again changes nothing
}

TEST_CASE("products: sync on, lead time default and fulfillment none return to the store's "
          "defaults") {
    std::map<std::string, std::string> attributes{
        {"amazon_skip", "1"}, {"amazon_lead_time", "5"}, {"amazon_fulfillment", "MFN"}};
    CHECK(
        apply_settings(change({{"sync", "on"}, {"lead_time", "default"}, {"fulfillment", "none"}}),
                       k_names, attributes));
    CHECK(attributes == std::map<std::string, std::string>{{"amazon_skip", "false"}});
}

TEST_CASE("products: only the settings given are touched") {
    std::map<std::string, std::string> attributes{{"amazon_skip", "true"}};
    CHECK(apply_settings(change({{"lead_time", "0"}}), k_names, attributes));
    CHECK(attributes.at("amazon_skip") == "true");
    CHECK(attributes.at("amazon_lead_time") == "0");
}

TEST_CASE("products: a bad setting value is refused before anything is written") {
    for (const auto& [name, value] : std::map<std::string, std::string>{
             {"lead_time", "31"}, {"sync", "maybe"}, {"fulfillment", "FBA"}}) {
        CAPTURE(name);
        const auto parsed = parse_settings_change({{name, value}}, k_names);
        REQUIRE_FALSE(parsed.ok());
        CHECK(parsed.error().message.find(value) != std::string::npos);
    }
    CHECK_FALSE(parse_settings_change({{"lead_time", "-1"}}, k_names).ok());
    CHECK_FALSE(parse_settings_change({}, k_names).ok());
}

TEST_CASE("products: a setting whose attribute the config does not name says which key to set") {
    const auto parsed = parse_settings_change({{"lead_time", "3"}}, {"amazon_skip", "", ""});
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message.find("products.lead_time_attribute") != std::string::npos);
}
