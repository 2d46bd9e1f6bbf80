// The console's static files: its own script and style (compiled in, so an installed amzconn-host
// needs no data folder) and Bootstrap and Chart.js from Debian's libjs-bootstrap5 and
// libjs-chart.js, read from /usr/share/javascript (nothing is fetched from the internet).
#include "console/console.hpp"
#include "read_file.hpp"

#include <array>

namespace amzconn::refhost::console {

namespace {

// Progressive help only: every page works without it. No inline handlers (the CSP forbids them).
constexpr std::string_view k_console_js = R"JS(// amzconn console: small helpers, all optional.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // A form that runs a job says so while the host works (the answer comes when the job is done).
  for (const form of document.querySelectorAll("form[data-busy]")) {
    form.addEventListener("submit", () => {
      const button = form.querySelector("button[type=submit]");
      if (button) {
        button.disabled = true;
        button.textContent = form.dataset.busy;
      }
      const status = document.getElementById("busy-status");
      if (status) {
        status.textContent = form.dataset.busy;
      }
    });
  }
  // A running job's status page follows its progress, then shows its report.
  const progress = document.querySelector("[data-poll]");
  if (progress) {
    const poll = async () => {
      try {
        const answer = await fetch(progress.dataset.poll, { cache: "no-store" });
        const state = await answer.json();
        progress.textContent = state.progress || "(none reported yet)";
        if (!state.running) {
          location.reload();
          return;
        }
      } catch (error) {
        // the next poll tries again
      }
      setTimeout(poll, 500);
    };
    setTimeout(poll, 500);
  }
  // The job form shows the order fields only for the jobs that read them.
  const job = document.getElementById("job");
  const missing = document.getElementById("missing-orders-fields");
  if (job && missing) {
    const sync = () => { missing.hidden = job.value !== "import_missing_orders"; };
    job.addEventListener("change", sync);
    sync();
  }
});
)JS";

constexpr std::string_view k_console_css = R"CSS(/* amzconn console */
.store-tile { min-width: 18rem; }
.report { white-space: pre-wrap; }
.log-message { word-break: break-word; }
input.lead-time { width: 5rem; }
)CSS";

struct DebianAsset {
    std::string_view name;
    std::string_view file;
    std::string_view type;
};

constexpr std::array k_debian_assets{
    DebianAsset{"bootstrap.min.css", "/usr/share/javascript/bootstrap5/css/bootstrap.min.css",
                "text/css; charset=utf-8"},
    DebianAsset{"bootstrap.bundle.min.js",
                "/usr/share/javascript/bootstrap5/js/bootstrap.bundle.min.js",
                "text/javascript; charset=utf-8"},
    DebianAsset{"chart.min.js", "/usr/share/javascript/chart.js/chart.min.js",
                "text/javascript; charset=utf-8"}};

Response asset(std::string_view type, std::string body) {
    Response response;
    response.content_type = std::string(type);
    response.body = std::move(body);
    return response;
}

} // namespace

std::optional<Response> static_file(std::string_view path) {
    const auto name = path.substr(std::string_view("/static/").size());
    if (name == "console.js") {
        return asset("text/javascript; charset=utf-8", std::string(k_console_js));
    }
    if (name == "charts.js") {
        return asset("text/javascript; charset=utf-8", std::string(charts_js()));
    }
    if (name == "console.css") {
        return asset("text/css; charset=utf-8", std::string(k_console_css));
    }
    for (const auto& known : k_debian_assets) {
        if (known.name == name) {
            auto text = read_text_file(std::string(known.file));
            if (!text) {
                return std::nullopt;
            }
            return asset(known.type, std::move(*text));
        }
    }
    return std::nullopt;
}

} // namespace amzconn::refhost::console
