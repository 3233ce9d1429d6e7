import ClusterKit
import ClusterViewUI
import Foundation
import TerminalBackend

// THROWAWAY DEMO for the terminal backend (branch `tui`); discard at merge.
// `clusterview --terminal-demo [--ascii] [--color auto|always|never] [--raw]`
if CommandLine.arguments.dropFirst().first == "--terminal-demo" {
    exit(TerminalDemo.run(arguments: Array(CommandLine.arguments.dropFirst(2))))
}
print("clusterview")

/// A Braille scatter of random blobs with a status line, key bar and side panel; `q` quits.
final class TerminalDemo: TerminalApp {
    static func run(arguments: [String]) -> Int32 {
        var colorChoice = ColorChoice.auto, ascii = false, mode = Terminal.InputMode.cbreak
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--ascii": ascii = true
            case "--raw": mode = .raw
            case "--color":
                guard let value = rest.popFirst(), let choice = ColorChoice(rawValue: value) else {
                    FileHandle.standardError.write("--color needs auto, always or never\n".data(using: .utf8)!)
                    return 64
                }
                colorChoice = choice
            default:
                FileHandle.standardError.write("unknown demo option \(argument)\n".data(using: .utf8)!)
                return 64
            }
        }
        let terminal = Terminal(inputMode: mode)
        do {
            try terminal.start()
            let theme = Theme(mode: DisplayMode.choose(colorChoice: colorChoice, asciiOnly: ascii,
                                                       capabilities: terminal.capabilities,
                                                       environment: ProcessInfo.processInfo.environment))
            let demo = TerminalDemo(theme: theme, colorCount: terminal.capabilities.colorCount)
            let outcome = try terminal.run(demo)
            return outcome.exitCode
        } catch {
            terminal.stop()
            FileHandle.standardError.write("clusterview: \(error)\n".data(using: .utf8)!)
            return 1
        }
    }

    private var theme: Theme
    private let colorCount: Int
    private var seed: UInt64 = 1
    private var points: [(x: Double, y: Double, group: Int)] = []
    private var lastEvent = "none"
    private var crosshair: Point?
    private var ticksShown = 0
    private let ticks = TickCounter()

    init(theme: Theme, colorCount: Int) {
        self.theme = theme
        self.colorCount = colorCount
        generate()
        ticks.start()
    }

    private func generate() {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        func normal() -> Double { (-2 * log(max(uniform(), 1e-12))).squareRoot() * cos(2 * .pi * uniform()) }
        let centres = (0..<3).map { _ in (x: uniform() * 8 + 1, y: uniform() * 8 + 1) }
        points = (0..<900).map { index in
            let group = index % 3
            return (centres[group].x + normal() * 0.8, centres[group].y + normal() * 0.8, group)
        }
    }

    func render(width: Int, height: Int) -> Screen {
        var screen = Screen(width: width, height: height)
        let (body, bars) = screen.bounds.split(bottom: 2)
        let (plotArea, panel) = body.split(right: min(26, width / 3))
        drawPlot(into: &screen, at: plotArea)
        drawPanel(into: &screen, at: panel)
        screen.fill(Rect(x: 0, y: bars.y, width: width, height: 1), with: Cell(" ", style: theme.statusLine))
        screen.put(" clusterview terminal demo  seed \(seed)  \(width)x\(height)  last: \(lastEvent)",
                   x: 0, y: bars.y, style: theme.statusLine)
        var x = 0
        for (key, label) in [("q", "quit"), ("n", "new points"), ("m", "ascii/unicode"), ("c", "colour"), ("click", "mark")] {
            x += screen.put(" \(key) ", x: x, y: bars.y + 1, style: theme.keyBarKey)
            x += screen.put(" \(label)  ", x: x, y: bars.y + 1, style: theme.keyBarLabel)
        }
        return screen
    }

    private func drawPlot(into screen: inout Screen, at area: Rect) {
        var canvas = BrailleCanvas(width: area.width, height: area.height, xRange: 0...10, yRange: 0...10)
        canvas.line(from: (x: 0, y: 0), to: (x: 10, y: 0), group: -1)
        canvas.line(from: (x: 0, y: 0), to: (x: 0, y: 10), group: -1)
        for point in points { canvas.plot(x: point.x, y: point.y, group: point.group) }
        for group in 0..<3 {
            let members = points.filter { $0.group == group }
            let cx = members.map(\.x).reduce(0, +) / Double(members.count)
            let cy = members.map(\.y).reduce(0, +) / Double(members.count)
            let corners = (0...24).map { step -> (x: Double, y: Double) in
                let angle = Double(step) / 24 * 2 * .pi
                return (cx + 1.6 * cos(angle), cy + 1.6 * sin(angle))
            }
            for (a, b) in zip(corners, corners.dropFirst()) { canvas.line(from: a, to: b, group: group) }
            canvas.mark(x: cx, y: cy, character: theme.palette.centroidGlyph,
                        style: { var s = theme.palette.style(forGroup: group); s.bold = true; s.reverse = true; return s }())
        }
        if let crosshair {
            canvas.mark(column: crosshair.x - area.x, row: crosshair.y - area.y,
                        character: theme.palette.crosshairGlyph, style: theme.selection)
        }
        canvas.render(into: &screen, at: area, palette: theme.palette)
    }

    private func drawPanel(into screen: inout Screen, at area: Rect) {
        guard !area.isEmpty else { return }
        for y in area.y..<area.maxY { screen[area.x, y] = Cell(theme.verticalRule, style: theme.dimText) }
        let text = area.inset(left: 2)
        let lines: [(String, CellStyle)] = [
            ("Terminal demo", theme.title),
            ("colours  \(colorCount) (\(theme.mode.colorDepth))", .plain),
            ("charset  \(theme.mode.charset)", .plain),
            ("points   \(points.count)", .plain),
            ("ticks    \(ticksShown)", .plain),
            ("", .plain),
        ] + (0..<3).map { ("\(theme.palette.glyph(forGroup: $0)) cluster \($0 + 1)", theme.palette.style(forGroup: $0)) }
        for (offset, line) in lines.enumerated() where offset < text.height {
            screen.put(line.0, x: text.x, y: text.y + offset, style: line.1, maxWidth: text.width)
        }
    }

    func handle(_ event: InputEvent) -> Bool {
        lastEvent = KeyTokens.token(for: event)
        switch event {
        case .key(.character("q")), .key(.controlC):
            return false
        case .key(.character("n")):
            seed += 1
            generate()
        case .key(.character("m")):
            let charset: Charset = theme.mode.charset == .ascii ? .unicode : .ascii
            theme = Theme(mode: DisplayMode(colorDepth: theme.mode.colorDepth, charset: charset))
        case .key(.character("c")):
            let depth: ColorDepth = theme.mode.colorDepth == .monochrome
                ? (colorCount >= 256 ? .xterm256 : colorCount >= 16 ? .ansi16 : .ansi8) : .monochrome
            theme = Theme(mode: DisplayMode(colorDepth: depth, charset: theme.mode.charset))
        case .key(.character("h")):  // manual check of the second-signal path: a stuck app
            Thread.sleep(forTimeInterval: 30)
        case .key(.character("!")):  // manual check of the crash path
            fatalError("demo crash")
        case .mouse(.click(let column, let row)):
            crosshair = Point(x: column, y: row)
        default:
            break
        }
        return true
    }

    func poll() -> Bool {
        let now = ticks.value
        defer { ticksShown = now }
        return now != ticksShown
    }
}

/// Background work stand-in: counts seconds on another thread.
final class TickCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func start() {
        Thread.detachNewThread { [self] in
            while true {
                Thread.sleep(forTimeInterval: 1)
                lock.withLock { count += 1 }
            }
        }
    }
}
