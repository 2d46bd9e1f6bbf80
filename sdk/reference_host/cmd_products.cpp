// products and product set: the product list admins see (the plugin's list_products job) and the
// bulk edit of per-product listing settings (its set_product_settings job).
#include "cli_args.hpp"
#include "commands.hpp"
#include "escape_text.hpp"
#include "json_fields.hpp"
#include "json_print.hpp"
#include "read_file.hpp"

#include <boost/json.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

// The report as an object, or why not; a report whose status is not ok or partial is an error
// carrying its messages.
Result<json::object> report_object(const std::string& answer, const std::string& job) {
    boost::system::error_code ec;
    auto report = json::parse(answer, ec);
    if (ec || !report.is_object()) {
        return Error{Status::internal, "the plugin's " + job + " report is not a JSON object"};
    }
    auto object = std::move(report.as_object());
    const auto status = field_text(object, "status");
    if (status != "ok" && status != "partial") {
        std::string text = job + " ended " + status;
        if (const auto* m = object.if_contains("messages"); m && m->is_array()) {
            for (const auto& line : m->as_array()) {
                text += "\n  " + escape_controls(line.is_string() ? std::string(line.as_string())
                                                                  : json::serialize(line));
            }
        }
        return Error{status == "retry_later" ? Status::retry_later : Status::bad_input, text};
    }
    return object;
}

Result<int> products_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{"--store", "--search"}, {}}));
    const auto store = parsed.value("--store");
    if (!store || !parsed.positionals.empty()) {
        return Error{Status::bad_input, "give --store ALIAS (and optionally --search TEXT)"};
    }
    json::object job_args;
    if (auto search = parsed.value("--search")) {
        job_args["search"] = *search;
    }
    TRY_ASSIGN(auto* connector, context.connector());
    TRY_ASSIGN(const auto answer,
               connector->run_job("list_products", *store, json::serialize(job_args)));
    TRY_ASSIGN(const auto report, report_object(answer, "list_products"));
    const auto* rows = report.if_contains("products");
    context.out() << pretty_json(rows != nullptr ? *rows : json::array()) << "\n";
    return k_exit_ok;
}

// The job's arguments from `product set`'s options; SKUs from the command line and --file.
Result<json::object> set_args(const ParsedArgs& parsed) {
    std::string skus;
    for (size_t i = 1; i < parsed.positionals.size(); ++i) {
        skus += parsed.positionals[i] + "\n";
    }
    if (auto file = parsed.value("--file")) {
        TRY_ASSIGN(const auto text, read_text_file(*file));
        skus += text;
    }
    json::object job_args{{"skus", skus}};
    for (const auto& [option, name] :
         {std::pair{"--lead-time", "lead_time"}, std::pair{"--sync", "sync"},
          std::pair{"--fulfillment", "fulfillment"}}) {
        if (auto value = parsed.value(option)) {
            job_args[name] = *value;
        }
    }
    return job_args;
}

Result<int> product_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed,
               parse_args(args, {{"--store", "--lead-time", "--sync", "--fulfillment", "--file"},
                                 {"--json"}}));
    if (parsed.positionals.empty() || parsed.positionals[0] != "set") {
        return Error{Status::bad_input, "use: product set SKU... --store ALIAS [--lead-time DAYS] "
                                        "[--sync on|off] [--fulfillment AFN|MFN|none]"};
    }
    const auto store = parsed.value("--store");
    if (!store) {
        return Error{Status::bad_input, "give --store ALIAS"};
    }
    TRY_ASSIGN(const auto job_args, set_args(parsed));
    TRY_ASSIGN(auto* connector, context.connector());
    TRY_ASSIGN(const auto answer,
               connector->run_job("set_product_settings", *store, json::serialize(job_args)));
    if (parsed.flag("--json")) {
        context.out() << answer << "\n";
        return k_exit_ok;
    }
    TRY_ASSIGN(const auto report, report_object(answer, "set_product_settings"));
    const auto& counts = report.at("counts").as_object();
    context.out() << "store " << escape_controls(*store) << ": " << field_text(counts, "updated")
                  << " product(s) changed, " << field_text(counts, "unchanged") << " already so, "
                  << field_text(counts, "unknown") << " SKU(s) unknown\n";
    for (const auto& line : report.at("messages").as_array()) {
        context.out() << "  " << escape_controls(std::string(line.as_string())) << "\n";
    }
    return field_text(report, "status") == "ok" ? k_exit_ok : k_exit_user;
}

int run_products(CliContext& context, const CommandArgs& args) {
    return context.finish("products", products_body(context, args));
}

int run_product(CliContext& context, const CommandArgs& args) {
    return context.finish("product", product_body(context, args));
}

} // namespace

CommandInfo products_command() {
    return {"products", "list a store's Amazon listings with their host products and settings",
            "usage: amzconn-host [--db FILE] [--plugin FILE] products --store ALIAS\n"
            "                    [--search TEXT]\n"
            "\n"
            "Prints, as a JSON array, every Amazon listing of the store's marketplaces (the\n"
            "plugin's list_products job): marketplace, sku, asin, title, channel, the host\n"
            "product it is bound to (null: none; conflict: the products that all claim it),\n"
            "sync (on/off), lead_time_days and its source, switch_fulfillment_to, and\n"
            "last_sent: the quantity, handling time and price Amazon last accepted, or its\n"
            "error. Exit 1 when Amazon's listings report is not ready yet: run it again.\n"
            "\n"
            "  --store ALIAS   the store\n"
            "  --search TEXT   only listings whose SKU, ASIN, title or product contains TEXT\n",
            run_products};
}

CommandInfo product_command() {
    return {"product", "set sync, lead time or fulfilment of many products at once",
            "usage: amzconn-host [--db FILE] [--plugin FILE] product set SKU... --store ALIAS\n"
            "                    [--lead-time DAYS|default] [--sync on|off]\n"
            "                    [--fulfillment AFN|MFN|none] [--file FILE] [--json]\n"
            "\n"
            "Writes the settings to each SKU's host product (the plugin's set_product_settings\n"
            "job), in the attributes the store's config names: products.lead_time_attribute,\n"
            "products.skip_attribute (sync off) and products.switch_fulfillment_attribute. The\n"
            "next export_stock sends them to Amazon. Exit 1 when a SKU is unknown.\n"
            "\n"
            "  --store ALIAS          the store\n"
            "  --lead-time DAYS       handling days 0 to 30; default: the store's\n"
            "                         products.lead_time_days again\n"
            "  --sync on|off          off: the stock export leaves the listing alone\n"
            "  --fulfillment AFN|MFN  SwitchFulfillmentTo; none: no switch\n"
            "  --file FILE            more SKUs, separated by lines, commas or spaces\n"
            "  --json                 the job report as JSON on one line instead\n",
            run_product};
}

} // namespace amzconn::refhost
