// Bad configs, each with the exact diagnostics it must produce (line, column, key path, message).
#include "support.hpp"

#include <doctest/doctest.h>
#include <filesystem>
#include <stdlib.h>
#include <string>
#include <vector>

using config_test::store;

namespace {

struct BadCase {
    const char* name;
    std::string yaml;
    std::vector<std::string> expected;
    std::vector<amzconn::config::InstalledStore> installed = {};
};

std::string err(int line, int column, const std::string& path, const std::string& message) {
    return "bad.yaml:" + std::to_string(line) + ":" + std::to_string(column) +
           ": error: " + (path.empty() ? "" : path + ": ") + message;
}

// The warning for a key this build accepts but does not act on yet (no case needs it right now).
[[maybe_unused]] std::string ignored(int line, int column, const std::string& path) {
    return "bad.yaml:" + std::to_string(line) + ":" + std::to_string(column) +
           ": warning: " + path +
           ": this build ignores this key: it has no effect yet (its job has not landed); remove "
           "it, or keep it for a later version";
}

const std::string k_literal =
    "a literal secret is not allowed; write a reference: ${env:NAME}, ${file:/absolute/path} "
    "or ${secret:NAME} (and revoke the pasted secret)";

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        out += line + "\n";
    }
    return out;
}

void run(const std::vector<BadCase>& cases) {
    for (const auto& c : cases) {
        SUBCASE(c.name) {
            auto ctx = config_test::context();
            ctx.installed = c.installed;
            const auto result = amzconn::config::load("bad.yaml", c.yaml, ctx);
            CHECK_FALSE(result.ok());
            CHECK_FALSE(result.config.has_value());
            CHECK(join(config_test::formatted(result)) == join(c.expected));
        }
    }
}

} // namespace

TEST_CASE("config: unsafe YAML constructs are refused with their position") {
    run({
        {"duplicate key names both lines",
         store("    seller_id: A2EXAMPLE2\n"),
         {err(9, 5, "stores[0].seller_id",
              "duplicate key 'seller_id' (lines 4 and 9); keep only one")}},
        {"duplicate nested key names both lines",
         store("    status:\n      open: true\n      open: false\n"),
         {err(11, 7, "stores[0].status.open",
              "duplicate key 'open' (lines 10 and 11); keep only one")}},
        {"anchor is refused",
         store("    status: &s {open: true}\n"),
         {err(9, 13, "stores[0].status",
              "anchors (&s) are not allowed; write each value out in full")}},
        {"alias is refused",
         store("    display_name: &n Shop\n    folder: *n\n"),
         {err(9, 19, "stores[0].display_name",
              "anchors (&n) are not allowed; write each value out in full"),
          err(10, 5, "stores[0].folder",
              "unknown key 'folder'; valid keys here: alias, "
              "display_name, retired, marketplaces, seller_id, "
              "credentials, endpoint, application_id, application_draft, status, sync_level, "
              "schedules, "
              "orders, filters, products, taxes, shipping, "
              "cancellations, stock, prices"),
          err(10, 13, "stores[0].folder",
              "aliases (*name) are not allowed; write the value out in full")}},
        {"merge key is refused",
         store("    <<: {sync_level: stock_only}\n"),
         {err(9, 5, "stores[0]", "merge keys (<<) are not allowed; write the keys out in full")}},
        {"core tag !!str is refused",
         store("    sync_level: !!str stock_only\n"),
         {err(9, 17, "stores[0].sync_level",
              "tags (tag:yaml.org,2002:str) are not allowed; write the plain value without a "
              "tag")}},
        {"custom tag is refused",
         store("    display_name: !custom Shop\n"),
         {err(9, 19, "stores[0].display_name",
              "tags (!custom) are not allowed; write the plain value without a tag")}},
        {"tag on a mapping is refused",
         store("    status: !!map {open: true}\n"),
         {err(9, 13, "stores[0].status",
              "tags (tag:yaml.org,2002:map) are not allowed; write the plain value without a "
              "tag")}},
        {"python object tag is refused",
         store("    display_name: !!python/object:os.system x\n"),
         {err(9, 19, "stores[0].display_name",
              "tags (tag:yaml.org,2002:python/object:os.system) are not allowed; write the "
              "plain value without a tag")}},
        {"second document is refused",
         store("---\nstores: []\n"),
         {err(10, 1, "",
              "a second YAML document starts here; a config file holds exactly one document")}},
        {"tab in indentation is refused",
         "stores:\n\t- alias: uk1\n",
         {err(2, 1, "", "tab in indentation; indent with spaces only")}},
        {"non-UTF-8 bytes are refused",
         store("    display_name: caf\xe9\n"),
         {err(9, 22, "", "the file is not valid UTF-8; save it as UTF-8")}},
        {"a UTF-16 surrogate (not UTF-8, and no JSON reader takes it) is refused",
         store("    display_name: caf\xed\xa0\x80\n"),
         {err(9, 22, "", "the file is not valid UTF-8; save it as UTF-8")}},
        {"a NUL byte inside a value is refused (found by the config fuzzer)",
         store(std::string("    display_name: caf\0e\n", 24)),
         {err(9, 22, "",
              "control character U+0000 in the file (YAML allows only printable characters); "
              "remove it")}},
        {"an overlong UTF-8 form is refused",
         store("    display_name: caf\xe0\x80\xaf\n"),
         {err(9, 22, "", "the file is not valid UTF-8; save it as UTF-8")}},
        {"a syntax error quoting half a character keeps the message valid UTF-8",
         store("    display_name: \"\\\xc3\xb3\"\n"),
         {err(9, 22, "",
              "YAML syntax error: unknown escape character: \\xC3; check the indentation and "
              "quoting here")}},
        {"file over 1 MiB is refused",
         store("# " + std::string(1024 * 1024, 'x') + "\n"),
         {err(1, 1, "",
              "the file is " + std::to_string(config_test::k_head.size() + 3 + 1024 * 1024) +
                  " bytes; a config may hold at most 1 MiB (1048576 bytes): split it or "
                  "remove unused parts")}},
        {"syntax error keeps its position",
         store("    display_name: [unclosed\n"),
         {err(10, 1, "",
              "YAML syntax error: end of sequence flow not found; check the indentation and "
              "quoting here")}},
    });
}

TEST_CASE("config: unknown, missing and misplaced keys are named with a fix") {
    run({
        {"typo in a store key suggests the nearest key",
         store("    sync_levle: stock_only\n"),
         {err(9, 5, "stores[0].sync_levle",
              "unknown key 'sync_levle'; did you mean 'sync_level'?")}},
        {"typo in a nested key suggests the nearest key",
         store("    orders:\n      fbm:\n        host_stauts: placed\n"),
         {err(11, 9, "stores[0].orders.fbm.host_stauts",
              "unknown key 'host_stauts'; did you mean 'host_status'?")}},
        {"unknown key with no near match lists the valid keys",
         store("instance:\n  colour: blue\n"),
         {err(10, 3, "instance.colour",
              "unknown key 'colour'; valid keys here: max_stores, proxy, timeouts, tls, "
              "log_retention_days")}},
        {"missing alias points at the store",
         "stores:\n  - marketplaces: {primary: UK}\n    seller_id: A2EXAMPLE1\n"
         "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: \"${secret:b}\", "
         "refresh_token: \"${secret:c}\"}\n",
         {err(2, 5, "stores[0].alias", "missing required key 'alias'")}},
        {"missing stores",
         "instance: {max_stores: 5}\n",
         {err(1, 1, "stores", "missing required key 'stores'")}},
        {"missing refresh token points at credentials",
         config_test::k_head.substr(0, config_test::k_head.rfind("      refresh_token")),
         {err(6, 7, "stores[0].credentials.refresh_token",
              "missing required key 'refresh_token'")}},
        {"empty store list", "stores: []\n", {err(1, 9, "stores", "needs at least 1 entry")}},
        {"empty file",
         "",
         {err(1, 1, "stores", "the config is empty; it needs at least 'stores' with one store")}},
        {"a list at the top level",
         "- stores\n",
         {err(1, 1, "", "expected a mapping (key: value lines), got a list")}},
        {"key without a value",
         store("    sync_level:\n    retired: false\n"),
         {err(9, 5, "stores[0].sync_level",
              "'sync_level' has no value; write a value or remove the key to use the default")}},
        {"store keys at the top level",
         "alias: uk1\nstores: []\n",
         {err(1, 1, "alias", "store keys go under 'stores:' as a list entry: '- alias: ...'"),
          err(2, 9, "stores", "needs at least 1 entry")}},
        {"max_stores inside a store",
         store("    max_stores: 3\n"),
         {err(9, 5, "stores[0].max_stores", "max_stores belongs under 'instance'")}},
        {"guest_name under fbm",
         store("    orders:\n      fbm: {guest_name: x}\n"),
         {err(10, 13, "stores[0].orders.fbm.guest_name",
              "guest_name applies to FBA orders only (orders.fba.guest_name)")}},
        {"auto_assign under fba",
         store("    orders:\n      fba: {auto_assign: batch}\n"),
         {err(10, 13, "stores[0].orders.fba.auto_assign",
              "auto_assign applies to FBM orders only (orders.fbm.auto_assign); Amazon picks "
              "the units of FBA orders")}},
        {"stores written as a mapping",
         "stores:\n  alias: uk1\n",
         {err(2, 3, "stores", "expected a list, got a mapping")}},
        {"credentials written as a single value",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n    seller_id: A2EXAMPLE1\n"
         "    credentials: ${secret:all}\n",
         {err(5, 18, "stores[0].credentials",
              "expected a mapping (key: value lines), got a single value")}},
    });
}

TEST_CASE("config: scalars are read strictly, never coerced") {
    run({
        {"yes is not a boolean",
         store("    retired: yes\n"),
         {err(9, 14, "stores[0].retired",
              "'yes' is not a boolean; write true or false (without quotes)")}},
        {"quoted true is not a boolean",
         store("    retired: \"true\"\n"),
         {err(9, 14, "stores[0].retired",
              "'true' is not a boolean; write true or false (without quotes)")}},
        {"True is not a boolean",
         store("    status: {open: True}\n"),
         {err(9, 20, "stores[0].status.open",
              "'True' is not a boolean; write true or false (without quotes)")}},
        {"off is not a boolean",
         store("    products: {create_on_import: off}\n"),
         {err(9, 34, "stores[0].products.create_on_import",
              "'off' is not a boolean; write true or false (without quotes)")}},
        {"leading zero is refused",
         store("instance:\n  max_stores: 012\n"),
         {err(10, 15, "instance.max_stores",
              "'012' has a leading zero (YAML reads it as octal); write the number without it")}},
        {"hex is refused",
         store("instance:\n  max_stores: 0x1F\n"),
         {err(10, 15, "instance.max_stores",
              "'0x1F' is not a decimal number; write it in decimal digits")}},
        {"octal 0o is refused",
         store("instance:\n  max_stores: 0o17\n"),
         {err(10, 15, "instance.max_stores",
              "'0o17' is not a decimal number; write it in decimal digits")}},
        {"quoted number is refused",
         store("instance:\n  max_stores: \"5\"\n"),
         {err(10, 15, "instance.max_stores",
              "expected a number, got a quoted text; remove the quotes")}},
        {"exponent is not a whole number",
         store("instance:\n  max_stores: 1e3\n"),
         {err(10, 15, "instance.max_stores", "'1e3' is not a whole number")}},
        {"overflow is refused",
         store("instance:\n  max_stores: 99999999999999999999\n"),
         {err(10, 15, "instance.max_stores", "'99999999999999999999' is too large")}},
        {"out of range",
         store("instance:\n  max_stores: 0\n"),
         {err(10, 15, "instance.max_stores", "must be between 1 and 100, got 0")}},
        {"negative buffer",
         store("    stock: {buffer: -1}\n"),
         {err(9, 21, "stores[0].stock.buffer", "must be between 0 and 1000000, got -1")}},
        {"unquoted number where text is expected",
         store("    taxes: {charges_sales_account: 4000}\n"),
         {err(9, 36, "stores[0].taxes.charges_sales_account",
              "unquoted, '4000' is a number in YAML; write \"4000\" in quotes to mean text")}},
        {"empty text",
         store("    display_name: \"\"\n"),
         {err(9, 19, "stores[0].display_name",
              "must not be empty; remove the key to use the default")}},
        {"list where a single value is expected",
         store("    display_name: [a]\n"),
         {err(9, 19, "stores[0].display_name", "expected a single value, got a list")}},
        {"misspelt choice suggests the nearest",
         store("    sync_level: stock-only\n"),
         {err(9, 17, "stores[0].sync_level",
              "'stock-only' is not one of: orders_and_stock, stock_only; did you mean "
              "'stock_only'?")}},
        {"unknown host status lists the choices",
         store("    orders:\n      fbm: {host_status: shipped}\n"),
         {err(10, 26, "stores[0].orders.fbm.host_status",
              "'shipped' is not one of: parked, placed, backordered, completed")}},
        {"quoted true is not a tax-inclusion choice",
         store("    taxes: {prices_include_tax: \"true\"}\n"),
         {err(9, 33, "stores[0].taxes.prices_include_tax",
              "'true' is not one of: auto, true, false (write true and false without quotes)")}},
        {"unknown cancel reason",
         store("    cancellations: {default_reason: OutOfStock}\n"),
         {err(9, 37, "stores[0].cancellations.default_reason",
              "'OutOfStock' is not one of: NoInventory, ShippingAddressUndeliverable, "
              "CustomerExchange, BuyerCanceled, GeneralAdjustment, CarrierCreditDecision, "
              "RiskAssessmentInformationNotValid, CarrierCoverageFailure, CustomerReturn, "
              "MerchandiseNotReceived")}},
        {"bad interval unit",
         store("    schedules: {orders: 1x}\n"),
         {err(9, 25, "stores[0].schedules.orders",
              "'1x' is not never, or an interval like 90s, 30m, 1h or 1d")}},
        {"order check below the usage-plan floor",
         store("    schedules: {orders: 1m}\n"),
         {err(9, 25, "stores[0].schedules.orders", "'1m' is outside the allowed range 3m to 24h")}},
        {"interval with a leading zero",
         store("    schedules: {orders: 01h}\n"),
         {err(9, 25, "stores[0].schedules.orders",
              "'01h' is not never, or an interval like 90s, 30m, 1h or 1d")}},
        {"stock export faster than 30m",
         store("    schedules: {stock: 10m}\n"),
         {err(9, 24, "stores[0].schedules.stock",
              "'10m' is outside the allowed range 30m to 24h")}},
        {"cancellation delay above 1h",
         store("    cancellations: {batch_delay: 2h}\n"),
         {err(9, 34, "stores[0].cancellations.batch_delay",
              "'2h' is outside the allowed range 1m to 1h")}},
        {"impossible date",
         store("    filters: {start_date: 2026-02-30}\n"),
         {err(9, 27, "stores[0].filters.start_date",
              "'2026-02-30' is not a date; write YYYY-MM-DD, e.g. 2026-01-31")}},
        {"alias with capitals and underscore",
         "stores:\n  - alias: UK_1\n    marketplaces: {primary: UK}\n    seller_id: A2EXAMPLE1\n"
         "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: \"${secret:b}\", "
         "refresh_token: \"${secret:c}\"}\n",
         {err(2, 12, "stores[0].alias",
              "'UK_1' is not valid: use 1 to 8 lowercase letters, digits or '-' (e.g. uk1)")}},
        {"alias longer than 8 characters",
         "stores:\n  - alias: store-one\n    marketplaces: {primary: UK}\n"
         "    seller_id: A2EXAMPLE1\n"
         "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: \"${secret:b}\", "
         "refresh_token: \"${secret:c}\"}\n",
         {err(2, 12, "stores[0].alias",
              "'store-one' is not valid: use 1 to 8 lowercase letters, digits or '-' (e.g. "
              "uk1)")}},
        {"country filter entry that is not a code",
         store("    filters: {countries: [usa]}\n"),
         {err(9, 27, "stores[0].filters.countries[0]",
              "'usa' is not valid: an ISO country code like DE, or -US to exclude a country")}},
        {"invalid SKU regular expression",
         store(
             "    products:\n      sku_crop:\n        replace: [{pattern: \"([\", with: \"\"}]\n"),
         {err(11, 29, "stores[0].products.sku_crop.replace[0].pattern",
              "'([' is not a valid regular expression (ECMAScript)")}},
        {"unknown guest-name placeholder",
         store("    orders:\n      fba: {guest_name: \"{shop} guests\"}\n"),
         {err(10, 25, "stores[0].orders.fba.guest_name",
              "unknown placeholder {shop}; use {store}, {currency} or {marketplace}")}},
        {"status listed twice",
         store("    orders:\n      fbm: {statuses: [shipped, shipped]}\n"),
         {err(10, 33, "stores[0].orders.fbm.statuses[1]",
              "'shipped' is listed twice (also at line 10); keep one")}},
        {"no status to import",
         store("    orders:\n      fbm: {statuses: []}\n"),
         {err(10, 23, "stores[0].orders.fbm.statuses", "needs at least 1 entry")}},
    });
}

TEST_CASE("config: credentials are references only and never echoed") {
    run({
        {"literal client secret",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n    seller_id: A2EXAMPLE1\n"
         "    credentials:\n      lwa_client_id: ${secret:id}\n"
         "      lwa_client_secret: s3cr3t-value\n      refresh_token: ${secret:rt}\n",
         {err(7, 26, "stores[0].credentials.lwa_client_secret", k_literal)}},
        {"literal refresh token in quotes",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n    seller_id: A2EXAMPLE1\n"
         "    credentials:\n      lwa_client_id: ${secret:id}\n"
         "      lwa_client_secret: ${secret:cs}\n      refresh_token: \"Atzr|IwEBIexample\"\n",
         {err(8, 22, "stores[0].credentials.refresh_token", k_literal)}},
        {"undefined environment variable",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n    seller_id: A2EXAMPLE1\n"
         "    credentials:\n      lwa_client_id: ${env:LWA_ID_MISSING}\n"
         "      lwa_client_secret: ${secret:cs}\n      refresh_token: ${secret:rt}\n",
         {err(6, 22, "stores[0].credentials.lwa_client_id",
              "environment variable 'LWA_ID_MISSING' is not defined; set it before starting "
              "the host, or use ${secret:NAME}")}},
        {"relative file reference",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n    seller_id: A2EXAMPLE1\n"
         "    credentials:\n      lwa_client_id: ${secret:id}\n"
         "      lwa_client_secret: ${secret:cs}\n      refresh_token: ${file:secrets/rt}\n",
         {err(8, 22, "stores[0].credentials.refresh_token",
              "a ${file:...} reference needs an absolute path")}},
        {"unknown reference kind",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n    seller_id: A2EXAMPLE1\n"
         "    credentials:\n      lwa_client_id: ${vault:id}\n"
         "      lwa_client_secret: ${secret:cs}\n      refresh_token: ${secret:rt}\n",
         {err(6, 22, "stores[0].credentials.lwa_client_id",
              "not a valid reference; write ${env:NAME}, ${file:/absolute/path} or "
              "${secret:NAME}")}},
        {"reference outside credentials",
         store("    display_name: ${env:SET_NAME}\n"),
         {err(9, 19, "stores[0].display_name",
              "references (${...}) are only allowed for credentials")}},
        {"proxy with credentials in the file",
         store("instance:\n  proxy: http://user:pa55@proxy.example:3128\n"),
         {err(10, 10, "instance.proxy",
              "a proxy URL with credentials must not be written in the file; put the whole URL "
              "in an environment variable and write ${env:NAME}")}},
    });
}

TEST_CASE("config: endpoints are https, plain http only to loopback") {
    run({
        {"http to a remote host",
         store("    endpoint: http://sellingpartnerapi-eu.amazon.com\n"),
         {err(9, 15, "stores[0].endpoint",
              "plain http is allowed only to loopback (127.0.0.1, localhost, [::1]); use https")}},
        {"other scheme",
         store("    endpoint: ftp://sellingpartnerapi-eu.amazon.com\n"),
         {err(9, 15, "stores[0].endpoint",
              "not a base URL; write https://host[:port] with no path, e.g. "
              "https://sellingpartnerapi-eu.amazon.com")}},
        {"endpoint with a path",
         store("    endpoint: https://sellingpartnerapi-eu.amazon.com/orders\n"),
         {err(9, 15, "stores[0].endpoint",
              "not a base URL; write https://host[:port] with no path, e.g. "
              "https://sellingpartnerapi-eu.amazon.com")}},
        {"endpoint from an undefined variable",
         store("    endpoint: ${env:SANDBOX_URL_MISSING}\n"),
         {err(9, 15, "stores[0].endpoint",
              "environment variable 'SANDBOX_URL_MISSING' is not defined; set it before "
              "starting the host")}},
        {"endpoint variable expanding to remote http",
         store("    endpoint: ${env:SET_REMOTE_HTTP}\n"),
         {err(9, 15, "stores[0].endpoint",
              "the value of ${env:SET_REMOTE_HTTP}: plain http is allowed only to loopback "
              "(127.0.0.1, localhost, [::1]); use https")}},
        {"endpoint from the secret store",
         store("    endpoint: ${secret:endpoint}\n"),
         {err(9, 15, "stores[0].endpoint",
              "only an ${env:NAME} reference or a URL is allowed here")}},
    });
}

TEST_CASE("config: a host that only starts with 127. is not loopback") {
    const std::string refused =
        "plain http is allowed only to loopback (127.0.0.1, localhost, [::1]); use https";
    run({
        {"a name under 127.0.0.1",
         store("    endpoint: http://127.0.0.1.evil.example\n"),
         {err(9, 15, "stores[0].endpoint", refused)}},
        {"127.0.0.1 glued to a name",
         store("    endpoint: http://127.0.0.1evil.com:8080\n"),
         {err(9, 15, "stores[0].endpoint", refused)}},
        {"localhost as a prefix",
         store("    endpoint: http://localhost.evil.example\n"),
         {err(9, 15, "stores[0].endpoint", refused)}},
        {"a host with characters no host has",
         store("    endpoint: \"http://127.0.0.1%2eevil.com\"\n"),
         {err(9, 15, "stores[0].endpoint",
              "not a base URL; write https://host[:port] with no path, e.g. "
              "https://sellingpartnerapi-eu.amazon.com")}},
    });
}

TEST_CASE("config: marketplaces are known and in one region") {
    run({
        {"unknown marketplace",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: XX}\n    seller_id: A2EXAMPLE1\n"
         "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: \"${secret:b}\", "
         "refresh_token: \"${secret:c}\"}\n",
         {err(3, 29, "stores[0].marketplaces.primary",
              "unknown marketplace 'XX'; write a country code such as UK, DE or US, or a "
              "marketplace id")}},
        {"marketplace in lower case",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: de}\n    seller_id: A2EXAMPLE1\n"
         "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: \"${secret:b}\", "
         "refresh_token: \"${secret:c}\"}\n",
         {err(3, 29, "stores[0].marketplaces.primary",
              "write the marketplace as 'DE' (capitals) or its id A1PA6795UKMFR9")}},
        {"marketplace from another region",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK, further: [DE, JP]}\n"
         "    seller_id: A2EXAMPLE1\n"
         "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: \"${secret:b}\", "
         "refresh_token: \"${secret:c}\"}\n",
         {err(3, 47, "stores[0].marketplaces.further[1]",
              "marketplace JP is in region FE but the primary UK is in EU; a store covers one "
              "region: add a second store for it")}},
        {"same marketplace twice under two names",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK, further: [GB]}\n"
         "    seller_id: A2EXAMPLE1\n"
         "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: \"${secret:b}\", "
         "refresh_token: \"${secret:c}\"}\n",
         {err(3, 43, "stores[0].marketplaces.further[0]",
              "marketplace UK is already listed for this store; remove it")}},
    });
}

TEST_CASE("config: conflicting settings are refused at the key to change") {
    run({
        {"completed status with a single customer",
         store("    orders:\n      fbm:\n        customer: {strategy: single_customer, code: AMZ}\n"
               "        host_status: completed\n"),
         {err(12, 22, "stores[0].orders.fbm.host_status",
              "host_status completed cannot be used with customer.strategy single_customer (one "
              "customer's orders cannot be closed one by one); use placed or backordered")}},
        {"single customer without a code",
         store("    orders:\n      fbm:\n        customer: {strategy: single_customer}\n"),
         {err(11, 30, "stores[0].orders.fbm.customer.strategy",
              "single_customer needs customer.code: the host customer that receives every "
              "order")}},
        {"daily consolidation without a single customer",
         store("    orders:\n      fbm: {consolidation: daily}\n"),
         {err(10, 28, "stores[0].orders.fbm.consolidation",
              "daily consolidation needs customer.strategy single_customer (one order per day "
              "for one customer)")}},
        {"FBA import without an FBA warehouse",
         store("    orders:\n      fba: {enabled: true}\n"),
         {err(10, 22, "stores[0].orders.fba.enabled",
              "FBA import needs orders.fba.warehouse: the host warehouse that holds FBA stock, "
              "so FBA orders never take FBM stock")}},
        {"stock export counting the FBA order warehouse",
         store("    orders:\n      fba: {enabled: true, warehouse: FBA}\n"
               "    stock: {warehouses: [MAIN, FBA]}\n"),
         {err(11, 32, "stores[0].stock.warehouses[1]",
              "warehouse 'FBA' holds FBA stock (orders.fba.warehouse or stock.fba_warehouses); "
              "stock export must not count it: remove it from stock.warehouses")}},
        {"stock export counting a listed FBA warehouse",
         store("    stock:\n      warehouses: [MAIN, AMZ-DE]\n      fba_warehouses: [AMZ-DE]\n"),
         {err(10, 26, "stores[0].stock.warehouses[1]",
              "warehouse 'AMZ-DE' holds FBA stock (orders.fba.warehouse or "
              "stock.fba_warehouses); stock export must not count it: remove it from "
              "stock.warehouses")}},
        {"FBM orders shipped from an FBA warehouse",
         store("    orders:\n      fbm: {warehouse: AMZ}\n    stock: {fba_warehouses: [AMZ]}\n"),
         {err(10, 24, "stores[0].orders.fbm.warehouse",
              "warehouse 'AMZ' holds FBA stock; FBM orders must ship from an FBM warehouse")}},
        {"two stores with one alias",
         store("  - alias: uk1\n    marketplaces: {primary: DE}\n    seller_id: A2EXAMPLE2\n"
               "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: "
               "\"${secret:b}\", refresh_token: \"${secret:c}\"}\n"),
         {err(9, 12, "stores[1].alias",
              "alias 'uk1' is already used by stores[0].alias (line 2); aliases must be "
              "unique")}},
        {"more active stores than max_stores",
         "instance: {max_stores: 1}\n" +
             store("  - alias: de1\n    marketplaces: {primary: DE}\n    seller_id: A2EXAMPLE2\n"
                   "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: "
                   "\"${secret:b}\", refresh_token: \"${secret:c}\"}\n"),
         {err(3, 3, "stores",
              "this config has 2 active stores but instance.max_stores is 1; raise max_stores "
              "or set retired: true on a store")}},
        {"country both included and excluded",
         store("    filters: {countries: [DE, -DE]}\n"),
         {err(9, 31, "stores[0].filters.countries[1]",
              "country DE is both included and excluded; keep one of them")}},
        {"price tier for a marketplace the store does not sell on",
         store("    prices: {tiers: {FR: retail}}\n"),
         {err(9, 26, "stores[0].prices.tiers.FR",
              "'FR' is not one of this store's marketplaces; use the country codes listed "
              "under marketplaces")}},
        {"price export without a tier",
         store("    prices: {enabled: true}\n"),
         {err(9, 23, "stores[0].prices.enabled",
              "price export needs a price tier for every marketplace: add prices.tiers entries "
              "or prices.default_tier")}},
    });
}

TEST_CASE("config: installed stores keep their alias and identification") {
    run({
        {"installed alias renamed",
         store(""),
         {err(2, 3, "stores",
              "store 'gb1' is installed but missing from this config; an installed store cannot "
              "be renamed or removed: keep its entry (set retired: true to stop it)")},
         {{"gb1", "seller_sku"}}},
        {"installed store removed while another remains",
         store(""),
         {err(2, 3, "stores",
              "store 'de1' is installed but missing from this config; an installed store cannot "
              "be renamed or removed: keep its entry (set retired: true to stop it)")},
         {{"uk1", "seller_sku"}, {"de1", "seller_sku"}}},
        {"identification changed after install",
         store("    products: {identification: asin}\n"),
         {err(9, 32, "stores[0].products.identification",
              "product identification was 'seller_sku' at install and is now 'asin'; changing "
              "it re-pairs every product: set products.identification_migration: true to do it "
              "on purpose")},
         {{"uk1", "seller_sku"}}},
        {"a misread alias is not also reported as a removed store",
         "stores:\n  - alias: UK1\n    marketplaces: {primary: UK}\n    seller_id: A2EXAMPLE1\n"
         "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: \"${secret:b}\", "
         "refresh_token: \"${secret:c}\"}\n",
         {err(2, 12, "stores[0].alias",
              "'UK1' is not valid: use 1 to 8 lowercase letters, digits or '-' (e.g. uk1)")},
         {{"uk1", "seller_sku"}}},
        {"identification changed by default after install",
         store(""),
         {err(2, 5, "stores[0].products.identification",
              "product identification was 'asin' at install and is now 'seller_sku'; changing "
              "it re-pairs every product: set products.identification_migration: true to do it "
              "on purpose")},
         {{"uk1", "asin"}}},
    });
}

TEST_CASE("config: a value that looks like a credential is never echoed") {
    const std::string hidden =
        "a value that looks like a credential (not shown; if it is one, revoke it)";
    const std::string seller_id_hint =
        " is not valid: Amazon's merchant token: 5 to 20 capital letters or digits";
    run({
        {"refresh token pasted into seller_id",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n"
         "    seller_id: Atzr|IwEBIexampleRefreshTokenValue\n"
         "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: \"${secret:b}\", "
         "refresh_token: \"${secret:c}\"}\n",
         {err(4, 16, "stores[0].seller_id", hidden + seller_id_hint)}},
        {"a stray quote swallows the following lines",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n"
         "    seller_id: \"A2EXAMPLE1\n"
         "    credentials:\n"
         "      lwa_client_secret: amzn1.oa2-cs.v1.0123456789abcdef\"\n"
         "    display_name: Shop\n",
         {err(2, 5, "stores[0].credentials", "missing required key 'credentials'"),
          err(4, 16, "stores[0].seller_id", hidden + seller_id_hint)}},
        {"a long opaque token in a patterned key",
         "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n"
         "    seller_id: Q2xpZW50U2VjcmV0VmFsdWVUaGF0SXNMb25nRW5vdWdo\n"
         "    credentials: {lwa_client_id: \"${secret:a}\", lwa_client_secret: \"${secret:b}\", "
         "refresh_token: \"${secret:c}\"}\n",
         {err(4, 16, "stores[0].seller_id", hidden + seller_id_hint)}},
    });
}

TEST_CASE("config: a value with a line break or control character stays on one line") {
    run({
        {"a key with a newline is echoed escaped",
         store("    \"sync\\nlevel\": stock_only\n"),
         {err(9, 5, "stores[0].sync\\nlevel",
              "unknown key 'sync\\nlevel'; did you mean 'sync_level'?")}},
        {"a choice with an escaped newline is echoed escaped",
         store("    sync_level: \"stock_only\\nfoo\"\n"),
         {err(9, 17, "stores[0].sync_level",
              "'stock_only\\nfoo' is not one of: orders_and_stock, stock_only; did you mean "
              "'stock_only'?")}},
        {"a display name with CR/LF",
         store("    display_name: \"My Shop\\r\\nSet-Cookie: x\"\n"),
         {err(9, 19, "stores[0].display_name",
              "must not hold control characters (line breaks, tabs...); write it on one line")}},
        {"a display name with a bell character",
         store("    display_name: \"Shop\\a\"\n"),
         {err(9, 19, "stores[0].display_name",
              "must not hold control characters (line breaks, tabs...); write it on one line")}},
        {"a block scalar display name",
         store("    display_name: |\n      two\n      lines\n"),
         {err(9, 19, "stores[0].display_name",
              "must not hold control characters (line breaks, tabs...); write it on one line")}},
    });
}

TEST_CASE("config: a file reference with '..' or through an unsafe folder is refused") {
    const std::string parts = "a ${file:...} reference path must not hold '.', '..' or '//' parts; "
                              "write the direct absolute path of the file";
    auto file_ref = [](const std::string& path) {
        return "stores:\n  - alias: uk1\n    marketplaces: {primary: UK}\n"
               "    seller_id: A2EXAMPLE1\n    credentials:\n"
               "      lwa_client_id: ${secret:id}\n      lwa_client_secret: ${secret:cs}\n"
               "      refresh_token: ${file:" +
               path + "}\n";
    };
    char tmpl[] = "/tmp/amzconn_fileref_XXXXXX";
    const std::string dir = ::mkdtemp(tmpl);
    std::filesystem::create_directory(dir + "/real");
    std::filesystem::create_directory_symlink(dir + "/real", dir + "/link");
    std::filesystem::create_directory(dir + "/shared");
    std::filesystem::permissions(dir + "/shared", std::filesystem::perms::group_write,
                                 std::filesystem::perm_options::add);
    std::filesystem::create_directory(dir + "/open");
    std::filesystem::permissions(dir + "/open", std::filesystem::perms::others_write,
                                 std::filesystem::perm_options::add);
    const std::string at = "stores[0].credentials.refresh_token";
    run({
        {"'..' climbs out of the folder", file_ref("/run/../etc/shadow"), {err(8, 22, at, parts)}},
        {"'.' part", file_ref("/run/./secrets/rt"), {err(8, 22, at, parts)}},
        {"empty part", file_ref("/run//secrets/rt"), {err(8, 22, at, parts)}},
        {"a symlinked folder",
         file_ref(dir + "/link/rt"),
         {err(8, 22, at,
              "folder " + dir +
                  "/link is a symbolic link; secret files must be reached through real "
                  "folders: write the path it points to")}},
        {"a group-writable folder",
         file_ref(dir + "/shared/rt"),
         {err(8, 22, at,
              "folder " + dir +
                  "/shared can be written by other users (group or world-writable); keep "
                  "secret files in a folder only its owner can write")}},
        {"a world-writable folder",
         file_ref(dir + "/open/rt"),
         {err(8, 22, at,
              "folder " + dir +
                  "/open can be written by other users (group or world-writable); keep "
                  "secret files in a folder only its owner can write")}},
    });
    // The control: the real folder itself (owner-only, as mkdtemp makes it) is accepted.
    std::filesystem::permissions(dir + "/real", std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace);
    auto ok = amzconn::config::load("ok.yaml", file_ref(dir + "/real/rt"), config_test::context());
    std::vector<std::string> problems = config_test::formatted(ok);
    // An ancestor outside the test (such as /tmp, world-writable) may still be refused; the
    // folders the test made are not what is named.
    for (const auto& p : problems) {
        CHECK(p.find(dir) == std::string::npos);
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("config: tls.ca_file names an existing PEM file by its direct absolute path") {
    run({
        {"relative path",
         store("instance:\n  tls: {ca_file: certs/ca.pem}\n"),
         {err(10, 18, "instance.tls.ca_file", "tls.ca_file needs an absolute path")}},
        {"'..' in the path",
         store("instance:\n  tls: {ca_file: /etc/ssl/../ca.pem}\n"),
         {err(10, 18, "instance.tls.ca_file",
              "tls.ca_file path must not hold '.', '..' or '//' parts; write the direct "
              "absolute path of the file")}},
        {"missing file",
         store("instance:\n  tls: {ca_file: /nonexistent/amzconn/ca.pem}\n"),
         {err(10, 18, "instance.tls.ca_file",
              "tls.ca_file /nonexistent/amzconn/ca.pem is not an existing file; check the path")}},
    });
}
