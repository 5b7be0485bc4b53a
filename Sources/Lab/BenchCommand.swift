import Foundation

/// `lab bench codecs [--rounds N]`: the codecs' parse throughput, medians of N rounds.
enum BenchCommand {
    static let defaultRounds = 5
    static let mostRounds = 101

    static func main(_ arguments: [String]) -> Int32 {
        let rounds: Int
        do {
            rounds = try parse(arguments)
        } catch {
            Terminal.error(error.pointer.map { "\(error.message)\n\($0)" } ?? error.message)
            return 2
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

    /// The number of rounds the arguments ask for.
    static func parse(_ arguments: [String]) throws(UsageError) -> Int {
        let syntax = Usage.bench
        let options = try OptionReader(arguments, syntax: syntax)
        guard options.positional == ["codecs"] else {
            let found = options.positional.isEmpty ? "nothing" : options.positional.map { "'\($0)'" }.joined(separator: ", ")
            throw UsageError("bench measures 'codecs', found \(found)", syntax: syntax)
        }
        guard let text = options.value("--rounds") else { return defaultRounds }
        guard let rounds = Int(text), (1...mostRounds).contains(rounds) else {
            throw UsageError("--rounds: expected a whole number from 1 to \(mostRounds), found \"\(text)\"", syntax: syntax)
        }
        return rounds
    }
}
