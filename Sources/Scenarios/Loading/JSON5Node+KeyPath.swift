extension JSON5Node {
    /// Where the value a key path names (`routes[0].clusters[1]`) was written: the deepest node the
    /// path reaches, so a missing key points at the object that should hold it. Issues found on the
    /// decoded model carry only a path; this puts them back on the file's lines.
    func location(ofKeyPath path: String) -> SourceLocation {
        var node = self
        for step in Self.steps(path) {
            switch (step, node.value) {
            case (.key(let key), .object(let members)):
                guard let member = members.first(where: { $0.key == key }) else { return node.location }
                node = member.value
            case (.index(let index), .array(let elements)):
                guard elements.indices.contains(index) else { return node.location }
                node = elements[index]
            default:
                return node.location
            }
        }
        return node.location
    }

    private enum Step { case key(String), index(Int) }

    /// `a.b[2].c` as keys and indices. A key holding a dot or a bracket cannot be told apart, and
    /// simply stops the walk early (at a node that still contains the value).
    private static func steps(_ path: String) -> [Step] {
        var steps: [Step] = []
        var current = ""
        var index = ""
        var inIndex = false
        for character in path {
            if inIndex {
                if character == "]" {
                    steps.append(Int(index).map(Step.index) ?? .key(index))
                    index = ""; inIndex = false
                } else {
                    index.append(character)
                }
                continue
            }
            switch character {
            case ".":
                if !current.isEmpty { steps.append(.key(current)); current = "" }
            case "[":
                if !current.isEmpty { steps.append(.key(current)); current = "" }
                inIndex = true
            default:
                current.append(character)
            }
        }
        if !current.isEmpty { steps.append(.key(current)) }
        return steps
    }
}
