// The entity_query filter language: a JSON object of field equalities on the document (dotted paths
// such as "attributes.amazon_sku" reach into nested objects) plus optional "limit" and "after" (an
// id).
#pragma once

#include "amzconn/result.hpp"

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace amzconn::refhost {

struct EntityFilter {
    std::vector<std::pair<std::string, boost::json::value>> equalities;
    int64_t limit = 0; // 0: no limit
    int64_t after = 0; // only ids greater than this
};

// Parses filter JSON; empty text means "everything".
Result<EntityFilter> parse_entity_filter(std::string_view filter_json);

// The value at a dotted path in doc, or nullptr when any step is missing. A key that itself
// contains dots is found first as a whole.
const boost::json::value* find_path(const boost::json::value& doc, std::string_view path);

bool matches(const EntityFilter& filter, const boost::json::value& doc);

} // namespace amzconn::refhost
