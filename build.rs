//! Rebuild when any file of the embedded default theme changes, is added or is removed:
//! `include_dir!` alone only notices changes to files that already existed.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
