// World map of partner countries: world-atlas geometry (vendored), coloured by activities.
(function () {
  "use strict";
  var box = document.getElementById("world-map");
  if (!box || !window.d3 || !window.topojson) return;
  Promise.all([
    d3.json(box.dataset.topology),
    d3.json(box.dataset.codes),
    d3.json(box.dataset.countries),
  ]).then(function (loaded) {
    var topology = loaded[0], codes = loaded[1], data = loaded[2];
    var numericToAlpha2 = {};
    codes.forEach(function (row) { numericToAlpha2[row[2]] = row[0]; });
    var counts = {};
    data.countries.forEach(function (c) { counts[c.country] = c.activities; });
    var max = d3.max(data.countries, function (c) { return c.activities; }) || 1;
    var colour = d3.scaleSequential(d3.interpolateBlues).domain([0, max]);
    var width = box.clientWidth || 800, height = Math.round(width * 0.5);
    var svg = d3.select(box).append("svg").attr("viewBox", "0 0 " + width + " " + height)
      .attr("role", "img").attr("aria-label", "World map of partner countries");
    var countries = topojson.feature(topology, topology.objects.countries);
    var projection = d3.geoNaturalEarth1().fitSize([width, height], countries);
    var path = d3.geoPath(projection);
    svg.selectAll("path").data(countries.features).join("path")
      .attr("d", path)
      .attr("data-country", function (f) { return numericToAlpha2[f.id] || ""; })
      .attr("fill", function (f) {
        var n = counts[numericToAlpha2[f.id]];
        return n ? colour(n) : "#e9ecef";
      })
      .attr("stroke", "#fff").attr("stroke-width", 0.4)
      .style("cursor", function (f) { return counts[numericToAlpha2[f.id]] ? "pointer" : "default"; })
      .on("click", function (event, f) {
        var code = numericToAlpha2[f.id];
        if (counts[code]) window.location = box.dataset.list + "?country=" + code;
      })
      .append("title").text(function (f) {
        var code = numericToAlpha2[f.id];
        return f.properties.name + (counts[code] ? ": " + counts[code] : "");
      });
  });
})();
