import Foundation

/// `lab`: runs and validates scenario files, and replays the bundles failed runs leave. Exit status 0 on success, 1 when a run fails,
/// 2 on bad input (arguments or scenario file). Help goes to stdout with status 0.
let arguments = Array(CommandLine.arguments.dropFirst())

/// Whether the arguments ask for help: `--help` or `-h` anywhere before a `--`.
func asksForHelp(_ arguments: some Collection<String>) -> Bool {
    arguments.prefix { $0 != "--" }.contains { $0 == "--help" || $0 == "-h" }
}

let status: Int32
let rest = Array(arguments.dropFirst())
switch arguments.first {
case let name? where Usage.command(name) != nil && asksForHelp(rest):
    print(Usage.command(name)!.help, terminator: "")
    status = 0
case "run":
    status = RunCommand.main(rest)
case "replay":
    status = ReplayCommand.main(rest)
case "validate":
    status = ValidateCommand.main(rest)
case "bench":
    status = BenchCommand.main(rest)
case "--version", "version":
    print("lab \(LabVersion.current)")
    status = 0
case "help", "--help", "-h":
    if let name = rest.first {
        if let command = Usage.command(name) {
            print(command.help, terminator: "")
            status = 0
        } else {
            Terminal.error("no command '\(name)'\(SpellingSuggestion.hint(name, among: Usage.commands.map(\.name))); "
                           + "the commands are \(Usage.commands.map(\.name).joined(separator: ", "))")
            status = 2
        }
    } else {
        print(Usage.text)
        status = 0
    }
case nil:
    Terminal.error("a command is needed\n\n\(Usage.text)")
    status = 2
case let name?:
    Terminal.error("unknown command '\(name)'\(SpellingSuggestion.hint(name, among: Usage.commands.map(\.name) + ["help"]))"
                   + "; `lab --help` lists the commands")
    status = 2
}
exit(status)
