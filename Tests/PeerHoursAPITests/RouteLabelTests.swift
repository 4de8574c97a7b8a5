import Testing
@testable import PeerHoursAPI

@Suite struct RouteLabelTests {
    // Proves a matched template is the label as the router wrote it, parameters in braces.
    @Test(arguments: [
        "/exchanges/{exchangeID}", "/networks/{networkID}/members", "/health", "/health/ready", "/static/*", "/",
    ])
    func keepsTemplates(_ template: String) {
        #expect(RouteLabel.template(endpointPath: template) == template)
    }

    // Proves no concrete id reaches a label: a segment with a digit (which no template has, a
    // concrete path would) is replaced, and a request no route matched is `unmatched`.
    @Test(arguments: [
        ("/exchanges/12345", "/exchanges/{}"),
        ("/networks/7/members/3a", "/networks/{}/members/{}"),
        ("/unsubscribe/abc9def", "/unsubscribe/{}"),
    ])
    func replacesConcreteSegments(_ path: String, _ label: String) {
        #expect(RouteLabel.template(endpointPath: path) == label)
    }

    @Test func unmatchedAndBounded() {
        #expect(RouteLabel.template(endpointPath: nil) == "unmatched")
        #expect(RouteLabel.template(endpointPath: "") == "unmatched")
        #expect(RouteLabel.template(endpointPath: "NotFound") == "unmatched")
        #expect(RouteLabel.template(endpointPath: "/" + String(repeating: "a", count: 500)).count == RouteLabel.lengthMax)
    }

    // Proves the method label is one of HTTP's methods or `other` (a method is free text).
    @Test func methodsAreBounded() {
        #expect(RouteLabel.method("GET") == "GET")
        #expect(RouteLabel.method("DELETE") == "DELETE")
        #expect(RouteLabel.method("X-ANY-THING") == "other")
    }
}
