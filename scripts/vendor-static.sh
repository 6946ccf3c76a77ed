#!/usr/bin/env bash
# Copy the front-end packages listed in package.json into static/vendor, with their
# licences. Run by `make vendor`; the result is committed so that `make run` works
# offline and without npm.
set -euo pipefail
cd "$(dirname "$0")/.."
npm ci --no-audit --no-fund --silent
rm -rf static/vendor && mkdir -p static/vendor/bootstrap static/vendor/htmx
cp node_modules/bootstrap/dist/css/bootstrap.min.css static/vendor/bootstrap/
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js static/vendor/bootstrap/
cp node_modules/bootstrap/LICENSE static/vendor/bootstrap/LICENSE
cp node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx/
cp node_modules/htmx.org/LICENSE static/vendor/htmx/LICENSE
{
  echo "# Vendored front-end packages"
  echo
  echo "Copied from the npm registry by scripts/vendor-static.sh (make vendor). Do not edit."
  echo
  echo "| package | version | licence |"
  echo "|---|---|---|"
  for pkg in bootstrap htmx.org; do
    node -e "const p=require('./node_modules/$pkg/package.json'); console.log('| '+p.name+' | '+p.version+' | '+p.license+' |')"
  done
} > static/vendor/README.md
echo "static/vendor updated"
