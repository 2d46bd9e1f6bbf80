#include "console/html.hpp"

#include <array>
#include <utility>

namespace amzconn::refhost::console {

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size() + text.size() / 8);
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            const auto byte = static_cast<unsigned char>(c);
            out += (byte < 0x20 && c != '\t' && c != '\n') || byte == 0x7f ? '?' : c;
        }
    }
    return out;
}

std::string csrf_field(std::string_view csrf) {
    return R"(<input type="hidden" name="csrf" value=")" + html_escape(csrf) + R"(">)";
}

namespace {

std::string navigation(std::string_view active, std::string_view csrf) {
    static constexpr std::array k_items{
        std::pair{"stores", "Stores"},      std::pair{"jobs", "Manage data"},
        std::pair{"products", "Products"},  std::pair{"orders", "Orders"},
        std::pair{"log", "Connection log"}, std::pair{"feeds", "Feed log"},
        std::pair{"charts", "Charts"},      std::pair{"config", "Configuration"}};
    std::string html = R"(<nav class="navbar navbar-expand bg-dark navbar-dark mb-4" )"
                       R"(aria-label="Main"><div class="container"><span class="navbar-brand">)"
                       R"(amzconn console</span>)";
    if (active.empty()) {
        return html + "</div></nav>";
    }
    html += R"(<ul class="navbar-nav me-auto">)";
    for (const auto& [path, label] : k_items) {
        const bool current = active == path;
        html += R"(<li class="nav-item"><a class="nav-link)" +
                std::string(current ? " active" : "") + R"(" href="/)" + path + "\"" +
                (current ? R"( aria-current="page")" : "") + ">" + label + "</a></li>";
    }
    html += R"(</ul><form method="post" action="/logout" class="d-flex">)" + csrf_field(csrf) +
            R"(<button class="btn btn-outline-light btn-sm" type="submit">Sign out</button>)"
            R"(</form></div></nav>)";
    return html;
}

} // namespace

std::string layout(std::string_view title, std::string_view active, std::string_view csrf,
                   std::string_view body) {
    return R"(<!doctype html><html lang="en"><head><meta charset="utf-8">)"
           R"(<meta name="viewport" content="width=device-width, initial-scale=1">)"
           "<title>" +
           html_escape(title) +
           R"( - amzconn console</title>)"
           R"(<link rel="stylesheet" href="/static/bootstrap.min.css">)"
           R"(<link rel="stylesheet" href="/static/console.css">)"
           R"(<script src="/static/console.js" defer></script></head><body>)" +
           navigation(active, csrf) + R"(<main class="container" id="main"><h1 class="h3 mb-3">)" +
           html_escape(title) + "</h1>" + std::string(body) + "</main></body></html>";
}

std::string alert(std::string_view kind, std::string_view text) {
    return R"(<div class="alert alert-)" + html_escape(kind) + R"(" role="alert">)" +
           html_escape(text) + "</div>";
}

} // namespace amzconn::refhost::console
