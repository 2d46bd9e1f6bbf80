// check, run, store and event: the commands that drive a connector instance.
#include "cancel_watch.hpp"
#include "cli_args.hpp"
#include "commands.hpp"
#include "json_print.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

std::string field_text(const json::object& object, std::string_view field) {
    const auto* value = object.if_contains(field);
    if (value == nullptr || value->is_null()) {
        return {};
    }
    return value->is_string() ? std::string(value->as_string()) : json::serialize(*value);
}

// The aliases in a list_stores answer.
std::vector<std::string> store_aliases(std::string_view stores_json) {
    std::vector<std::string> aliases;
    boost::system::error_code ec;
    const json::value stores = json::parse(stores_json, ec);
    if (ec || !stores.is_array()) {
        return aliases;
    }
    for (const auto& store : stores.as_array()) {
        if (store.is_object()) {
            if (auto alias = field_text(store.as_object(), "alias"); !alias.empty()) {
                aliases.push_back(std::move(alias));
            }
        }
    }
    return aliases;
}

int run_check(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{"--store"}, {"--json"}});
    if (!parsed) {
        return context.fail("check", parsed.error());
    }
    if (!parsed->positionals.empty()) {
        return context.fail("check", Error{Status::bad_input, "unexpected argument '" +
                                                                  parsed->positionals[0] +
                                                                  "': use --store ALIAS"});
    }
    auto connector = context.connector();
    if (!connector) {
        return context.fail("check", connector.error());
    }
    std::vector<std::string> aliases;
    if (auto store = parsed->value("--store")) {
        aliases.push_back(*store);
    } else {
        auto stores = (*connector)->list_stores();
        if (!stores) {
            return context.fail("check", stores.error());
        }
        aliases = store_aliases(*stores);
        if (aliases.empty()) {
            return context.fail("check", Error{Status::bad_input,
                                               "no stores are installed: run `amzconn-host "
                                               "install CONFIG.yaml` first"});
        }
    }
    int exit_code = k_exit_ok;
    json::array results;
    for (const auto& alias : aliases) {
        auto checked = (*connector)->check(alias);
        if (!checked) {
            exit_code = std::max(exit_code, context.fail("check " + alias, checked.error()));
            continue;
        }
        boost::system::error_code ec;
        json::value result = json::parse(*checked, ec);
        const bool ok = !ec && result.is_object() && result.as_object().contains("ok") &&
                        result.as_object().at("ok").is_bool() &&
                        result.as_object().at("ok").as_bool();
        if (!ok) {
            exit_code = std::max(exit_code, static_cast<int>(k_exit_user));
        }
        if (parsed->flag("--json")) {
            results.push_back(ec ? json::value(json::string(*checked)) : result);
        } else {
            const std::string message =
                !ec && result.is_object() ? field_text(result.as_object(), "message") : *checked;
            context.out() << alias << ": " << (ok ? "ok" : "FAILED")
                          << (message.empty() ? "" : ": " + message) << "\n";
        }
    }
    if (parsed->flag("--json")) {
        context.out() << json::serialize(results) << "\n";
    }
    return exit_code;
}

Result<std::string> args_to_json(const std::vector<std::string>& pairs) {
    json::object object;
    for (const auto& pair : pairs) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0) {
            return Error{Status::bad_input,
                         "--arg '" + pair +
                             "' must look like KEY=VALUE, e.g. --arg since=2026-01-01"};
        }
        object[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    return json::serialize(object);
}

int run_run(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{"--store", "--arg"}, {"--json"}});
    if (!parsed) {
        return context.fail("run", parsed.error());
    }
    if (parsed->positionals.size() != 1) {
        return context.fail(
            "run",
            Error{Status::bad_input, "give one JOB (see `amzconn-host manifest` for the jobs)"});
    }
    const std::string& job = parsed->positionals[0];
    auto args_json = args_to_json(parsed->all("--arg"));
    if (!args_json) {
        return context.fail("run " + job, args_json.error());
    }
    auto connector = context.connector();
    if (!connector) {
        return context.fail("run " + job, connector.error());
    }
    Result<std::string> report = Error{Status::internal, "not run"};
    {
        CancelWatch watch(**connector);
        report = (*connector)->run_job(job, parsed->value("--store").value_or(""), *args_json);
    }
    if (!report) {
        return context.fail("run " + job, report.error());
    }
    context.out() << (parsed->flag("--json") ? *report : pretty_json_text(*report)) << "\n";
    return k_exit_ok;
}

int store_list(CliContext& context, host::ConnectorHandle& connector, bool as_json) {
    auto stores = connector.list_stores();
    if (!stores) {
        return context.fail("store list", stores.error());
    }
    if (as_json) {
        context.out() << *stores << "\n";
        return k_exit_ok;
    }
    boost::system::error_code ec;
    const json::value list = json::parse(*stores, ec);
    if (ec || !list.is_array()) {
        return context.fail("store list",
                            Error{Status::internal, "the plugin's store list is not a JSON array"});
    }
    if (list.as_array().empty()) {
        context.out() << "no stores: install a config with `amzconn-host install CONFIG.yaml`\n";
    }
    for (const auto& item : list.as_array()) {
        if (!item.is_object()) {
            continue;
        }
        const auto& store = item.as_object();
        const auto* open = store.if_contains("open");
        const bool is_open = open != nullptr && open->is_bool() && open->as_bool();
        context.out() << field_text(store, "alias") << "\t" << (is_open ? "open" : "closed");
        if (auto name = field_text(store, "display_name"); !name.empty()) {
            context.out() << "\t" << name;
        }
        if (auto level = field_text(store, "sync_level"); !level.empty()) {
            context.out() << "\t" << level;
        }
        context.out() << "\n";
    }
    return k_exit_ok;
}

int run_store(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{}, {"--json"}});
    if (!parsed) {
        return context.fail("store", parsed.error());
    }
    const auto& positionals = parsed->positionals;
    if (positionals.empty()) {
        return context.fail("store",
                            Error{Status::bad_input, "give list, open ALIAS or close ALIAS"});
    }
    const std::string& action = positionals[0];
    if (action != "list" && action != "open" && action != "close") {
        return context.fail("store", Error{Status::bad_input, "unknown action '" + action +
                                                                  "': use list, open or close"});
    }
    if ((action == "list" && positionals.size() != 1) ||
        (action != "list" && positionals.size() != 2)) {
        return context.fail("store " + action,
                            Error{Status::bad_input, action == "list" ? "takes no arguments"
                                                                      : "give one store ALIAS"});
    }
    auto connector = context.connector();
    if (!connector) {
        return context.fail("store " + action, connector.error());
    }
    if (action == "list") {
        return store_list(context, **connector, parsed->flag("--json"));
    }
    const std::string& alias = positionals[1];
    auto changed = (*connector)->set_store_open(alias, action == "open");
    if (!changed) {
        return context.fail("store " + action + " " + alias, changed.error());
    }
    if (parsed->flag("--json")) {
        context.out() << *changed << "\n";
    } else {
        context.out() << "store " << alias << " is " << (action == "open" ? "open" : "closed")
                      << "\n";
    }
    return k_exit_ok;
}

int run_event(CliContext& context, const CommandArgs& args) {
    auto parsed =
        parse_args(args, {{"--carrier", "--tracking", "--service", "--reason"}, {"--json"}});
    if (!parsed) {
        return context.fail("event", parsed.error());
    }
    const auto& positionals = parsed->positionals;
    if (positionals.empty()) {
        return context.fail("event",
                            Error{Status::bad_input, "give stock-changed, shipped or cancelled"});
    }
    const std::string& kind = positionals[0];
    json::object event;
    if (kind == "stock-changed") {
        if (positionals.size() < 2) {
            return context.fail("event stock-changed",
                                Error{Status::bad_input, "give one or more SKUs"});
        }
        json::array skus;
        for (size_t i = 1; i < positionals.size(); ++i) {
            skus.push_back(json::string(positionals[i]));
        }
        event["kind"] = "stock_changed";
        event["skus"] = std::move(skus);
    } else if (kind == "shipped") {
        auto carrier = parsed->value("--carrier");
        auto tracking = parsed->value("--tracking");
        if (positionals.size() != 2 || !carrier || !tracking) {
            return context.fail(
                "event shipped",
                Error{Status::bad_input, "give ORDER_REF --carrier C --tracking T [--service S]"});
        }
        event["kind"] = "order_shipped";
        event["order"] = positionals[1];
        event["carrier"] = *carrier;
        event["tracking"] = *tracking;
        if (auto service = parsed->value("--service")) {
            event["service"] = *service;
        }
    } else if (kind == "cancelled") {
        auto reason = parsed->value("--reason");
        if (positionals.size() != 2 || !reason) {
            return context.fail("event cancelled",
                                Error{Status::bad_input, "give ORDER_REF --reason R"});
        }
        event["kind"] = "order_cancelled";
        event["order"] = positionals[1];
        event["reason"] = *reason;
    } else {
        return context.fail(
            "event", Error{Status::bad_input, "unknown event '" + kind +
                                                  "': use stock-changed, shipped or cancelled"});
    }
    const std::string event_json = json::serialize(event);
    auto services = context.host();
    if (!services) {
        return context.fail("event " + kind, services.error());
    }
    auto connector = context.connector();
    if (!connector) {
        return context.fail("event " + kind, connector.error());
    }
    if (auto recorded = (*services)->record_event(event.at("kind").as_string(), event_json);
        !recorded) {
        return context.fail("event " + kind, recorded.error());
    }
    auto handled = (*connector)->handle_event(event_json);
    if (!handled) {
        return context.fail("event " + kind, handled.error());
    }
    context.out() << (parsed->flag("--json") ? *handled : pretty_json_text(*handled)) << "\n";
    return k_exit_ok;
}

} // namespace

CommandInfo check_command() {
    return {"check", "test the connection of one store or of every store",
            "usage: amzconn-host [--db FILE] [--plugin FILE] check [--store ALIAS] [--json]\n"
            "\n"
            "Asks the plugin to test each store's connection (credentials, marketplaces) and\n"
            "prints one line per store. Exit 1 when any store fails.\n"
            "\n"
            "  --store ALIAS   only this store (default: every installed store)\n"
            "  --json          print the plugin's check results as a JSON array\n",
            run_check};
}

CommandInfo run_command() {
    return {"run", "run one job now and print its report",
            "usage: amzconn-host [--db FILE] [--plugin FILE] run JOB [--store ALIAS]\n"
            "                    [--arg KEY=VALUE]... [--json]\n"
            "\n"
            "Runs JOB (a job name from the manifest) for one store, or for every store it\n"
            "applies to, and prints the job report JSON. SIGTERM or Ctrl-C asks the job to stop\n"
            "at its next safe point. Exit 1 when the plugin refuses (bad input, unknown store or\n"
            "job, not implemented), with its message.\n"
            "\n"
            "  --store ALIAS     the store (default: every store the job applies to)\n"
            "  --arg KEY=VALUE   a job argument (repeatable)\n"
            "  --json            compact JSON (default: indented)\n",
            run_run};
}

CommandInfo store_command() {
    return {"store", "list stores, open or close a store",
            "usage: amzconn-host [--db FILE] [--plugin FILE] store list [--json]\n"
            "       amzconn-host [--db FILE] [--plugin FILE] store open ALIAS\n"
            "       amzconn-host [--db FILE] [--plugin FILE] store close ALIAS\n"
            "\n"
            "list    every installed store, open or closed (--json: the plugin's list)\n"
            "open    start syncing ALIAS (persisted; written to the connection log)\n"
            "close   stop syncing ALIAS; nothing is deleted\n",
            run_store};
}

CommandInfo event_command() {
    return {
        "event", "tell the plugin about a host event (stock, shipment, cancellation)",
        "usage: amzconn-host [--db FILE] [--plugin FILE] event stock-changed SKU...\n"
        "       amzconn-host ... event shipped ORDER_REF --carrier C --tracking T [--service S]\n"
        "       amzconn-host ... event cancelled ORDER_REF --reason R\n"
        "\n"
        "Records the event in the database and hands it to the plugin, which queues the\n"
        "matching Amazon update durably. Prints the plugin's small report.\n"
        "\n"
        "  --json   compact JSON (default: indented)\n",
        run_event};
}

} // namespace amzconn::refhost
