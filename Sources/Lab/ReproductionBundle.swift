import Foundation
import Scenarios

/// What a failing run leaves behind so that anyone can run it again: a directory holding the
/// scenario's bytes as the run read them, `bundle.json` (seed, duration, the options that shape the
/// run, the trace hash, what failed), the JSON report, the recording if there was one, and a
/// README with the command that replays it. `lab replay DIR` reads it back.
enum ReproductionBundle {
    /// The version of `bundle.json`'s layout; a replay refuses any other.
    static let format = 1

    static let scenarioFile = "scenario.json5"
    static let manifestFile = "bundle.json"
    static let reportFile = "report.json"
    static let recordingFile = "recording.sqlite"
    static let readmeFile = "README.md"

    /// Where `lab run` puts the bundle without `--bundle`: `bundles/<scenario>-seed<N>`, relative to
    /// the current directory like the recordings.
    static func defaultPath(scenario: String, seed: UInt64) -> String {
        "bundles/\(RunCommand.safeFileName(scenario))-seed\(seed)"
    }

    /// Writes the bundle of `run` into `directory`, creating it if needed. The bundle's own files
    /// are replaced (a bundle is a snapshot of one run); any other file in the directory is left alone.
    static func write(to directory: String, manifest: BundleManifest, scenarioBytes: [UInt8], report: String,
                      recordingPath: String?) throws(BundleWriteError) {
        do {
            try writeFiles(to: directory, manifest: manifest, scenarioBytes: scenarioBytes, report: report, recordingPath: recordingPath)
        } catch {
            var error = error
            error.bundle = directory
            throw error
        }
    }

    private static func writeFiles(to directory: String, manifest: BundleManifest, scenarioBytes: [UInt8], report: String,
                                   recordingPath: String?) throws(BundleWriteError) {
        try makeDirectory(directory)
        try replace(named: scenarioFile, in: directory) { file throws(BundleWriteError) in try file.append(scenarioBytes) }
        try replace(named: manifestFile, in: directory) { file throws(BundleWriteError) in try file.append(Array((manifest.json + "\n").utf8)) }
        try replace(named: reportFile, in: directory) { file throws(BundleWriteError) in try file.append(Array((report + "\n").utf8)) }
        try replace(named: readmeFile, in: directory) { file throws(BundleWriteError) in
            try file.append(Array(readme(manifest, directory: directory).utf8))
        }
        let recording = directory + "/" + recordingFile
        if let recordingPath, FileManager.default.fileExists(atPath: recordingPath) {
            try replace(named: recordingFile, in: directory) { file throws(BundleWriteError) in try file.copy(from: recordingPath) }
        } else if FileManager.default.fileExists(atPath: recording) {
            // A recording left by an earlier run would pass for this one's.
            guard unlink(recording) == 0 else {
                throw BundleWriteError(path: recording, reason: "cannot remove the earlier run's recording: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Creates `directory` and the directories above it that are missing, naming the one that cannot be.
    private static func makeDirectory(_ directory: String) throws(BundleWriteError) {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if mkdir(prefix, 0o755) == 0 { continue }
            let cause = errno
            var status = stat()
            guard cause == EEXIST, stat(prefix, &status) == 0 else {
                throw BundleWriteError(path: prefix, reason: String(cString: strerror(cause)))
            }
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw BundleWriteError(path: prefix, reason: "it exists and is not a directory")
            }
        }
    }

    /// Writes the file `name` in `directory` beside its final name, then renames it over that name:
    /// a reader never sees half a file, and a failure leaves the earlier file whole.
    private static func replace(named name: String, in directory: String,
                                _ fill: (BundleFile) throws(BundleWriteError) -> Void) throws(BundleWriteError) {
        let path = directory + "/" + name
        let partial = directory + "/." + name + ".partial"
        let file = try BundleFile(creating: partial, for: path)
        do {
            try fill(file)
        } catch {
            Glibc.close(file.descriptor)
            unlink(partial)
            throw error
        }
        do {
            try file.close()
        } catch {
            unlink(partial)
            throw error
        }
        guard rename(partial, path) == 0 else {
            let cause = String(cString: strerror(errno))
            unlink(partial)
            throw BundleWriteError(path: path, reason: cause)
        }
    }

    /// The README: what failed and when, and the commands that reproduce it.
    static func readme(_ manifest: BundleManifest, directory: String) -> String {
        var text = """
            # Reproduction bundle: \(manifest.scenarioName), seed \(manifest.seed)

            `lab run \(manifest.scenarioFile)` failed on \(manifest.writtenAt) (lab \(manifest.labVersion)), \
            trace hash `\(manifest.traceHash)`:


            """
        for failure in manifest.failures { text += "- \(failure)\n" }
        text += """

            Replay it, and check that the trace hash is the same\(directory.hasPrefix("/") ? "" : " (from the directory the run was made in)"):

                lab replay \(directory)

            The same run by hand, from inside this directory:

                lab run \(scenarioFile) \(manifest.runArguments.joined(separator: " "))

            The files: `\(scenarioFile)` is the scenario exactly as the run read it; `\(manifestFile)` holds the \
            seed, the duration, the options that shape the run and the trace hash; `\(reportFile)` is the run's \
            `--json` report\(manifest.recorded ? "; `\(recordingFile)` its SQLite recording" : " (the run was not recorded)").

            """
        return text
    }
}

/// One of the bundle's files being written: its descriptor and the path it will take, which
/// errors name.
private struct BundleFile {
    let descriptor: Int32
    let path: String

    init(creating partial: String, for path: String) throws(BundleWriteError) {
        self.path = path
        descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw BundleWriteError(path: path, reason: String(cString: strerror(errno))) }
    }

    func append(_ bytes: [UInt8]) throws(BundleWriteError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            guard count > 0 else {
                if count < 0 && errno == EINTR { continue }
                throw BundleWriteError(path: path, reason: String(cString: strerror(errno)))
            }
            written += count
        }
    }

    /// Appends the file at `source`, a megabyte at a time (a recording can be large).
    func copy(from source: String) throws(BundleWriteError) {
        let input = open(source, O_RDONLY)
        guard input >= 0 else { throw BundleWriteError(path: path, reason: "cannot read \(source): \(String(cString: strerror(errno)))") }
        defer { Glibc.close(input) }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress!, $0.count) }
            if count == 0 { return }
            guard count > 0 else {
                if errno == EINTR { continue }
                throw BundleWriteError(path: path, reason: "cannot read \(source): \(String(cString: strerror(errno)))")
            }
            try append(Array(buffer[..<count]))
        }
    }

    func close() throws(BundleWriteError) {
        guard Glibc.close(descriptor) == 0 else { throw BundleWriteError(path: path, reason: String(cString: strerror(errno))) }
    }
}

/// A bundle that could not be written whole: the file or directory, and the system's reason.
struct BundleWriteError: Error, CustomStringConvertible {
    /// The file or directory that could not be written.
    var path: String
    var reason: String
    /// The bundle's directory, when `path` is not it.
    var bundle: String? = nil

    var description: String {
        "cannot write the reproduction bundle " + (bundle.map { $0 == path ? "" : "\($0): " } ?? "") + "\(path): \(reason)"
    }
}
