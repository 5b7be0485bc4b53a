/// Reads options of the shape `--name value` and `--flag` from a command's arguments.
struct OptionReader {
    private(set) var positional: [String] = []
    private var values: [(String, String)] = []
    private var flags: [String] = []

    /// `valued` options take the next argument; `known` flags take none. Anything else is an error.
    init(_ arguments: [String], valued: [String], flags knownFlags: [String]) throws(UsageError) {
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            if argument.hasPrefix("--") {
                var name = argument
                var inline: String?
                if let eq = argument.firstIndex(of: "=") {
                    name = String(argument[..<eq])
                    inline = String(argument[argument.index(after: eq)...])
                }
                if valued.contains(name) {
                    if let inline {
                        values.append((name, inline))
                    } else {
                        guard i + 1 < arguments.count else { throw UsageError("\(name) needs a value") }
                        values.append((name, arguments[i + 1]))
                        i += 1
                    }
                } else if knownFlags.contains(name) && inline == nil {
                    flags.append(name)
                } else {
                    throw UsageError("unknown option '\(argument)'")
                }
            } else {
                positional.append(argument)
            }
            i += 1
        }
    }

    func value(_ name: String) -> String? { values.last { $0.0 == name }?.1 }
    func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// A command line that cannot be run as given (exit status 2).
struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
