/* stackplan's page behaviour: sortable and filterable tables, a full-window zoom view for diagrams.
 *
 * Uses the vendored Tablesort and Panzoom (assets/vendor/, with their licences); nothing is fetched.
 * Runs on every page Material shows: through its document$ observable (which also fires after an
 * instant navigation) or, without Material's scripts, once the page has loaded. Each table and
 * picture is set up once (a data-sp attribute marks it).
 */
(function () {
  "use strict";

  var FILTER_FROM_ROWS = 6; // tables with fewer body rows get sorting but no filter box
  var WIDE_COLUMNS = 10; // tables with this many columns print on landscape sheets (stackplan.css: .sp-wide)
  var collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  // Natural order for every column: Ethernet1/2 before Ethernet1/10, VLAN 20 before 100, "—" last.
  function cellKey(text) {
    var value = text.trim();
    return value === "—" || value === "" ? "\uffff" : value;
  }
  if (window.Tablesort && !window.Tablesort.spNatural) {
    window.Tablesort.extend("natural", function () { return true; }, function (a, b) {
      // Tablesort sorts descending by this comparison and reverses for ascending.
      return collator.compare(cellKey(b), cellKey(a));
    });
    window.Tablesort.spNatural = true;
  }

  // Every data table of the page; a key/value box (div.sp-facts: a device's rack, site, configuration…)
  // is read, not sorted or filtered.
  function contentTables(root) {
    return Array.prototype.slice.call(root.querySelectorAll(".md-content .md-typeset table:not([class])"))
      .filter(function (table) { return !table.closest(".sp-facts"); });
  }

  function filterRows(table, query, counter) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    var rows = table.tBodies[0] ? table.tBodies[0].rows : [];
    var shown = 0;
    for (var i = 0; i < rows.length; i++) {
      var text = rows[i].textContent.toLowerCase();
      var match = terms.every(function (t) { return text.indexOf(t) !== -1; });
      rows[i].hidden = !match;
      if (match) shown++;
    }
    counter.textContent = terms.length ? shown + " of " + rows.length + " rows" : rows.length + " rows";
  }

  function addFilter(table) {
    var rows = table.tBodies[0] ? table.tBodies[0].rows.length : 0;
    if (rows < FILTER_FROM_ROWS) return;
    var box = document.createElement("div");
    box.className = "sp-filter";
    var input = document.createElement("input");
    input.type = "search";
    input.placeholder = "Filter rows (words in any column)";
    input.setAttribute("aria-label", "Filter the rows of the table below");
    var counter = document.createElement("span");
    counter.className = "sp-filter__count";
    counter.setAttribute("aria-live", "polite");
    counter.textContent = rows + " rows";
    input.addEventListener("input", function () { filterRows(table, input.value, counter); });
    box.appendChild(input);
    box.appendChild(counter);
    // Material wraps a table in div.md-typeset__scrollwrap > div.md-typeset__table
    var anchor = table.closest(".md-typeset__scrollwrap") || table;
    anchor.parentNode.insertBefore(box, anchor);
  }

  // A list written without spaces ("110,130,1000-1999") may wrap after a comma, and nowhere else
  // inside a number: a <wbr> after each comma (no character is added: copying and search see the same text).
  function breakAfterCommas(table) {
    var walker = document.createTreeWalker(table.tBodies[0], NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) { return /,\S/.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP; }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var parts = node.nodeValue.split(/(?<=,)(?=\S)/);
      var fragment = document.createDocumentFragment();
      parts.forEach(function (part, i) {
        if (i) fragment.appendChild(document.createElement("wbr"));
        fragment.appendChild(document.createTextNode(part));
      });
      node.parentNode.replaceChild(fragment, node);
    });
  }

  // A table still wider than the page after wrapping at spaces, hyphens and commas may break
  // long words anywhere (a file path), rather than be cut at the page's edge.
  function fitWidth(table) {
    var box = table.parentNode;
    if (box && table.scrollWidth > box.clientWidth + 1) table.classList.add("sp-squeeze");
  }

  function setUpTables(root) {
    contentTables(root).forEach(function (table) {
      if (table.dataset.sp || !table.tHead || !table.tBodies.length) return;
      table.dataset.sp = "table";
      table.classList.add("sp-table");
      breakAfterCommas(table);
      if (table.tHead.rows[0].cells.length >= WIDE_COLUMNS) {
        (table.closest(".md-typeset__scrollwrap") || table).classList.add("sp-wide");
      }
      if (window.Tablesort) new window.Tablesort(table);
      addFilter(table);
      fitWidth(table);
    });
  }

  /* Diagrams: a picture of an SVG file (a link around an <img>) opens full-window with pan and zoom. */
  var MIN_SCALE = 0.05, MAX_SCALE = 12;

  function closeZoom(view) {
    if (view.spPanzoom) view.spPanzoom.destroy();
    document.removeEventListener("keydown", view.spKeys);
    view.remove();
    document.documentElement.classList.remove("sp-zoom-open");
    if (view.spOpener) view.spOpener.focus();
  }

  function button(label, title, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.title = title;
    b.setAttribute("aria-label", title);
    b.addEventListener("click", action);
    return b;
  }

  function openZoom(link, img) {
    var view = document.createElement("div");
    view.className = "sp-zoom";
    view.setAttribute("role", "dialog");
    view.setAttribute("aria-modal", "true");
    view.setAttribute("aria-label", img.alt || "Diagram");
    var stage = document.createElement("div");
    stage.className = "sp-zoom__stage";
    var picture = document.createElement("img");
    picture.className = "sp-zoom__image";
    picture.alt = img.alt;
    picture.src = img.currentSrc || img.src;
    stage.appendChild(picture);
    var bar = document.createElement("div");
    bar.className = "sp-zoom__bar";
    var title = document.createElement("span");
    title.className = "sp-zoom__title";
    title.textContent = img.alt;
    bar.appendChild(title);
    view.appendChild(stage);
    view.appendChild(bar);
    view.spOpener = link;
    document.documentElement.classList.add("sp-zoom-open");
    document.body.appendChild(view);

    function start() {
      // Natural size: labels as Graphviz drew them (12 pt and up), legible without zooming.
      var width = picture.naturalWidth || 800, height = picture.naturalHeight || 600;
      picture.style.width = width + "px";
      picture.style.height = height + "px";
      var fit = Math.min(stage.clientWidth / width, stage.clientHeight / height);
      // Opens at actual size (a label is as large as on paper), centred when the picture is smaller
      // than the window, else from its top left corner (the title); "Fit" shows the whole picture.
      var pz = window.Panzoom(picture, {
        maxScale: MAX_SCALE, minScale: Math.min(MIN_SCALE, fit), startScale: 1, origin: "0 0", canvas: true,
        startX: Math.max(0, (stage.clientWidth - width) / 2),
        startY: Math.max(0, (stage.clientHeight - height) / 2)
      });
      view.spPanzoom = pz;
      view.spFit = fit;
      stage.addEventListener("wheel", function (event) { pz.zoomWithWheel(event); });
      bar.appendChild(button("+", "Zoom in", function () { pz.zoomIn(); }));
      bar.appendChild(button("−", "Zoom out", function () { pz.zoomOut(); }));
      bar.appendChild(button("1:1", "Actual size", function () { pz.zoom(1); }));
      bar.appendChild(button("Fit", "Whole picture", function () {
        pz.zoom(fit, { animate: false });
        pz.pan((stage.clientWidth - width * fit) / 2 / fit, (stage.clientHeight - height * fit) / 2 / fit);
      }));
      var open = document.createElement("a");
      open.href = link.href;
      open.textContent = "Open the SVG";
      open.className = "sp-zoom__file";
      bar.appendChild(open);
      var close = button("×", "Close (Esc)", function () { closeZoom(view); });
      close.className = "sp-zoom__close";
      bar.appendChild(close);
      close.focus();
      view.dataset.ready = "true";
    }
    view.spKeys = function (event) { if (event.key === "Escape") closeZoom(view); };
    document.addEventListener("keydown", view.spKeys);
    if (picture.complete && picture.naturalWidth) start();
    else picture.addEventListener("load", start, { once: true });
  }

  function setUpDiagrams(root) {
    var pictures = root.querySelectorAll('.md-content a[href$=".svg"] > img');
    Array.prototype.forEach.call(pictures, function (img) {
      var link = img.parentNode;
      if (link.dataset.sp) return;
      link.dataset.sp = "diagram";
      link.classList.add("sp-diagram");
      link.title = "Open full window: drag to pan, wheel or +/− to zoom, Esc to close";
      link.addEventListener("click", function (event) {
        if (!window.Panzoom || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        openZoom(link, img);
      });
    });
  }

  function setUp() {
    setUpTables(document);
    setUpDiagrams(document);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
