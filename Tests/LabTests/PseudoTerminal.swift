import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `lab` with its stderr on a pseudo-terminal, as when a user types the command,
/// so that what `lab` draws only on a terminal (the progress line) can be read back.
enum PseudoTerminal {
    struct Output {
        var status: Int32
        var stdout: String
        /// Everything written to the terminal, control sequences included.
        var terminal: String
    }

    enum Failure: Error { case cannotOpen(String) }

    /// Linux's TIOCSPTLCK and TIOCGPTN (the generic ioctl numbers x86_64 and arm64 share):
    /// unlock a pseudo-terminal's other end, and ask its number.
    private static let unlock = UInt(0x4004_5431), number = UInt(0x8004_5430)

    static func run(_ arguments: [String]) throws -> Output {
        // posix_openpt and friends are not visible through Glibc; /dev/ptmx and two ioctls do the same.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        guard master >= 0 else { throw Failure.cannotOpen("/dev/ptmx: \(String(cString: strerror(errno)))") }
        var locked: Int32 = 0, number: UInt32 = 0
        guard ioctl(master, Self.unlock, &locked) == 0, ioctl(master, Self.number, &number) == 0 else {
            close(master)
            throw Failure.cannotOpen("/dev/ptmx: \(String(cString: strerror(errno)))")
        }
        let terminal = open("/dev/pts/\(number)", O_RDWR | O_NOCTTY)
        guard terminal >= 0 else {
            close(master)
            throw Failure.cannotOpen("/dev/pts/\(number): \(String(cString: strerror(errno)))")
        }
        defer { close(master) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: LabBinary.path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: LabBinary.root)
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(fileDescriptor: terminal, closeOnDealloc: false)
        try process.run()
        close(terminal)   // the child holds the only other end now: reads end when it exits

        let collected = CollectedOutput()
        let reader = Thread { collected.data = out.fileHandleForReading.readDataToEndOfFile(); collected.done.signal() }
        reader.start()
        var written = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(master, &buffer, buffer.count)
            if count <= 0 { break }   // EIO once the child's end is closed
            written += buffer[0..<count]
        }
        collected.done.wait()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: collected.data, as: UTF8.self),
                      terminal: String(decoding: written, as: UTF8.self))
    }

    /// The stdout a reader thread collects; `done` is signalled after the last write, so reading
    /// `data` after waiting on it is ordered after every write.
    private final class CollectedOutput: @unchecked Sendable {
        var data = Data()
        let done = DispatchSemaphore(value: 0)
    }
}
