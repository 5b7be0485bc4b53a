/// A response body with `{name}` variables (`{"id": "{id}", "served_by": "{cluster}"}`).
///
/// Unknown variables stay as written, so a literal brace in JSON is never lost.
public struct BodyTemplate: Sendable, Hashable {
    private let template: PathTemplate
    public init(_ text: String) { template = PathTemplate(text) }

    /// The names of the variables the body refers to, in order of appearance.
    public var variables: [String] { template.placeholders }

    /// The body with each known variable substituted.
    public func render(_ variables: [(name: String, value: String)]) -> String {
        template.render { name in variables.first { $0.name == name }?.value ?? "{\(name)}" }
    }
}
