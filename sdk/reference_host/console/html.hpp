// HTML building for the console's server-rendered pages: every value from the plugin, the host,
// Amazon or the request goes through html_escape; the layout links only local static files, so the
// strict Content-Security-Policy (no inline script or style) holds.
#pragma once

#include <string>
#include <string_view>

namespace amzconn::refhost::console {

// & < > " ' as entities and control characters other than tab and newline as '?', so a
// value can close no tag or attribute, in text or in a quoted attribute.
std::string html_escape(std::string_view text);

// The hidden form field carrying the session's CSRF token.
std::string csrf_field(std::string_view csrf);

// A whole page: head (title, Bootstrap, console.js), the navigation bar (`active`: stores, jobs,
// products, orders, log, config; empty: none, and no sign-out), `body` (already HTML) in a
// container.
std::string layout(std::string_view title, std::string_view active, std::string_view csrf,
                   std::string_view body);

// A Bootstrap alert with escaped text; kind: success, danger, warning, info.
std::string alert(std::string_view kind, std::string_view text);

} // namespace amzconn::refhost::console
