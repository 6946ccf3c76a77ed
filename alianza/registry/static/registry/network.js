// Partner network: organisations as nodes, shared activities as edges (d3-force, vendored).
(function () {
  "use strict";
  var box = document.getElementById("network");
  if (!box || !window.d3) return;
  d3.json(box.dataset.graph).then(function (graph) {
    var width = box.clientWidth || 800, height = box.clientHeight || 560;
    var svg = d3.select(box).append("svg").attr("viewBox", [0, 0, width, height])
      .attr("role", "img").attr("aria-label", "Partner network");
    var radius = d3.scaleSqrt().domain([1, d3.max(graph.nodes, function (n) { return n.activities; }) || 1]).range([4, 18]);
    var simulation = d3.forceSimulation(graph.nodes)
      .force("link", d3.forceLink(graph.links).id(function (n) { return n.id; }).distance(70))
      .force("charge", d3.forceManyBody().strength(-120))
      .force("center", d3.forceCenter(width / 2, height / 2))
      .force("collide", d3.forceCollide().radius(function (n) { return radius(n.activities) + 2; }));
    var link = svg.append("g").attr("stroke", "#adb5bd").selectAll("line").data(graph.links).join("line")
      .attr("stroke-width", function (l) { return Math.min(1 + l.activities, 8); });
    var node = svg.append("g").selectAll("g").data(graph.nodes).join("g").attr("data-org", function (n) { return n.id; });
    node.append("circle").attr("r", function (n) { return radius(n.activities); })
      .attr("fill", function (n) { return n.country === "MX" ? "#0d6efd" : "#20c997"; })
      .attr("stroke", "#fff");
    node.append("title").text(function (n) { return n.name + " (" + n.activities + ")"; });
    node.append("text").text(function (n) { return n.name.length > 28 ? n.name.slice(0, 27) + "…" : n.name; })
      .attr("x", 8).attr("y", 3).attr("font-size", 10);
    node.call(d3.drag()
      .on("start", function (event, n) { if (!event.active) simulation.alphaTarget(0.3).restart(); n.fx = n.x; n.fy = n.y; })
      .on("drag", function (event, n) { n.fx = event.x; n.fy = event.y; })
      .on("end", function (event, n) { if (!event.active) simulation.alphaTarget(0); n.fx = null; n.fy = null; }));
    simulation.on("tick", function () {
      link.attr("x1", function (l) { return l.source.x; }).attr("y1", function (l) { return l.source.y; })
        .attr("x2", function (l) { return l.target.x; }).attr("y2", function (l) { return l.target.y; });
      node.attr("transform", function (n) { return "translate(" + n.x + "," + n.y + ")"; });
    });
  });
})();
