// /static/charts.js: draws each chart of the charts page with Chart.js (Debian's libjs-chart.js,
// served as /static/chart.min.js) from the table beside it, so the chart and its text alternative
// show the same numbers. A static file: the CSP allows no inline script.
#include "console/console.hpp"

namespace amzconn::refhost::console {

namespace {

constexpr std::string_view k_charts_js =
    R"JS(// amzconn console: the charts, drawn from their tables.
"use strict";
(() => {
  if (typeof Chart === "undefined") {
    return; // the tables still say everything
  }
  const palette = ["#0d6efd", "#fd7e14", "#198754", "#6f42c1", "#dc3545"];
  for (const table of document.querySelectorAll("table[data-chart]")) {
    const canvas = document.getElementById(table.dataset.chart);
    if (!canvas) {
      continue;
    }
    const heads = Array.from(table.querySelectorAll("thead th"));
    const rows = Array.from(table.querySelectorAll("tbody tr"));
    const datasets = [];
    heads.forEach((head, column) => {
      if (column === 0 || !head.hasAttribute("data-series")) {
        return;
      }
      datasets.push({
        label: head.textContent.trim(),
        data: rows.map((row) => {
          const value = parseFloat(row.cells[column].textContent);
          return Number.isFinite(value) ? value : null;
        }),
        backgroundColor: palette[datasets.length % palette.length],
      });
    });
    const indexAxis = table.dataset.axis === "y" ? "y" : "x";
    const stacked = table.dataset.stacked === "true";
    const scales = { x: { stacked }, y: { stacked } };
    scales[indexAxis === "y" ? "x" : "y"].beginAtZero = true;
    new Chart(canvas, {
      type: table.dataset.chartType || "bar",
      data: { labels: rows.map((row) => row.cells[0].textContent.trim()), datasets },
      options: { animation: false, indexAxis, aspectRatio: indexAxis === "y" ? 2 : 3, scales },
    });
    canvas.dataset.drawn = "true";
  }
})();
)JS";

} // namespace

std::string_view charts_js() {
    return k_charts_js;
}

} // namespace amzconn::refhost::console
