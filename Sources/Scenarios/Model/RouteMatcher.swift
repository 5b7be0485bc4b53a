import Protocols

/// Decides whether a route takes a request template. Routes are chosen per template, with each
/// placeholder standing for one path segment, so a run resolves its routing table once.
public struct RouteMatcher: Sendable {
    public let route: RouteSpec
    public let pattern: PathPattern

    public init(route: RouteSpec) {
        self.route = route
        pattern = PathPattern(route.pathPattern)
    }

    public func matches(method: String, template: String) -> Bool {
        if let required = route.method, required != method { return false }
        return pattern.matches(PathTemplate(template).render(id: 1))
    }

    /// The first route of `routes` that takes the template, as the router picks it.
    public static func firstMatch(in routes: [RouteSpec], method: String, template: String) -> Int? {
        routes.firstIndex { RouteMatcher(route: $0).matches(method: method, template: template) }
    }
}
