#!/usr/bin/env bash
# Checks an image tarball from `make image` (Jib writes an OCI layout; a `docker save` tarball
# works too) without a Docker daemon: non-root user, the entry point of infra/image/Dockerfile,
# ports, the app-version, and the layout /app/lib, /app/conf, /app/elevare.jar (and nothing of
# Jib's own /app/libs). Prints the config summary and the layers. Usage: check-image.sh <tarball>
set -euo pipefail
tarball="$1"
command -v jq >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$tarball"

blob() { echo "$work/blobs/${1%%:*}/${1#*:}"; }
if [ -f "$work/index.json" ]; then
  manifest=$(blob "$(jq -r '.manifests[0].digest' "$work/index.json")")
  config=$(blob "$(jq -r '.config.digest' "$manifest")")
  mapfile -t layers < <(jq -r '.layers[].digest' "$manifest" | while read -r d; do blob "$d"; done)
  format=OCI
else
  config="$work/$(jq -r '.[0].Config' "$work/manifest.json")"
  mapfile -t layers < <(jq -r '.[0].Layers[]' "$work/manifest.json" | sed "s|^|$work/|")
  format=docker
fi

fail() { echo "check-image: $*" >&2; exit 1; }
jq '{user: .config.User, workdir: .config.WorkingDir, entrypoint: .config.Entrypoint,
     ports: (.config.ExposedPorts | keys), env: .config.Env}' "$config"
[ "$(jq -r '.config.User' "$config")" = "10001:10001" ] || fail "user is not 10001:10001"
[ "$(jq -c '.config.Entrypoint' "$config")" = '["java","-Dconfig.file=/app/conf/production.conf","-Dlogback.configurationFile=/app/conf/logback-production.xml","-jar","/app/elevare.jar"]' ] \
  || fail "entry point differs from infra/image/Dockerfile"
[ "$(jq -r '.config.WorkingDir' "$config")" = "/app" ] || fail "working directory is not /app"
for p in 8080/tcp 8558/tcp 25520/tcp; do
  jq -e --arg p "$p" '.config.ExposedPorts | has($p)' "$config" >/dev/null || fail "port $p not exposed"
done
jq -e '.config.Env | map(select(startswith("ELEVARE_APP_VERSION="))) | length == 1' "$config" >/dev/null \
  || fail "no ELEVARE_APP_VERSION"
jq -e '.config.Env | map(select(startswith("JAVA_TOOL_OPTIONS=") and contains("ExitOnOutOfMemoryError"))) | length == 1' "$config" >/dev/null \
  || fail "JAVA_TOOL_OPTIONS lacks the container flags"

listing="$work/listing"
echo "layers ($format):"
for l in "${layers[@]}"; do
  files=$(tar -tzf "$l" 2>/dev/null || tar -tf "$l")
  printf '%s\n' "$files" >> "$listing"
  printf '  %6s  %5d entries  %s\n' "$(du -h "$l" | cut -f1)" "$(printf '%s\n' "$files" | wc -l)" \
    "$(printf '%s\n' "$files" | grep -m1 -E '^\.?/?app/[^/]+(/[^/]+)?$' || printf '%s\n' "$files" | grep -m1 -vE '/$' || true)"
done
grep -qE '^\.?/?app/elevare\.jar$' "$listing" || fail "no /app/elevare.jar"
grep -qE '^\.?/?app/conf/production\.conf$' "$listing" || fail "no /app/conf/production.conf"
jars=$(grep -cE '^\.?/?app/lib/[^/]+\.jar$' "$listing" || true)
[ "$jars" -gt 50 ] || fail "only $jars jars under /app/lib"
! grep -qE '^\.?/?app/(libs|classpath)/' "$listing" || fail "Jib's own /app/libs or /app/classpath is in the image"
echo "check-image: ok ($format, user 10001, $jars jars in /app/lib, $(du -h "$tarball" | cut -f1))"
