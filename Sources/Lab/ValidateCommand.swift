import Scenarios

/// `lab validate FILE`: reports every problem in a scenario file, or a one-line summary of it,
/// after any capacity warnings (clusters whose unbounded queues the traffic must grow).
enum ValidateCommand {
    static func main(_ arguments: [String]) -> Int32 {
        let options: OptionReader
        do {
            options = try OptionReader(arguments, valued: [], flags: [])
        } catch {
            Terminal.error(error.message)
            return 2
        }
        guard options.positional.count == 1 else {
            Terminal.error("validate takes one scenario file\n\n\(Usage.text)")
            return 2
        }
        guard let scenario = ScenarioFile.load(options.positional[0]) else { return 2 }
        // Warnings are advice, not errors: the file is valid and the exit status stays 0.
        for warning in CapacityCheck.warnings(for: scenario) {
            Terminal.write(toStandardError: "\(options.positional[0]): warning: \(warning.path): \(warning.message)\n")
        }
        print("\(options.positional[0]): ok — scenario \"\(scenario.name)\", \(scenario.clusters.count) cluster(s), "
              + "\(scenario.routes.count) route(s), \(scenario.traffic.count + scenario.scripts.count) traffic source(s)"
              + (scenario.scripts.isEmpty ? "" : " (\(scenario.scripts.count) scripted)")
              + (scenario.actions.isEmpty ? "" : ", \(scenario.actions.count) breaker action(s)")
              + ", \(scenario.chaos.count) chaos window(s), \(scenario.expectations.count) expectation(s), \(scenario.duration)")
        return 0
    }
}

/// Loads a scenario for a command, printing every issue (one per line) when it has any.
enum ScenarioFile {
    static func load(_ path: String) -> Scenario? {
        do {
            return try ScenarioInput.load(path)
        } catch {
            for issue in error.issues { Terminal.write(toStandardError: "\(issue)\n") }
            Terminal.error("\(error.issues.count) problem(s) in \(path)")
            return nil
        }
    }
}
