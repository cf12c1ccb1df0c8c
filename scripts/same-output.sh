#!/usr/bin/env bash
# Proves that a change leaves opsbook's output byte-identical: builds the same books
# with the opsbook of two commits and compares every file they write.
#
#   scripts/same-output.sh BASE [NEW]
#
# BASE and NEW are git revisions (NEW defaults to the working tree). The books:
#   seeds    ../shared/seeds as one book
#   corpus   ../shared/corpus/public as one book (broken links as warnings)
#   guide    the repository's own book (book.toml + content/) as it is at BASE
#   bench    the benchmark's generated 1,000-page book (BASE's generator, seed 1)
# Exits 0 when every output is identical, 1 listing the files that differ when not.
# Release builds go to target/same-output/ (one per commit, kept for the next call).
set -euo pipefail
shopt -s inherit_errexit
cd "$(dirname "$0")/.."
top=$PWD
base=${1:?usage: scripts/same-output.sh BASE [NEW]}
new=${2:-}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base-src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

# A release build of a commit (or of the working tree), printed as the binary's path.
build_at() {
  local rev=$1 dir=$2
  if [ -z "$rev" ]; then
    cargo build --release --quiet --bin opsbook >&2 || exit 1
    echo "$top/target/release/opsbook"
    return
  fi
  git worktree add --detach --force "$dir" "$rev" >/dev/null 2>&1
  CARGO_TARGET_DIR="$top/target/same-output" cargo build --release --quiet \
    --manifest-path "$dir/Cargo.toml" --bin opsbook >&2
  cp "$top/target/same-output/release/opsbook" "$work/opsbook-$(basename "$dir")"
  echo "$work/opsbook-$(basename "$dir")"
}

# The books, laid out once under $work/books.
books=$work/books
mkdir -p "$books"
lay_flat() { # FROM NAME BOOK_TOML
  mkdir -p "$books/$2/content"
  find "$1" -maxdepth 1 -type f \( -name '*.md' -o -name '*.yml' -o -name '*.yaml' \) \
    ! -name MANIFEST.md -exec cp {} "$books/$2/content/" \;
  printf '%b' "$3" >"$books/$2/book.toml"
}
lay_flat ../shared/seeds seeds '[book]\ntitle = "Seeds"\n'
lay_flat ../shared/corpus/public corpus '[book]\ntitle = "Corpus"\n[check]\nbroken-links = "warn"\n'
mkdir -p "$books/guide"
git archive "$base" book.toml content | tar -x -C "$books/guide"

base_bin=$(build_at "$base" "$work/base-src")
# The generator: the bench of BASE (a [[bin]] of the crate, or its own package).
if grep -q '^name = "bench"' "$work/base-src/Cargo.toml"; then
  gen=(--bin bench)
else
  gen=(-p opsbook-bench)
fi
CARGO_TARGET_DIR="$top/target/same-output" cargo run --release --quiet \
  --manifest-path "$work/base-src/Cargo.toml" "${gen[@]}" -- \
  gen --pages 1000 --seed 1 --out "$work/gen" >&2
mv "$work/gen/opsbook" "$books/bench"
new_bin=$(build_at "$new" "$work/new-src")

status=0
for book in seeds corpus guide bench; do
  for side in base new; do
    bin=$base_bin
    [ $side = new ] && bin=$new_bin
    rm -rf "$books/$book/site"
    (cd "$books/$book" && "$bin" build -q >/dev/null 2>"$work/$book-$side.err") || true
    mv "$books/$book/site" "$work/$book-$side" 2>/dev/null || mkdir -p "$work/$book-$side"
  done
  files=$(find "$work/$book-base" -type f | wc -l)
  if diff -r "$work/$book-base" "$work/$book-new" >"$work/$book.diff" &&
    diff "$work/$book-base.err" "$work/$book-new.err" >>"$work/$book.diff"; then
    echo "$book: identical ($files files)"
  else
    echo "$book: DIFFERENT ($files files); the files that differ:"
    diff -rq "$work/$book-base" "$work/$book-new" | sed "s#$work/##g" | head -40 || true
    diff "$work/$book-base.err" "$work/$book-new.err" | head -20 || true
    status=1
  fi
done
exit $status
