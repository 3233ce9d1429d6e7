import ArgumentParser
import ClusterIO

/// Where a command's output goes, `--output FILE` (written atomically) or standard output, and
/// whether an existing file may be replaced (`--force`): declared once for every command that writes.
struct OutputOptions: ParsableArguments {
    @Option(name: .customLong("output"), help: "Write to this file (atomically) instead of standard output.")
    var path: String?

    @Flag(help: "Allow --output to replace an existing file.")
    var force = false

    var destination: OutputDestination { OutputDestination(path: path, force: force) }
}
