// seed: loads host master data (warehouses, products, stock levels, price tiers, customers).
#include "amzconn/entities.hpp"
#include "cli_args.hpp"
#include "commands.hpp"
#include "seed_data.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <ostream>

namespace amzconn::refhost {

namespace json = boost::json;

namespace {

int run_seed(CliContext& context, const CommandArgs& args) {
    auto parsed = parse_args(args, {{}, {"--json"}});
    if (!parsed) {
        return context.fail("seed", parsed.error());
    }
    if (parsed->positionals.size() != 1) {
        return context.fail("seed", Error{Status::bad_input, "give one DATA.yaml or DATA.json"});
    }
    const std::string& file = parsed->positionals[0];
    auto data = read_seed_file(file);
    if (!data) {
        return context.fail("seed", data.error());
    }
    // Validate everything first and report every problem: nothing is written on any error.
    std::vector<std::string> problems = data->problems;
    for (const auto& item : data->items) {
        if (auto valid = validate_entity(item.kind, item.doc_json); !valid) {
            problems.push_back(item.where + ": " + valid.error().message);
        }
    }
    if (!problems.empty()) {
        for (const auto& problem : problems) {
            context.out() << problem << "\n";
        }
        context.err() << "amzconn-host: seed " << file << ": " << problems.size()
                      << " problem(s); nothing was written\n";
        return k_exit_user;
    }
    json::array ops;
    for (const auto& item : data->items) {
        ops.push_back(json::object{{"op", "upsert"},
                                   {"kind", item.kind},
                                   {"key", item.key},
                                   {"doc", json::parse(item.doc_json)}});
    }
    auto services = context.host();
    if (!services) {
        return context.fail("seed", services.error());
    }
    auto applied = (*services)->transact(json::serialize(ops));
    if (!applied) {
        return context.fail("seed " + file, applied.error());
    }
    if (parsed->flag("--json")) {
        context.out() << *applied << "\n";
        return k_exit_ok;
    }
    // kind -> {created, changed, unchanged}
    std::map<std::string, std::array<size_t, 3>> counts;
    const json::value results = json::parse(*applied);
    for (size_t i = 0; i < data->items.size() && i < results.as_array().size(); ++i) {
        const auto& result = results.as_array()[i].as_object();
        auto& count = counts[data->items[i].kind];
        if (result.at("created").as_bool()) {
            ++count[0];
        } else if (result.at("changed").as_bool()) {
            ++count[1];
        } else {
            ++count[2];
        }
    }
    context.out() << "seeded " << file << ":";
    if (counts.empty()) {
        context.out() << " nothing to seed";
    }
    bool first = true;
    for (const auto& [kind, count] : counts) {
        context.out() << (first ? " " : ", ") << kind << " " << count[0] << " new, " << count[1]
                      << " changed, " << count[2] << " unchanged";
        first = false;
    }
    context.out() << "\n";
    return k_exit_ok;
}

} // namespace

CommandInfo seed_command() {
    return {"seed", "load host master data from YAML or JSON",
            "usage: amzconn-host [--db FILE] seed DATA.yaml|DATA.json [--json]\n"
            "\n"
            "Upserts host master data: top-level lists `warehouses`, `products` (with BOMs),\n"
            "`stock_levels`, `price_tiers` and `customers` of entity documents\n"
            "(sdk/docs/entities.md). Each is keyed by its natural key: code, product@warehouse,\n"
            "name, code; seeding the same file twice changes nothing. Every document is\n"
            "validated first and nothing is written when any is wrong. In YAML, unquoted decimals\n"
            "stay exact strings (money is never a float).\n"
            "\n"
            "  --json   print the per-document results {id, created, changed}\n",
            run_seed};
}

} // namespace amzconn::refhost
