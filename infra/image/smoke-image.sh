#!/usr/bin/env bash
# Runs an image tarball without a container runtime (root only): unpacks its layers into a root file
# system, runs the entry point there as the image's user (chroot) on the embedded default
# (formation self, H2 under /tmp, HTTP on 18089), waits for GET /health, then stops it with
# SIGTERM. Usage: smoke-image.sh target/elevare-image.tar
set -euo pipefail
command -v jq >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null; }
tarball=$1; work=$(mktemp -d); root=$work/root; oci=$work/oci; log=$work/app.log; mkdir -p "$root" "$oci"
tar -C "$oci" -xf "$tarball"
m=$(jq -r '.manifests[0].digest' $oci/index.json | cut -d: -f2)
cfg=$(jq -r '.config.digest' $oci/blobs/sha256/$m | cut -d: -f2)
for d in $(jq -r '.layers[].digest' $oci/blobs/sha256/$m | cut -d: -f2); do
  tar -C "$root" --warning=no-unknown-keyword -xzf "$oci/blobs/sha256/$d"
done
mkdir -p "$root/proc" "$root/dev" "$root/tmp"; chmod 1777 "$root/tmp"
mount -t proc proc "$root/proc"; mount --bind /dev "$root/dev"
trap 'umount "$root/proc" "$root/dev" 2>/dev/null; rm -rf "$work"' EXIT
user=$(jq -r '.config.User' $oci/blobs/sha256/$cfg)
mapfile -t envs < <(jq -r '.config.Env[]' $oci/blobs/sha256/$cfg)
mapfile -t cmd < <(jq -r '.config.Entrypoint[]' $oci/blobs/sha256/$cfg)
wd=$(jq -r '.config.WorkingDir' $oci/blobs/sha256/$cfg)
chroot --userspec="$user" "$root" /usr/bin/env -i "${envs[@]}" ELEVARE_CLUSTER_FORMATION=self \
  ELEVARE_HTTP_PORT=18089 ELEVARE_MANAGEMENT_PORT=18559 ELEVARE_CLUSTER_PORT=25999 \
  ELEVARE_CLUSTER_HOST=127.0.0.1 ELEVARE_MANAGEMENT_HOST=127.0.0.1 \
  sh -c "cd $wd && exec ${cmd[*]}" > $log 2>&1 &
pid=$!
start=$(date +%s)
until curl -fs -o /dev/null http://127.0.0.1:18089/health; do
  if ! kill -0 "$pid" 2>/dev/null || [ $(( $(date +%s) - start )) -gt 300 ]; then
    echo "smoke-image: no /health"; tail -30 "$log"; kill "$pid" 2>/dev/null; exit 1
  fi
  sleep 2
done
echo "smoke-image: /health 200 after $(( $(date +%s) - start )) s"
ps -o pid,user,args -p "$pid" | cut -c1-150
version=$(printf '%s\n' "${envs[@]}" | sed -n 's/^ELEVARE_APP_VERSION=//p')
grep -q "$version" "$log" && echo "smoke-image: the node logs app-version $version"
kill -TERM "$pid"; wait "$pid" || true
echo "smoke-image: exited after SIGTERM"
