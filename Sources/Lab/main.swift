import Foundation

/// `lab`: runs and validates scenario files. Exit status 0 on success, 1 when a run fails,
/// 2 on bad input (arguments or scenario file).
let arguments = Array(CommandLine.arguments.dropFirst())
let status: Int32
switch arguments.first {
case "run":
    status = RunCommand.main(Array(arguments.dropFirst()))
case "validate":
    status = ValidateCommand.main(Array(arguments.dropFirst()))
case "bench":
    status = BenchCommand.main(Array(arguments.dropFirst()))
case "--version", "version":
    print("lab \(LabVersion.current)")
    status = 0
case nil, "help", "--help", "-h":
    print(Usage.text)
    status = arguments.isEmpty ? 2 : 0
default:
    Terminal.error("unknown command '\(arguments[0])'\n\n\(Usage.text)")
    status = 2
}
exit(status)
