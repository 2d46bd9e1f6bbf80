// Small helpers for the JSON the plugin exchanges with host services: entity queries as arrays,
// and lenient field reads of documents the host already validated.
#pragma once

#include "amzconn/host_services.hpp"

#include <boost/json.hpp>
#include <string>
#include <string_view>

namespace amzconn::plugin {

// entity_query with a JSON filter; an answer that is not a JSON array is the host's bug.
Result<boost::json::array> query_entities(HostServices& host, std::string_view kind,
                                          const boost::json::object& filter);

// The field as text / integer, or empty / 0 when absent or of another type.
std::string text_field(const boost::json::object& object, std::string_view key);
int64_t int_field(const boost::json::object& object, std::string_view key);

// The host's "id" of a document entity_query returned (text or an integer), or empty: the cursor
// the next page starts "after" (sdk/docs/host-guide.md). Every caller that pages uses it.
std::string entity_id(const boost::json::object& doc);

// A stable fingerprint of a host document without the host's own "id": it changes exactly when
// the host changed what the document says, so an engine re-plans only edited documents.
std::string document_fingerprint(boost::json::object doc);

} // namespace amzconn::plugin
