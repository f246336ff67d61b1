//! The default pack in `../content` is embedded with `include_dir!`, which cargo does not know
//! to track: without this, a guide added (not only edited) would not reach the binary until
//! something else changed. A folder given here is scanned whole for changes.
fn main() {
    println!("cargo:rerun-if-changed=../content");
    println!("cargo:rerun-if-changed=build.rs");
}
