/*
 * Draws every <figure class="chart"> with Plotly, from data embedded in the page.
 *
 * Why a static file: the portal's CSP is `script-src 'self'; style-src 'self'` (no inline
 * script, no inline style, no eval), so plotly.io.to_html's inline <script> cannot run. The
 * server embeds each figure as inert JSON instead, and this file, served from 'self', draws
 * it. Plotly's own stylesheet is static/css/plotly.css, linked with id
 * "plotly.js-style-global" and class "no-inline-styles", which stops plotly.js from
 * injecting the <style> element the CSP would block. This file sets no styles itself.
 *
 *   <figure class="chart">
 *     <div class="chart-canvas"></div>
 *     <script type="application/json" class="chart-figure">{"data": [...], "layout": {...}, "config": {...}}</script>
 *     <figcaption>...</figcaption>
 *   </figure>
 *
 * Optional, once per page: <script type="application/json" id="plotly-locale">
 * {"name": "...", "dictionary": {...}, "format": {...}}</script>, registered with Plotly and
 * used by every chart. Without window.Plotly nothing happens: the tables carry the numbers.
 * Each drawn figure gets the class "chart-drawn".
 */
(function () {
  "use strict";

  const DEFAULT_CONFIG = { responsive: true, displaylogo: false, displayModeBar: false };

  function readJson(element) {
    return JSON.parse(element.textContent);
  }

  function registerLocale() {
    const block = document.querySelector('script[type="application/json"]#plotly-locale');
    if (!block) return null;
    const locale = readJson(block);
    window.Plotly.register({
      moduleType: "locale",
      name: locale.name,
      dictionary: locale.dictionary || {},
      format: locale.format || {},
    });
    return locale.name;
  }

  async function draw(figure, localeName) {
    const block = figure.querySelector('script[type="application/json"].chart-figure');
    const canvas = figure.querySelector("div.chart-canvas");
    if (!block || !canvas) return;
    const spec = readJson(block);
    const config = Object.assign({}, DEFAULT_CONFIG, spec.config || {});
    if (localeName) config.locale = localeName;
    // Shows the canvas (hidden while scripts are off, so no empty box stands beside the table).
    figure.classList.add("chart-active");
    await window.Plotly.newPlot(canvas, spec.data || [], spec.layout || {}, config);
    figure.classList.add("chart-drawn");
  }

  function drawAll() {
    if (!window.Plotly) return;
    const figures = document.querySelectorAll("figure.chart");
    if (figures.length === 0) return;
    let localeName = null;
    try {
      localeName = registerLocale();
    } catch (error) {
      console.error("charts.js: plotly-locale", error);
    }
    figures.forEach((figure) => {
      draw(figure, localeName).catch((error) => console.error("charts.js: figure", error));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
