//! The `trustwork` binary: the command line (and, with no command, the workbook).

fn main() {
    std::process::exit(trustwork::cli::main_with(std::env::args_os()));
}
