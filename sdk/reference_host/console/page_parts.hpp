// Pieces several console pages share: the plugin's store list, a job report as HTML, a store
// picker, a page that only says what went wrong.
#pragma once

#include "console/console.hpp"

#include <boost/json/object.hpp>
#include <string>
#include <vector>

namespace amzconn::refhost::console {

// A JSON array answer (the plugin's or the host's) as its objects; `what` names it in the error.
Result<std::vector<boost::json::object>> json_objects(std::string_view answer,
                                                      std::string_view what);

// The plugin's list_stores answer, one object per store.
Result<std::vector<boost::json::object>> list_stores(host::ConnectorHandle& connector);

// <option>s for every store alias, `selected` marked.
std::string store_options(const std::vector<boost::json::object>& stores,
                          std::string_view selected);

// The store tile's Connect to Amazon button (page_connect.cpp).
std::string connect_link(const std::string& alias);

// A job report: its status as a badge, then `amzconn-host run`'s summary of it.
std::string report_html(const std::string& report_json);

// A page with one alert (kind danger) saying `message`.
Response message_page(const PageContext& page, std::string_view title, std::string_view active,
                      int status, std::string_view message);

// A page: layout() with the session's CSRF token.
Response html_page(const PageContext& page, std::string_view title, std::string_view active,
                   std::string body);

} // namespace amzconn::refhost::console
