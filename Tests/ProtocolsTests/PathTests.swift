import Testing
@testable import Protocols

@Suite struct PathTests {
    @Test(arguments: [
        ("/api/*", "/api/items/7", true), ("/api/*", "/api", false), ("/api/*", "/api/", true),
        ("/api/items/{id}", "/api/items/7", true), ("/api/items/{id}", "/api/items/7/x", false),
        ("/api/items/{id}", "/api/items/", false), ("*/health", "/a/b/health", true), ("/x", "/x", true), ("/x", "/xy", false),
        ("/a/*/c", "/a/b/b/c", true), ("/a/*/c", "/a/c", false),
    ])
    func test_patternMatching(pattern: String, path: String, matches: Bool) {
        #expect(PathPattern(pattern).matches(path) == matches)
    }

    @Test func test_patternCapturesNamedSegments() {
        let captures = PathPattern("/users/{user}/orders/{order}").captures("/users/ada/orders/42")
        #expect(captures?.map(\.name) == ["user", "order"])
        #expect(captures?.map(\.value) == ["ada", "42"])
    }

    @Test func test_templateRendersEveryPlaceholder() {
        let template = PathTemplate("/users/{user}/orders/{id}")
        #expect(template.placeholders == ["user", "id"])
        #expect(template.render(id: 9) == "/users/9/orders/9")
        #expect(PathTemplate("/plain").render(id: 1) == "/plain")
        #expect(PathTemplate("/open{").render(id: 1) == "/open{")
    }

    @Test func test_renderedTemplatesMatchTheirOwnPatternForSeededIds() {
        var state: UInt64 = 5
        let template = PathTemplate("/api/items/{id}/parts/{part}")
        let pattern = PathPattern("/api/items/{id}/parts/{part}")
        for _ in 0..<1_000 {
            state = state &* 6364136223846793005 &+ 1
            let id = Int64(state >> 40)
            let captures = pattern.captures(template.render(id: id))
            #expect(captures?.map(\.value) == [String(id), String(id)])
        }
    }

    @Test func test_mockBackendFillsTheBodyTemplate() {
        let backend = MockHTTPBackend(cluster: "us-east", body: "{\"order\": \"{id}\", \"region\": \"{cluster}\", \"x\": \"{unknown}\"}",
                                      routePattern: PathPattern("/api/orders/{id}"))
        let ok = backend.respond(to: HTTPRequest(method: "GET", path: "/api/orders/17"), status: 200)
        #expect(ok.bodyText == "{\"order\": \"17\", \"region\": \"us-east\", \"x\": \"{unknown}\"}")
        let failed = backend.respond(to: HTTPRequest(method: "GET", path: "/api/orders/17"), status: 503)
        #expect(failed.status == 503 && failed.bodyText.contains("Service Unavailable"))
    }
}
