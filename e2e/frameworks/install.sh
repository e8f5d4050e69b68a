#!/bin/sh
# Installs the framework fixtures: Node 24 (from the npm registry's `node` package, as the current majors of
# these frameworks need Node >= 22, SolidStart and Nuxt 24) into .node/, this package packed from the repo
# into .pack/ (so every fixture installs it as a user would, from the tarball), then the workspace with
# Node 24. Idempotent: run it again after a rebuild of the package to refresh the tarball.
set -eu
cd "$(dirname "$0")"
NODE_VERSION=24.21.0
REPO=$(cd ../.. && pwd)

if [ "$(.node/node_modules/.bin/node -v 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
  npm install --prefix .node --no-save --no-audit --no-fund --loglevel=error "node@$NODE_VERSION"
fi
export PATH="$PWD/.node/node_modules/.bin:$PATH"

if [ ! -f "$REPO/dist/plugin/vite.js" ]; then
  echo "install.sh: build the package first (npm run build at the repo root)" >&2
  exit 1
fi
mkdir -p .pack
rm -f .pack/*.tgz
(cd "$REPO" && npm pack --silent --pack-destination "$OLDPWD/.pack" >/dev/null)
mv .pack/vite-workflow-*.tgz .pack/vite-workflow.tgz

# The tarball changes with every build of the package, so the lockfile records no integrity for it.
node -e '
const fs = require("node:fs");
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
delete lock.packages["node_modules/vite-workflow"].integrity;
fs.writeFileSync("package-lock.json", JSON.stringify(lock, null, 2) + "\n");
'
# A clean install when the lockfile changed since the last one; otherwise only the package is refreshed.
if cmp -s package-lock.json node_modules/.installed-package-lock.json; then
  rm -rf node_modules/vite-workflow
  mkdir node_modules/vite-workflow
  tar -xzf .pack/vite-workflow.tgz -C node_modules/vite-workflow --strip-components=1
else
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-package-lock.json
fi
