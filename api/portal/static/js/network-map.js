// Mapa sieci: Cytoscape.js over the data the page already has (data-graph, escaped by the template).
// Layers switch on and off; brokers get a thick ring, isolates a dashed one; a click opens the institution page;
// PNG and GraphML are made in the browser. Text goes into the DOM only as textContent.
(function () {
  "use strict";
  var el = document.getElementById("siec");
  if (!el || !window.cytoscape) { return; }
  var graph = JSON.parse(el.getAttribute("data-graph"));
  var colours = { social_assistance: "#0072B2", labour: "#E69F00", social_economy: "#009E73", ngo: "#CC79A7",
    education: "#56B4E9", health: "#D55E00", justice: "#5E4FA2", culture: "#F0E442", business: "#8C6D31", other: "#999999" };
  var elements = [];
  graph.nodes.forEach(function (n) {
    var label = n.trust == null ? n.label : n.label + " · zaufanie " + n.trust.toFixed(1).replace(".", ",");
    elements.push({ data: { id: n.id, label: label, name: n.name, colour: colours[n.sector] || "#999999",
      size: 18 + Math.min(n.degree, 12) * 3 },
      classes: (n.broker ? "broker " : "") + (n.isolated ? "isolated" : "") });
  });
  graph.edges.forEach(function (e, i) {
    elements.push({ data: { id: "e" + i, source: e.source, target: e.target, layer: e.layer, label: e.label,
      weight: e.weight }, classes: e.layer });
  });
  var cy = window.cytoscape({
    container: el,
    elements: elements,
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 90 },
    style: [
      { selector: "node", style: { "background-color": "data(colour)", label: "data(label)", width: "data(size)",
        height: "data(size)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 4,
        "text-background-color": "#fff", "text-background-opacity": 0.8, "min-zoomed-font-size": 6 } },
      { selector: "node.broker", style: { "border-width": 5, "border-color": "#000" } },
      { selector: "node.isolated", style: { "border-width": 2, "border-style": "dashed", "border-color": "#555" } },
      { selector: "edge", style: { width: 1.5, "curve-style": "bezier", "line-color": "#555" } },
      { selector: "edge.partnership", style: { "line-style": "dotted", "line-color": "#999" } },
      { selector: "edge.referrals", style: { "line-color": "#1f78b4", "target-arrow-shape": "triangle",
        "target-arrow-color": "#1f78b4", width: 2 } },
      { selector: ".hidden", style: { display: "none" } }
    ]
  });
  cy.on("tap", "node", function (evt) {
    window.location.href = "/instytucje/" + encodeURIComponent(evt.target.id());
  });
  document.querySelectorAll("#warstwy input[name=warstwa]").forEach(function (box) {
    box.addEventListener("change", function () {
      cy.edges("." + box.value).toggleClass("hidden", !box.checked);
      document.querySelectorAll("tr[data-layer='" + box.value + "']").forEach(function (row) {
        row.hidden = !box.checked;
      });
    });
  });
  function download(name, blob) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 0);
  }
  function xml(value) {
    return String(value == null ? "" : value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;");
  }
  function graphml() {
    var visible = {};
    document.querySelectorAll("#warstwy input[name=warstwa]").forEach(function (b) { visible[b.value] = b.checked; });
    var out = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
      '<key id="name" for="node" attr.name="name" attr.type="string"/>',
      '<key id="type" for="node" attr.name="type" attr.type="string"/>',
      '<key id="sector" for="node" attr.name="sector" attr.type="string"/>',
      '<key id="betweenness" for="node" attr.name="betweenness" attr.type="double"/>',
      '<key id="broker" for="node" attr.name="broker" attr.type="boolean"/>',
      '<key id="layer" for="edge" attr.name="layer" attr.type="string"/>',
      '<key id="weight" for="edge" attr.name="weight" attr.type="string"/>',
      '<graph id="siec" edgedefault="undirected">'];
    graph.nodes.forEach(function (n) {
      out.push('<node id="' + xml(n.id) + '"><data key="name">' + xml(n.name) + '</data><data key="type">' +
        xml(n.typeLabel) + '</data><data key="sector">' + xml(n.sectorLabel) + '</data><data key="betweenness">' +
        n.betweenness + '</data><data key="broker">' + (n.broker ? "true" : "false") + "</data></node>");
    });
    graph.edges.forEach(function (e, i) {
      if (!visible[e.layer]) { return; }
      out.push('<edge id="e' + i + '" source="' + xml(e.source) + '" target="' + xml(e.target) + '"' +
        (e.layer === "referrals" ? ' directed="true"' : "") + '><data key="layer">' + xml(e.layer) +
        '</data><data key="weight">' + (e.layer === "referrals" ? (e.weight == null ? "&lt;5" : e.weight) : "") +
        "</data></edge>");
    });
    out.push("</graph></graphml>");
    return out.join("\n");
  }
  var png = document.getElementById("eksport-png");
  var gml = document.getElementById("eksport-graphml");
  png.hidden = false;
  gml.hidden = false;
  png.addEventListener("click", function () { download("siec.png", cy.png({ output: "blob", full: true, bg: "#ffffff" })); });
  gml.addEventListener("click", function () {
    download("siec.graphml", new Blob([graphml()], { type: "application/graphml+xml" }));
  });
})();
