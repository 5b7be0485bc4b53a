/// One option a command accepts: its spellings, the value it takes (if any), what it means and
/// what happens without it. The same description parses the command line and prints the help,
/// so the two cannot drift apart.
struct CommandOption: Sendable {
    /// The long spelling, `--seed`.
    var name: String
    /// A one-letter spelling, `-s`, for the options typed often.
    var alias: String?
    /// What the value stands for in the help (`N`, `D`, `PATH`); nil for a flag, which takes none.
    var value: String?
    /// What the option does, for the help.
    var meaning: String
    /// What happens without the option, for the help; nil when the option simply is off.
    var byDefault: String?

    var spellings: [String] { [name] + (alias.map { [$0] } ?? []) }
}

/// A command's shape: its name and operands, the options it takes, and notes for its help.
struct CommandSyntax: Sendable {
    /// `run`, `validate`, `bench`.
    var name: String
    /// What follows the name, `FILE` or `codecs`.
    var operands: String
    /// A few words for the list of commands, "run a scenario headless".
    var brief: String
    /// What the command does, for its own help.
    var summary: String
    var options: [CommandOption]
    /// Paragraphs printed after the options in the command's own help.
    var notes: [String] = []

    /// `--help` and `-h`: every command takes them, and prints its help.
    static let help = CommandOption(name: "--help", alias: "-h", value: nil, meaning: "print this help and exit")

    /// The option spelled `spelling` (long or short), if the command has one.
    func option(_ spelling: String) -> CommandOption? {
        (options + [Self.help]).first { $0.spellings.contains(spelling) }
    }

    /// Every spelling the command understands, for suggestions.
    var spellings: [String] { (options + [Self.help]).flatMap(\.spellings) }

    /// The command's own help: usage line, options with meanings and defaults, notes.
    var help: String {
        var text = "usage: lab \(name) \(operands)\(options.isEmpty ? "" : " [options]")\n\n\(summary)\n\noptions:\n"
        text += Self.describe(options + [Self.help], indent: "  ")
        for note in notes { text += "\n\(note)\n" }
        return text
    }

    /// The options as an aligned list: spellings and value, then the meaning (its lines split at
    /// "\n") and the default, beside them or, past a line's width, beneath.
    static func describe(_ options: [CommandOption], indent: String) -> String {
        let column = 24, width = 100 - indent.count
        let pad = String(repeating: " ", count: column)
        var text = ""
        for option in options {
            var head = option.alias.map { "\($0), " } ?? "    "
            head += option.name + (option.value.map { " \($0)" } ?? "")
            var lines = option.meaning.split(separator: "\n").map(String.init)
            if let byDefault = option.byDefault {
                let note = "(default: \(byDefault))"
                if column + lines[lines.count - 1].count + 1 + note.count <= width {
                    lines[lines.count - 1] += " " + note
                } else {
                    lines.append(note)
                }
            }
            if head.count < column - 1 {
                text += indent + head + String(repeating: " ", count: column - head.count) + lines[0] + "\n"
            } else {
                text += indent + head + "\n" + indent + pad + lines[0] + "\n"
            }
            for line in lines.dropFirst() { text += indent + pad + line + "\n" }
        }
        return text
    }
}
