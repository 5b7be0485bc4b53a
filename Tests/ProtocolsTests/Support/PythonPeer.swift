import Foundation

/// Runs a peer script from Tests/Peers with Python, handing it a JSON file of cases and
/// reading JSON from its standard output.
enum PythonPeer {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    static let python: String? = {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(dir)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Whether python3 can import every module named.
    static func has(_ modules: String...) -> Bool {
        guard python != nil, let result = try? execute(["-c", "import " + modules.joined(separator: ", ")]) else { return false }
        return result.status == 0
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `Tests/Peers/<script>` on `cases` and returns its parsed JSON output.
    static func run(_ script: String, cases: Any) throws -> Any {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("lab-peer-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: cases).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try execute([root + "/Tests/Peers/" + script, file.path])
        guard result.status == 0 else { throw Failure(description: "\(script) exited \(result.status): \(result.stderr)") }
        return try JSONSerialization.jsonObject(with: result.stdout)
    }

    private static func execute(_ arguments: [String]) throws -> (status: Int32, stdout: Data, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/python3")
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, String(decoding: stderr, as: UTF8.self))
    }
}

extension Array where Element == UInt8 {
    var hex: String { map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() }

    init?(hex: String) {
        var bytes: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next() {
            guard let low = iterator.next(), let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(value)
        }
        self = bytes
    }
}
