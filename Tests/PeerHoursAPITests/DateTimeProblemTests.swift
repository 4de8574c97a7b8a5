import AppTestSupport
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import PeerHoursAPI

@Suite struct DateTimeProblemTests {
    // Proves an unreadable date-time in a body is refused 400 naming the field (in the detail
    // and as a JSON pointer) and showing the expected form, for a top-level field and whatever
    // the other fields are.
    @Test func namesTheFieldAndTheExpectedForm() async throws {
        let fixture = try await AppFixture()
        try await fixture.application().test(.router) { client in
            let admin = try await client.bootstrapAndLogIn(fixture)
            for bad in ["tomorrow", "2026-12-01 09:00", "2026-13-01T09:00:00Z"] {
                let response = try await client.send(
                    .post, "/exchanges", json: #"{"offerID":1,"scheduledStart":"\#(bad)","durationMinutes":60}"#,
                    token: admin, idempotencyKey: "d-\(bad.count)")
                #expect(response.status == .badRequest, "\(bad)")
                let problem = try response.problem()
                #expect(problem.detail.hasPrefix("scheduledStart "), "\(problem.detail)")
                #expect(problem.detail.contains("2026-12-01T09:00:00Z"), "\(problem.detail)")
                #expect(try response.json(FieldErrorsBody.self).errors?.map(\.pointer) == ["/scheduledStart"])
            }
        }
    }

    // Proves the search for the field follows nesting and escapes a pointer's `/` and `~`.
    @Test func pointersFollowNesting() {
        let json = Data(#"{"a":{"b/c":["x","bad"]},"d~":"bad","e":"fine"}"#.utf8)
        #expect(DateTimeProblemMiddleware.pointers(to: "bad", in: json) == ["/a/b~1c/1", "/d~0"])
        #expect(DateTimeProblemMiddleware.pointers(to: "bad", in: Data("not json".utf8)).isEmpty)
    }
}
