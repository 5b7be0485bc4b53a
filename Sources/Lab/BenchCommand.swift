import Foundation

/// `lab bench codecs [--rounds N]`: the codecs' parse throughput, medians of N rounds.
enum BenchCommand {
    static func main(_ arguments: [String]) -> Int32 {
        guard arguments.first == "codecs" else {
            Terminal.error("usage: lab bench codecs [--rounds N]")
            return 2
        }
        var rounds = 5
        var rest = Array(arguments.dropFirst())
        while !rest.isEmpty {
            let option = rest.removeFirst()
            guard option == "--rounds", let value = rest.first, let number = Int(value), (1...101).contains(number) else {
                Terminal.error("unknown or incomplete option '\(option)'; usage: lab bench codecs [--rounds N] (N from 1 to 101)")
                return 2
            }
            rounds = number
            rest.removeFirst()
        }
        let figures = CodecBenchmark.measure(CodecBenchmark.cases(), rounds: rounds)
        print("| codec | input | MB/s | messages/s |")
        print("| --- | --- | --- | --- |")
        for figure in figures {
            print("| \(figure.codec) | \(figure.input) | \(String(format: "%.0f", figure.megabytesPerSecond)) | \(String(format: "%.0f", figure.messagesPerSecond)) |")
        }
        print("(medians of \(rounds) rounds of at least 0.3 s each; release build)")
        return 0
    }
}
