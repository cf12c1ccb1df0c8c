#!/usr/bin/env bash
# Builds opsbook for one target and packs its release archive, as release.yml does on
# each runner and as anyone can on their own machine:
#
#   scripts/package.sh TARGET [OUT_DIR]     (OUT_DIR defaults to dist/)
#
# writes OUT_DIR/opsbook-vVERSION-TARGET.tar.gz (.zip for Windows), holding the folder
# opsbook-vVERSION-TARGET/ with the binary, LICENSE and README.md, and beside it
# ARCHIVE.sha256 (`HASH  ARCHIVE`, as sha256sum writes it), then prints the archive's
# path. The build is `cargo build --profile dist --locked --target TARGET` (release
# without debug info, stripped). The Rust std for TARGET must be installed
# (`rustup target add TARGET`); a `*-linux-musl` target needs a musl C compiler for
# the C code of mimalloc and Oniguruma (Debian/Ubuntu: `apt-get install musl-tools`).
#
# OPSBOOK_BIN=PATH packs that binary instead of building one (the tests do).
set -euo pipefail

target=${1:?"usage: $0 TARGET [OUT_DIR]"}
out=${2:-dist}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
version=$(sed -n '/^\[package\]/,/^\[/{s/^version = "\(.*\)"$/\1/p;}' "$root/Cargo.toml" | head -n 1)
[ -n "$version" ] || {
  echo "error: no version in $root/Cargo.toml" >&2
  exit 1
}

exe='' ext=tar.gz
case "$target" in *windows*) exe=.exe ext=zip ;; esac

if [ -n "${OPSBOOK_BIN:-}" ]; then
  bin=$OPSBOOK_BIN
else
  cargo build --manifest-path "$root/Cargo.toml" --profile dist --locked \
    --target "$target" --package opsbook --bin opsbook >&2
  bin="${CARGO_TARGET_DIR:-$root/target}/$target/dist/opsbook$exe"
fi

name="opsbook-v$version-$target"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$bin" "$stage/$name/opsbook$exe"
chmod 755 "$stage/$name/opsbook$exe"
cp "$root/LICENSE" "$root/README.md" "$stage/$name/"

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/$name.$ext" "$out/$name.$ext.sha256"
if [ "$ext" = zip ]; then
  (cd "$stage" && 7z a -tzip -bd "$out/$name.$ext" "$name" >/dev/null)
else
  tar -C "$stage" -czf "$out/$name.$ext" "$name"
fi
if command -v sha256sum >/dev/null 2>&1; then
  (cd "$out" && sha256sum "$name.$ext" >"$name.$ext.sha256")
else
  (cd "$out" && shasum -a 256 "$name.$ext" >"$name.$ext.sha256")
fi
echo "$out/$name.$ext"
