// event: builds a host event from the command line and hands it to the plugin.
#include "cli_args.hpp"
#include "commands.hpp"
#include "json_print.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

Result<json::object> stock_changed(const std::vector<std::string>& positionals) {
    if (positionals.size() < 2) {
        return Error{Status::bad_input, "stock-changed: give one or more SKUs"};
    }
    json::array skus;
    for (size_t i = 1; i < positionals.size(); ++i) {
        skus.push_back(json::string(positionals[i]));
    }
    return json::object{{"kind", "stock_changed"}, {"skus", std::move(skus)}};
}

// --lines SKU:QTY,SKU:QTY (a SKU may itself hold ':'; the quantity follows the last one).
Result<json::array> event_lines(const std::string& text, std::string_view kind) {
    json::array lines;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find(',', start);
        end = end == std::string::npos ? text.size() : end;
        const std::string item = text.substr(start, end - start);
        const size_t colon = item.rfind(':');
        const std::string quantity = colon == std::string::npos ? "" : item.substr(colon + 1);
        if (colon == 0 || colon == std::string::npos || quantity.empty() ||
            quantity.find_first_not_of("0123456789") != std::string::npos || quantity.size() > 9 ||
            std::stoll(quantity) < 1) {
            return Error{Status::bad_input, std::string(kind) +
                                                ": --lines takes SKU:QTY,SKU:QTY (a positive "
                                                "quantity per SKU), not '" +
                                                item + "'"};
        }
        lines.push_back(
            json::object{{"sku", item.substr(0, colon)}, {"quantity", std::stoll(quantity)}});
        start = end + 1;
    }
    return lines;
}

Result<json::object> shipped(const ParsedArgs& parsed) {
    auto order = parsed.value("--order");
    if (!order && parsed.positionals.size() == 2) {
        order = parsed.positionals[1]; // the older form: event shipped ORDER_REF
    }
    auto tracking = parsed.value("--tracking");
    if (!order || !tracking || parsed.positionals.size() > 2) {
        return Error{Status::bad_input,
                     "shipped: give --order KEY --tracking T [--carrier C] [--service S] "
                     "[--lines SKU:QTY,...] [--ship-date DATE]"};
    }
    json::object event{{"kind", "order_shipped"}, {"order", *order}, {"tracking", *tracking}};
    for (const auto& [option, field] :
         {std::pair{"--carrier", "carrier"}, std::pair{"--service", "service"}}) {
        if (auto value = parsed.value(option)) {
            event[field] = *value;
        }
    }
    if (auto lines = parsed.value("--lines")) {
        TRY_ASSIGN(auto parsed_lines, event_lines(*lines, "shipped"));
        event["lines"] = std::move(parsed_lines);
    }
    if (auto date = parsed.value("--ship-date")) {
        // A bare date means its midnight UTC.
        event["shipped_at"] = date->size() == 10 ? *date + "T00:00:00Z" : *date;
    }
    return event;
}

Result<json::object> cancelled(const ParsedArgs& parsed) {
    auto order = parsed.value("--order");
    if (!order && parsed.positionals.size() == 2) {
        order = parsed.positionals[1]; // the older form: event cancelled ORDER_REF
    }
    if (!order || parsed.positionals.size() > 2) {
        return Error{Status::bad_input,
                     "cancelled: give --order KEY [--reason R] [--lines SKU:QTY,...]"};
    }
    json::object event{{"kind", "order_cancelled"}, {"order", *order}};
    if (auto reason = parsed.value("--reason")) {
        event["reason"] = *reason;
    }
    if (auto lines = parsed.value("--lines")) {
        TRY_ASSIGN(auto parsed_lines, event_lines(*lines, "cancelled"));
        event["lines"] = std::move(parsed_lines);
    }
    return event;
}

Result<json::object> build_event(const ParsedArgs& parsed) {
    const auto& positionals = parsed.positionals;
    const std::string kind = positionals.empty() ? "" : positionals[0];
    if (kind == "stock-changed") {
        return stock_changed(positionals);
    }
    if (kind == "shipped") {
        return shipped(parsed);
    }
    if (kind == "cancelled") {
        return cancelled(parsed);
    }
    return Error{Status::bad_input,
                 (kind.empty() ? "give an event" : "unknown event '" + kind + "'") +
                     ": use stock-changed, shipped or cancelled"};
}

Result<int> event_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed,
               parse_args(args, {{"--order", "--carrier", "--tracking", "--service", "--lines",
                                  "--ship-date", "--reason"},
                                 {"--json"}}));
    TRY_ASSIGN(const auto event, build_event(parsed));
    const std::string event_json = json::serialize(event);
    TRY_ASSIGN(auto* host, context.host());
    TRY_ASSIGN(auto* connector, context.connector());
    TRY_ASSIGN(const auto handled, connector->handle_event(event_json));
    // Kept in the host's event table once the plugin took it (a refused event is not kept).
    TRY(host->record_event(event.at("kind").as_string(), event_json));
    context.out() << (parsed.flag("--json") ? handled + "\n" : fields_text(handled));
    return k_exit_ok;
}

int run_event(CliContext& context, const CommandArgs& args) {
    return context.finish("event", event_body(context, args));
}

} // namespace

namespace {

// The command-line form of each event kind a plugin may take.
struct EventForm {
    std::string_view kind;
    std::string_view usage;
};
constexpr EventForm k_event_forms[] = {
    {"stock_changed", "event stock-changed SKU..."},
    {"order_shipped", "event shipped --order KEY --tracking T [--carrier C] [--service S]\n"
                      "                        [--lines SKU:QTY,...] [--ship-date DATE]"},
    {"order_cancelled", "event cancelled --order KEY [--reason R] [--lines SKU:QTY,...]"},
};

// What `event --help` says of cancellations, when the plugin takes them.
constexpr std::string_view k_cancelled_help =
    "cancelled: the plugin records the cancellation (kind cancellation, key KEY, or\n"
    "KEY#SKU:QTY,... with --lines) and queues it; it goes to Amazon in one feed with the\n"
    "others once the config's cancellations.batch_delay has passed (send_cancellations).\n"
    "--reason is one of Amazon's CancelReason values (default cancellations.default_reason):\n"
    "NoInventory, ShippingAddressUndeliverable, CustomerExchange, BuyerCanceled,\n"
    "GeneralAdjustment, CarrierCreditDecision, RiskAssessmentInformationNotValid,\n"
    "CarrierCoverageFailure, CustomerReturn, MerchandiseNotReceived. --lines cancels those\n"
    "units only (default: the whole order, what is not shipped of it).\n"
    "\n"
    "  amzconn-host event cancelled --order uk1:026-1234567-1234567 --reason NoInventory\n"
    "\n";

// The event kinds in the plugin's manifest ("events"), or the reason there are none to show.
Result<std::vector<std::string>> manifest_events(CliContext& context) {
    TRY_ASSIGN(auto lib, context.library());
    TRY_ASSIGN(const auto manifest, lib->manifest());
    boost::system::error_code ec;
    const json::value parsed = json::parse(manifest, ec);
    const auto* object = ec ? nullptr : parsed.if_object();
    const auto* events = object != nullptr ? object->if_contains("events") : nullptr;
    std::vector<std::string> kinds;
    if (events != nullptr && events->is_array()) {
        for (const auto& kind : events->as_array()) {
            if (kind.is_string()) {
                kinds.emplace_back(kind.as_string());
            }
        }
    }
    return kinds;
}

// `event --help`: only the events the loaded plugin says it handles.
std::string event_help(CliContext& context) {
    const auto handled = manifest_events(context);
    std::string usage;
    std::string prefix = "usage: ";
    for (const auto& form : k_event_forms) {
        if (handled && std::find(handled->begin(), handled->end(), form.kind) == handled->end()) {
            continue;
        }
        usage += prefix + "amzconn-host [--db FILE] [--plugin FILE] " + std::string(form.usage) +
                 " [--json]\n";
        prefix = "       ";
    }
    std::string text = usage.empty() ? "usage: amzconn-host event ... (this plugin takes no "
                                       "events)\n"
                                     : usage;
    text +=
        "\n"
        "Hands the event to the plugin, which queues the matching Amazon update durably, and\n"
        "keeps it in the database's event table once the plugin took it. Prints the plugin's\n"
        "answer, one `field: value` line each.\n"
        "\n"
        "shipped: KEY is the sales order's key (<store alias>:<Amazon order id>) or its Amazon\n"
        "order id. The plugin records the shipment in this database (kind shipment, key\n"
        "KEY#T) and confirms it to Amazon at once; what it cannot send now, confirm_shipments\n"
        "sends later. --lines lists the units in this package (default: whatever of the order\n"
        "is not shipped yet); --ship-date is a date (midnight UTC) or an RFC 3339 time\n"
        "(default now); a carrier neither in the config's shipping.carriers nor an Amazon\n"
        "carrier code goes to Amazon as shipping.default_carrier.\n"
        "\n"
        "  --json   the plugin's answer as JSON on one line\n"
        "\n"
        "Example:\n"
        "  amzconn-host event shipped --order uk1:026-1234567-1234567 --carrier \"Royal Mail\" \\\n"
        "      --tracking RM123456789GB --service \"Tracked 48\" --lines MUG-BLUE-UK:2\n"
        "\n";
    if (!handled ||
        std::find(handled->begin(), handled->end(), "order_cancelled") != handled->end()) {
        text += k_cancelled_help;
    }
    text += handled ? "The events listed are those the plugin's manifest says it handles.\n"
                    : "Could not read the plugin's manifest (" + handled.error().message +
                          "), so every form is listed; the plugin refuses an event it does not "
                          "handle, with exit 1.\n";
    return text;
}

} // namespace

CommandInfo event_command() {
    return {"event", "tell the plugin about a host event (stock, shipment, cancellation)",
            "usage: amzconn-host [--db FILE] [--plugin FILE] event KIND ... [--json]\n", run_event,
            event_help};
}

} // namespace amzconn::refhost
