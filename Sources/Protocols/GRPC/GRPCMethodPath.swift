/// A gRPC method's HTTP path, `/package.Service/Method`.
public struct GRPCMethodPath: Sendable, Hashable, CustomStringConvertible {
    /// The fully qualified service, `package.Service`.
    public var service: String
    public var method: String

    public init(service: String, method: String) {
        self.service = service
        self.method = method
    }

    /// Parses a path; nil unless it is `/service/method` with identifier characters (and dots
    /// in the service name) only.
    public init?(_ path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].isEmpty,
              Self.isIdentifier(parts[1], allowingDots: true), Self.isIdentifier(parts[2], allowingDots: false) else { return nil }
        service = String(parts[1])
        method = String(parts[2])
    }

    public var description: String { "/\(service)/\(method)" }

    private static func isIdentifier(_ text: Substring, allowingDots: Bool) -> Bool {
        guard let first = text.utf8.first, first != UInt8(ascii: "."), text.utf8.last != UInt8(ascii: ".") else { return false }
        return text.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): return true
            case UInt8(ascii: "."): return allowingDots
            default: return false
            }
        }
    }
}
