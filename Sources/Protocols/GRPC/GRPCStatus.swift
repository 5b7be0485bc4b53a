/// The outcome of a gRPC call as its trailers carry it: `grpc-status` and `grpc-message`.
public struct GRPCStatus: Sendable, Equatable {
    public var code: GRPCStatusCode
    public var message: String

    public init(_ code: GRPCStatusCode, _ message: String = "") {
        self.code = code
        self.message = message
    }

    public static let ok = GRPCStatus(.ok)

    /// The trailer fields, with the message percent-encoded as the gRPC spec requires.
    public var trailers: HTTPHeaders {
        var fields: HTTPHeaders = [("grpc-status", String(code.rawValue))]
        if !message.isEmpty { fields.add("grpc-message", GRPCPercentEncoding.encode(message)) }
        return fields
    }

    /// The status in trailers (or trailers-only headers); nil when `grpc-status` is absent or
    /// not a number. An unknown number counts as UNKNOWN, as clients treat it.
    public init?(trailers: HTTPHeaders) {
        guard let text = trailers["grpc-status"], let number = Int(text), text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
        else { return nil }
        code = GRPCStatusCode(rawValue: number) ?? .unknown
        message = trailers["grpc-message"].map(GRPCPercentEncoding.decode) ?? ""
    }
}

/// The percent-encoding of `grpc-message`: bytes outside printable ASCII, and `%` itself,
/// become `%XX`. Spaces at either end are escaped too, since HTTP strips them from field
/// values. Decoding never fails: a malformed escape stays as written.
public enum GRPCPercentEncoding {
    public static func encode(_ text: String) -> String {
        var out = ""
        let bytes = Array(text.utf8)
        let firstKept = bytes.firstIndex { $0 != 0x20 } ?? bytes.count
        let lastKept = bytes.lastIndex { $0 != 0x20 } ?? -1
        for (index, byte) in bytes.enumerated() {
            let edgeSpace = byte == 0x20 && (index < firstKept || index > lastKept)
            if byte >= 0x20 && byte <= 0x7E && byte != 0x25 && !edgeSpace {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0x0F)
            }
        }
        return out
    }

    public static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x25, index + 2 < bytes.count,
               let high = HTTPSyntax.hexValue(bytes[index + 1]), let low = HTTPSyntax.hexValue(bytes[index + 2]) {
                out.append(UInt8(high << 4 | low))
                index += 3
            } else {
                out.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexDigit(_ value: UInt8) -> String {
        String(value, radix: 16, uppercase: true)
    }
}
