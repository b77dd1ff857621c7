fn main() -> std::process::ExitCode {
    jpoa_tracker::cli::main()
}
