//! Rebuild when the embedded default theme changes (include_dir does not track files on stable).

fn main() {
    println!("cargo:rerun-if-changed=theme");
}
