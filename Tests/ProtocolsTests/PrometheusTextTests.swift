import Testing
@testable import Protocols

@Suite struct PrometheusTextTests {
    @Test func test_writesHelpTypeAndEscapedLabels() {
        var writer = PrometheusTextWriter()
        writer.header(name: "http_requests_total", help: "Requests.\nAll of them.", type: "counter")
        writer.sample(name: "http_requests_total", labels: [("route", "a\"b\\c\nd")], value: 3)
        writer.sample(name: "http_requests_total", labels: [], value: 0.25)
        #expect(writer.text == """
        # HELP http_requests_total Requests.\\nAll of them.
        # TYPE http_requests_total counter
        http_requests_total{route="a\\"b\\\\c\\nd"} 3
        http_requests_total 0.25

        """)
    }

    @Test func test_formatsSpecialValues() {
        #expect(PrometheusTextWriter.format(.infinity) == "+Inf")
        #expect(PrometheusTextWriter.format(-.infinity) == "-Inf")
        #expect(PrometheusTextWriter.format(.nan) == "NaN")
        #expect(PrometheusTextWriter.format(1e20) == "1e+20")
    }
}
