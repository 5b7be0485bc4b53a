/// An error in a GraphQL response (spec §7.1.2): a message, where in the document it arose,
/// and for field errors the response path.
public struct GraphQLError: Error, Sendable, Equatable {
    public enum PathElement: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    public var message: String
    public var locations: [GraphQLSourceLocation]
    public var path: [PathElement]?
    /// `extensions.code`, for errors the lab injects (`UNAVAILABLE`, `DEADLINE_EXCEEDED`).
    public var code: String?

    public init(_ message: String, locations: [GraphQLSourceLocation] = [], path: [PathElement]? = nil, code: String? = nil) {
        self.message = message
        self.locations = locations
        self.path = path
        self.code = code
    }

    public var json: JSONValue {
        var members = [JSONMember("message", .string(message))]
        if !locations.isEmpty { members.append(JSONMember("locations", .array(locations.map(\.json)))) }
        if let path {
            members.append(JSONMember("path", .array(path.map { element in
                switch element {
                case .key(let key): return .string(key)
                case .index(let index): return .int(Int64(index))
                }
            })))
        }
        if let code { members.append(JSONMember("extensions", .object([JSONMember("code", .string(code))]))) }
        return .object(members)
    }
}

/// A GraphQL response: `{"errors": [...], "data": {...}}`, errors first when there are any.
/// `data` is absent (nil) when the request failed before execution began.
public struct GraphQLResponse: Sendable, Equatable {
    public var data: JSONValue?
    public var errors: [GraphQLError]

    public init(data: JSONValue?, errors: [GraphQLError] = []) {
        self.data = data
        self.errors = errors
    }

    public var json: JSONValue {
        var members: [JSONMember] = []
        if !errors.isEmpty { members.append(JSONMember("errors", .array(errors.map(\.json)))) }
        if let data { members.append(JSONMember("data", data)) }
        return .object(members)
    }

    public var text: String { json.text }
}
