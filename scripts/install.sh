#!/usr/bin/env bash
# Installs a released opsbook binary: the install step of the GitHub Action (action.yml),
# a plain bash script so that it runs, and is tested, outside GitHub too
# (tests/integration/release.rs serves archives from 127.0.0.1).
#
#   scripts/install.sh plan      print version=, target=, dir= (for $GITHUB_OUTPUT);
#                                downloads nothing unless the version is `latest`
#   scripts/install.sh install   download the archive and its .sha256, verify, unpack
#                                opsbook into the folder, add it to $GITHUB_PATH if set
#
# Environment (all optional):
#   OPSBOOK_VERSION      0.1.0, v0.1.0 or latest; default: the version in the Cargo.toml
#                        beside this script, i.e. the release of the action being used
#   OPSBOOK_BASE_URL     where `vVERSION/ARCHIVE` is downloaded from; default: the
#                        `repository` of that Cargo.toml + /releases/download
#   OPSBOOK_INSTALL_DIR  where the binary goes; default:
#                        ${RUNNER_TOOL_CACHE:-~/.opsbook}/opsbook/VERSION/TARGET
#
# Exit code 1 with an `error:` line on any failure; nothing is installed when the
# checksum does not match.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

die() {
  echo "error: $*" >&2
  exit 1
}

# The value of `KEY = "..."` in the [package] section of Cargo.toml.
package_field() {
  sed -n '/^\[package\]/,/^\[/{s/^'"$1"' = "\(.*\)"$/\1/p;}' "$root/Cargo.toml" | head -n 1
}

# The release target of this machine (what `rustc -vV` calls the host, musl on Linux).
detect_target() {
  local os arch
  os=$(uname -s)
  arch=$(uname -m)
  case "$arch" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) die "no opsbook release for the $arch processor; build from source: cargo install --locked opsbook" ;;
  esac
  case "$os" in
    Linux) echo "$arch-unknown-linux-musl" ;;
    Darwin) echo "$arch-apple-darwin" ;;
    MINGW* | MSYS* | CYGWIN* | Windows_NT)
      [ "$arch" = x86_64 ] || die "no opsbook release for Windows on $arch; build from source: cargo install --locked opsbook"
      echo "x86_64-pc-windows-msvc"
      ;;
    *) die "no opsbook release for $os; build from source: cargo install --locked opsbook" ;;
  esac
}

download() { # URL FILE
  curl --fail --silent --show-error --location --retry 3 --output "$2" "$1" ||
    die "could not download $1"
}

# `0.1.0` from 0.1.0, v0.1.0 or latest (asks where .../releases/latest redirects to).
resolve_version() {
  local v=${OPSBOOK_VERSION:-}
  if [ -z "$v" ]; then
    v=$(package_field version)
    [ -n "$v" ] || die "no version in $root/Cargo.toml; set the action's version input"
  elif [ "$v" = latest ]; then
    local url
    url=$(curl --fail --silent --show-error --location --retry 3 --output /dev/null \
      --write-out '%{url_effective}' "${base_url%/download}/latest") ||
      die "could not ask ${base_url%/download}/latest for the latest release"
    v=${url##*/tag/}
    [ "$v" != "$url" ] || die "${base_url%/download}/latest did not lead to a release tag (got $url)"
  fi
  v=${v#v}
  [[ "$v" =~ ^[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.+-]+)?$ ]] ||
    die "\`$v\` is not a version such as 0.1.0 (or latest)"
  echo "$v"
}

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

unpack() { # ARCHIVE INTO
  case "$1" in
    *.zip)
      if command -v unzip >/dev/null 2>&1; then unzip -q "$1" -d "$2"; else 7z x -bd -y -o"$2" "$1" >/dev/null; fi
      ;;
    *) tar -xzf "$1" -C "$2" ;;
  esac
}

# A path as the runner's own programs read it: C:\x on Windows (Git Bash has cygpath).
native() {
  if command -v cygpath >/dev/null 2>&1; then cygpath -w "$1"; else echo "$1"; fi
}

install_release() {
  local ext=tar.gz exe=
  case "$target" in *windows*) ext=zip exe=.exe ;; esac
  local name="opsbook-v$version-$target"
  local url="$base_url/v$version/$name.$ext"
  tmp=$(mktemp -d) # global: the EXIT trap reads it after this function returns
  trap 'rm -rf "$tmp"' EXIT
  echo "downloading $url" >&2
  download "$url" "$tmp/$name.$ext"
  download "$url.sha256" "$tmp/$name.$ext.sha256"
  local expected actual
  expected=$(cut -d ' ' -f 1 <"$tmp/$name.$ext.sha256" | tr -d '\r\n' | tr 'A-F' 'a-f')
  actual=$(sha256_of "$tmp/$name.$ext")
  if [ "$expected" != "$actual" ]; then
    die "checksum mismatch for $name.$ext: nothing was installed
  expected ($name.$ext.sha256): ${expected:-<empty>}
  downloaded file:  $actual
  the download is corrupt or was tampered with; do not use it"
  fi
  echo "sha256 $actual  $name.$ext: OK" >&2
  mkdir -p "$tmp/unpacked"
  unpack "$tmp/$name.$ext" "$tmp/unpacked"
  [ -f "$tmp/unpacked/$name/opsbook$exe" ] || die "$name.$ext holds no $name/opsbook$exe"
  mkdir -p "$dir"
  # Copy, then rename: a binary already in $dir is replaced whole or not at all.
  cp "$tmp/unpacked/$name/opsbook$exe" "$dir/.opsbook$exe.new"
  chmod 755 "$dir/.opsbook$exe.new"
  mv -f "$dir/.opsbook$exe.new" "$dir/opsbook$exe"
  "$dir/opsbook$exe" --version >&2 || die "the installed $dir/opsbook$exe does not run"
  if [ -n "${GITHUB_PATH:-}" ]; then
    native "$dir" >>"$GITHUB_PATH"
  fi
  echo "installed opsbook $version in $dir" >&2
}

mode=${1:-install}
case "$mode" in plan | install) ;; *) die "usage: $0 [plan|install]" ;; esac

repo=$(package_field repository)
base_url=${OPSBOOK_BASE_URL:-${repo:+$repo/releases/download}}
[ -n "$base_url" ] || die "no repository in $root/Cargo.toml; set OPSBOOK_BASE_URL"
base_url=${base_url%/}
target=$(detect_target)
version=$(resolve_version)
dir=${OPSBOOK_INSTALL_DIR:-${RUNNER_TOOL_CACHE:-$HOME/.opsbook}/opsbook/$version/$target}
if command -v cygpath >/dev/null 2>&1; then
  dir=$(cygpath -u "$dir") # Windows runners: C:\hostedtoolcache → /c/hostedtoolcache
fi

if [ "$mode" = plan ]; then
  echo "version=$version"
  echo "target=$target"
  echo "dir=$(native "$dir")"
else
  install_release
fi
