/// Where each panel goes for a terminal size; shared by `render` and by mouse handling, so a
/// click lands on what was drawn.
public struct Layout: Sendable, Equatable {
    public static let minimumWidth = 80, minimumHeight = 24

    public let width: Int, height: Int
    public let status: Rect
    public let plot: Rect
    /// The plot area without its axis margins: where points are drawn.
    public let canvas: Rect
    public let side: Rect
    public let keyBar: Rect

    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
        let full = Rect(width: width, height: height)
        let (statusRect, rest) = full.split(top: 1)
        let (middle, keys) = rest.split(bottom: 1)
        // Side panel: wide enough for the membership table's full headings from 120 columns.
        let sideWidth = width >= 120 ? 60 : max(46, width * 45 / 100)
        let (plotRect, sideRect) = middle.split(right: sideWidth)
        status = statusRect
        keyBar = keys
        plot = plotRect
        side = sideRect
        // Legend on the first row, x ticks and label on the last two, y ticks in 8 columns on the left.
        canvas = plotRect.inset(top: 1, left: 8, bottom: 2, right: 1)
    }

    public var isTooSmall: Bool { width < Layout.minimumWidth || height < Layout.minimumHeight }
}
