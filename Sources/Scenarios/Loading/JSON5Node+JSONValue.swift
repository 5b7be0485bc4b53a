import Protocols

extension JSON5Node {
    /// The node as plain JSON, members in source order; whole numbers become integers.
    var jsonValue: JSONValue {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number):
            if number == number.rounded(), abs(number) < 9.0e15 { return .int(Int64(number)) }
            return .double(number)
        case .string(let text): return .string(text)
        case .array(let items): return .array(items.map(\.jsonValue))
        case .object(let members): return .object(members.map { JSONMember($0.key, $0.value.jsonValue) })
        }
    }
}
