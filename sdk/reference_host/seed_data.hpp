// Reads a host master-data file (YAML or JSON) for `amzconn-host seed`: top-level lists
// warehouses, products, stock_levels, price_tiers, customers of entity documents, each keyed by its
// natural key (code / product@warehouse / name / code).
#pragma once

#include "amzconn/result.hpp"

#include <filesystem>
#include <string>
#include <vector>

namespace amzconn::refhost {

struct SeedItem {
    std::string kind;     // entity kind, e.g. "stock_level"
    std::string key;      // natural key
    std::string doc_json; // the document
    std::string where;    // "file:line:col: products[2]" for messages
};

struct SeedData {
    std::vector<SeedItem> items;
    std::vector<std::string> problems; // every problem found, already prefixed with `where`
};

// Reads and converts the file. YAML plain scalars become booleans, null and integers where they
// look like them; anything else (decimals included, so money stays exact) stays a string.
Result<SeedData> read_seed_file(const std::filesystem::path& file);

} // namespace amzconn::refhost
