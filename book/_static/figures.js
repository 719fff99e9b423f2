/* ecommod: figures and tables a phone can read (no script from elsewhere; see custom.css).
 *
 * 1. A click on a figure opens the full-size image: each image of a figure or a cell output
 *    becomes a plain link to its own file (an image already in a link is left alone).
 * 2. A table wider than its column is shown as stacked rows: each cell is labelled with its
 *    column's title (data-label, drawn by custom.css), so nothing scrolls sideways. A table that
 *    fits stays a table; the check runs again when the window changes size. Interactive tables
 *    (DataTables) and tables with several header rows keep their own layout.
 */
(function () {
  "use strict";

  function linkFigures() {
    const images = document.querySelectorAll(
      "main figure img, main .cell_output img, main .output img"
    );
    for (const img of images) {
      const source = img.getAttribute("src") || "";
      if (img.closest("a") || source === "" || source.startsWith("data:")) continue;
      const link = document.createElement("a");
      link.href = source;
      link.className = "ecommod-figure-link";
      link.title = document.documentElement.lang.startsWith("zh")
        ? "打开原尺寸图片"
        : "Open the full-size image";
      img.replaceWith(link);
      link.appendChild(img);
    }
  }

  function stackable(table) {
    if (table.closest(".dataTables_wrapper, .dt-container, .dataTable")) return false;
    if (table.classList.contains("dataTable")) return false;
    const head = table.tHead;
    if (!head || head.rows.length !== 1) return false;
    return [...head.rows[0].cells].every((cell) => cell.colSpan === 1);
  }

  function labelCells(table) {
    const titles = [...table.tHead.rows[0].cells].map((cell) => cell.innerText.trim());
    for (const body of table.tBodies) {
      for (const row of body.rows) {
        [...row.cells].forEach((cell, i) => {
          if (!cell.hasAttribute("data-label")) cell.setAttribute("data-label", titles[i] || "");
        });
      }
    }
  }

  function fitTables() {
    for (const table of document.querySelectorAll("main table")) {
      if (!stackable(table)) continue;
      table.classList.remove("ecommod-stacked");
      const box = table.parentElement;
      const column = table.closest("article") || document.querySelector("main");
      const room = Math.min(box ? box.clientWidth : Infinity, column ? column.clientWidth : Infinity);
      const width = Math.max(table.getBoundingClientRect().width, table.scrollWidth);
      if (width <= room + 1) continue;
      labelCells(table);
      table.classList.add("ecommod-stacked");
    }
  }

  let pending = null;
  function refit() {
    if (pending) cancelAnimationFrame(pending);
    pending = requestAnimationFrame(fitTables);
  }

  function start() {
    linkFigures();
    fitTables();
    window.addEventListener("resize", refit);
    window.addEventListener("load", refit);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
