#!/usr/bin/env bash
# Builds the offline base image for `make image IMAGE_BASE=offline`: Debian 12 with
# openjdk-17-jre-headless and the user elevare (10001:10001), made from Debian's packages with
# mmdebstrap (no Docker daemon, no registry) and packed as a `docker save` tarball that Jib
# reads as `tar://<file>`. Usage: offline-base.sh <out.tar>. Needs root (mmdebstrap root mode),
# as CI and the developer machines have; installs mmdebstrap from Debian when it is missing.
set -euo pipefail
out="$1"
suite=bookworm
mirror=http://deb.debian.org/debian

if ! command -v mmdebstrap >/dev/null; then
  echo "offline-base: installing mmdebstrap from Debian's packages" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Fixed timestamps: the same packages give the same layer digest, so Jib's cache keeps working.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1700000000}

# essential + the JRE and its dependencies; no docs, man pages or translations (update-alternatives
# still needs man1); the user of infra/image/Dockerfile, written directly (useradd is not in the
# essential set). No /dev device nodes (the container runtime provides /dev). mmdebstrap itself
# removes apt's lists and caches.
mmdebstrap --mode=root --variant=essential --format=tar --skip=output/dev \
  --include=openjdk-17-jre-headless,ca-certificates \
  --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --dpkgopt='path-exclude=/usr/share/locale/*' \
  --dpkgopt='path-exclude=/usr/share/info/*' \
  --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
  --customize-hook='test -s "$1"/etc/ssl/certs/java/cacerts' \
  --customize-hook='echo "elevare:x:10001:" >> "$1"/etc/group' \
  --customize-hook='echo "elevare:x:10001:10001:ElevareAI:/app:/usr/sbin/nologin" >> "$1"/etc/passwd' \
  --customize-hook='rm -rf "$1"/var/log/* "$1"/var/cache/debconf/*-old "$1"/var/lib/dpkg/*-old' \
  "$suite" "$work/layer.tar" \
  "deb $mirror $suite main" "deb $mirror $suite-updates main" \
  "deb http://deb.debian.org/debian-security $suite-security main"

# `docker save` layout: the layer as an uncompressed tar, the image config naming its digest, and
# manifest.json pointing at both.
layer_sha=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
mkdir -p "$work/img/$layer_sha"
mv "$work/layer.tar" "$work/img/$layer_sha/layer.tar"
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)",
 "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
   "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64","LANG=C.UTF-8"],"Cmd":["java","-version"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$layer_sha"]},
 "history":[{"created_by":"infra/image/offline-base.sh: mmdebstrap $suite openjdk-17-jre-headless"}]}
JSON
config_sha=$(sha256sum "$work/config.json" | cut -d' ' -f1)
mv "$work/config.json" "$work/img/$config_sha.json"
printf '[{"Config":"%s.json","RepoTags":["elevare-base:offline"],"Layers":["%s/layer.tar"]}]\n' \
  "$config_sha" "$layer_sha" > "$work/img/manifest.json"
mkdir -p "$(dirname "$out")"
# Named entries, no "./": Jib refuses archive paths that could point outside its destination.
tar -C "$work/img" --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 -cf "$out.tmp" \
  manifest.json "$config_sha.json" "$layer_sha"
mv "$out.tmp" "$out"
echo "offline-base: $out ($(du -h "$out" | cut -f1))" >&2
