import Testing
@testable import Scenarios

@Suite struct TimeSpanTests {
    @Test(arguments: [("250ms", 250_000_000), ("2m30s", 150_000_000_000), ("1h", 3_600_000_000_000), ("1.5s", 1_500_000_000),
                      ("800us", 800_000), ("10ns", 10), ("0", 0), ("600s", 600_000_000_000)] as [(String, Int64)])
    func test_parsesDurations(text: String, nanoseconds: Int64) {
        #expect(TimeSpan(parsing: text)?.nanoseconds == nanoseconds)
    }

    @Test(arguments: ["", "12", "ms", "1x", "5s3m", "1m1m", "-1s", "1.2.3s", "99999999999h"])
    func test_rejectsMalformedDurations(text: String) {
        #expect(TimeSpan(parsing: text) == nil)
    }

    @Test func test_descriptionRoundTripsForSeededValues() {
        var state: UInt64 = 99
        for _ in 0..<10_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let span = TimeSpan(nanoseconds: Int64(state >> 20))
            #expect(TimeSpan(parsing: span.description) == span, "\(span)")
        }
    }
}
