/// One entry of a `Sec-WebSocket-Extensions` list (RFC 6455 §9.1): an extension token and
/// its parameters, each a token with an optional token value (a quoted value is unescaped).
///
/// The lab implements no extension, so its server never agrees to one; the client side still
/// reads what a server answers, to fail a response that selects an extension nobody offered.
public struct WebSocketExtension: Sendable, Equatable, CustomStringConvertible {
    public struct Parameter: Sendable, Equatable {
        public var name: String
        public var value: String?
        public init(name: String, value: String? = nil) {
            self.name = name
            self.value = value
        }
    }

    public var name: String
    public var parameters: [Parameter]

    public init(name: String, parameters: [Parameter] = []) {
        self.name = name
        self.parameters = parameters
    }

    /// The extension as written in a header field: `name; param; param=value`.
    public var description: String {
        ([name] + parameters.map { parameter in parameter.value.map { "\(parameter.name)=\($0)" } ?? parameter.name }).joined(separator: "; ")
    }

    /// The extensions listed by every field value, in order, or nil when the values do not follow
    /// the §9.1 grammar (`1#extension`, `extension = token *( ";" token [ "=" (token | quoted-string) ] )`).
    /// Empty list elements are skipped as the `#` rule allows; a list with no extension at all is malformed.
    static func list(_ values: [String]) -> [WebSocketExtension]? {
        var extensions: [WebSocketExtension] = []
        for value in values {
            guard let elements = HTTPFieldList.elements(of: value) else { return nil }
            for element in elements {
                guard let parts = HTTPFieldList.split(element, on: UInt8(ascii: ";")) else { return nil }
                guard let name = HTTPFieldList.token(parts[0]) else { return nil }
                var parameters: [Parameter] = []
                for part in parts.dropFirst() {
                    guard let parameter = Self.parameter(part) else { return nil }
                    parameters.append(parameter)
                }
                extensions.append(WebSocketExtension(name: name, parameters: parameters))
            }
        }
        return extensions.isEmpty ? nil : extensions
    }

    private static func parameter(_ text: ArraySlice<UInt8>) -> Parameter? {
        guard let equals = text.firstIndex(of: UInt8(ascii: "=")) else {
            return HTTPFieldList.token(text).map { Parameter(name: $0) }
        }
        guard let name = HTTPFieldList.token(text[..<equals]) else { return nil }
        let rawValue = HTTPFieldList.trimmed(text[(equals + 1)...])
        // §9.1: a quoted value, once unescaped, must itself be a token.
        let value = rawValue.first == UInt8(ascii: "\"") ? HTTPFieldList.unquoted(rawValue) : Array(rawValue)
        guard let value, let token = HTTPFieldList.token(value[...]) else { return nil }
        return Parameter(name: name, value: token)
    }
}
