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

// Every problem in the file, each with its position; empty when all is well.
std::vector<std::string> seed_problems(const SeedData& data) {
    std::vector<std::string> problems = data.problems;
    for (const auto& item : data.items) {
        if (auto valid = validate_entity(item.kind, item.doc_json); !valid) {
            problems.push_back(item.where + ": " + valid.error().message);
        }
    }
    return problems;
}

// "product 2 new, 0 changed, 0 unchanged, ..." from the per-document transact results.
std::string seed_counts(const SeedData& data, const std::string& applied) {
    std::map<std::string, std::array<size_t, 3>> counts; // created, changed, unchanged
    const json::value results = json::parse(applied);
    for (size_t i = 0; i < data.items.size() && i < results.as_array().size(); ++i) {
        const auto& result = results.as_array()[i].as_object();
        auto& count = counts[data.items[i].kind];
        ++count[result.at("created").as_bool() ? 0 : result.at("changed").as_bool() ? 1 : 2];
    }
    std::string text;
    for (const auto& [kind, count] : counts) {
        text += (text.empty() ? " " : ", ") + kind + " " + std::to_string(count[0]) + " new, " +
                std::to_string(count[1]) + " changed, " + std::to_string(count[2]) + " unchanged";
    }
    return text.empty() ? " nothing to seed" : text;
}

Result<int> seed_body(CliContext& context, const CommandArgs& args) {
    TRY_ASSIGN(const auto parsed, parse_args(args, {{}, {"--json"}}));
    if (parsed.positionals.size() != 1) {
        return Error{Status::bad_input, "give one DATA.yaml or DATA.json"};
    }
    const std::string& file = parsed.positionals[0];
    TRY_ASSIGN(const auto data, read_seed_file(file));
    // Validate everything first and report every problem: nothing is written on any error.
    if (const auto problems = seed_problems(data); !problems.empty()) {
        for (const auto& problem : problems) {
            context.out() << problem << "\n";
        }
        context.err() << "amzconn-host: seed " << file << ": " << problems.size()
                      << " problem(s); nothing was written\n";
        return k_exit_user;
    }
    json::array ops;
    for (const auto& item : data.items) {
        ops.push_back(json::object{{"op", "upsert"},
                                   {"kind", item.kind},
                                   {"key", item.key},
                                   {"doc", json::parse(item.doc_json)}});
    }
    TRY_ASSIGN(auto* host, context.host());
    TRY_ASSIGN(const auto applied, host->transact(json::serialize(ops)));
    if (parsed.flag("--json")) {
        context.out() << applied << "\n";
    } else {
        context.out() << "seeded " << file << ":" << seed_counts(data, applied) << "\n";
    }
    return k_exit_ok;
}

int run_seed(CliContext& context, const CommandArgs& args) {
    return context.finish("seed", seed_body(context, args));
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
