/// Reads a command's arguments against its syntax: `--name value`, `--name=value`, a one-letter
/// alias (`-s value`), flags (`--json`), operands, and `--`, after which everything is an operand.
/// An option the command does not know is refused with the nearest spellings it does know.
struct OptionReader {
    private(set) var positional: [String] = []
    private var values: [(String, String)] = []
    private var flags: [String] = []

    init(_ arguments: [String], syntax: CommandSyntax) throws(UsageError) {
        var i = 0
        var optionsEnded = false
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positional.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            var spelling = argument
            var inline: String?
            if argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") {
                spelling = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            guard let option = syntax.option(spelling) else {
                let longNames = (syntax.options + [CommandSyntax.help]).map(\.name)
                throw UsageError("unknown option '\(spelling)'\(SpellingSuggestion.hint(spelling, among: longNames))", syntax: syntax)
            }
            guard let valueName = option.value else {
                if inline != nil { throw UsageError("option \(option.name) takes no value, found '\(argument)'", syntax: syntax) }
                flags.append(option.name)
                continue
            }
            if let inline {
                guard !inline.isEmpty else { throw Self.missing(option, valueName, syntax) }
                values.append((option.name, inline))
            } else {
                // The next argument is the value unless there is none or it is one of the command's own options.
                guard i < arguments.count, syntax.option(Self.spelling(arguments[i])) == nil else {
                    throw Self.missing(option, valueName, syntax)
                }
                values.append((option.name, arguments[i]))
                i += 1
            }
        }
    }

    /// Reads options given only by their long names (`valued` take a value, `flags` none).
    init(_ arguments: [String], valued: [String], flags knownFlags: [String]) throws(UsageError) {
        let options = valued.map { CommandOption(name: $0, value: "VALUE", meaning: "") }
            + knownFlags.map { CommandOption(name: $0, value: nil, meaning: "") }
        try self.init(arguments, syntax: CommandSyntax(name: "", operands: "", brief: "", summary: "", options: options))
    }

    /// The value of the option named by its long name; the last one given wins.
    func value(_ name: String) -> String? { values.last { $0.0 == name }?.1 }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    private static func spelling(_ argument: String) -> String {
        guard argument.hasPrefix("--"), let eq = argument.firstIndex(of: "=") else { return argument }
        return String(argument[..<eq])
    }

    private static func missing(_ option: CommandOption, _ valueName: String, _ syntax: CommandSyntax) -> UsageError {
        UsageError("option \(option.name) needs a value (\(option.name) \(valueName))", syntax: syntax)
    }
}

/// A command line that cannot be run as given (exit status 2).
struct UsageError: Error {
    var message: String
    /// The command whose syntax was broken, so the message can point at its help.
    var syntax: CommandSyntax?

    init(_ message: String, syntax: CommandSyntax? = nil) {
        self.message = message
        self.syntax = syntax
    }

    /// Where to find the right syntax, printed under the message on stderr.
    var pointer: String? {
        guard let syntax, !syntax.name.isEmpty else { return nil }
        return "usage: lab \(syntax.name) \(syntax.operands) [options]; `lab \(syntax.name) --help` lists the options"
    }
}
