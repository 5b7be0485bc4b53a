import Foundation

/// Output helpers: errors to stderr, and whether stderr is a terminal (for the progress line).
enum Terminal {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("lab: \(message)\n".utf8))
    }

    static func write(toStandardError text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static var standardErrorIsTerminal: Bool { isatty(STDERR_FILENO) != 0 }
}
