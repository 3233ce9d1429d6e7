/// Something the user did: a key, a mouse action, or resizing the terminal.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    case mouse(MouseEvent)
    /// The terminal now has `width` columns and `height` rows.
    case resize(width: Int, height: Int)
}

/// A key press, as the explorer distinguishes keys.
///
/// Space, Tab and Enter have their own cases and are never `.character(" ")` and the like;
/// `.character` holds one printable, non-space character (`n`, `]`, `?`, `é`). Control-letter
/// combinations other than the ones with names (Tab = Ctrl-I, Enter = Ctrl-M) arrive as
/// `.control` with the lowercase letter, e.g. Ctrl-C is `.control("c")`; in cbreak mode the
/// terminal turns Ctrl-C into SIGINT instead and no key arrives.
public enum Key: Hashable, Sendable {
    case character(Character)
    case space, tab, backTab, enter, escape, backspace
    case left, right, up, down
    case pageUp, pageDown, home, end
    /// F1…F12 as `.function(1)`…`.function(12)`.
    case function(Int)
    /// Ctrl plus a letter `a`…`z`, lowercase.
    case control(Character)

    /// Ctrl-C.
    public static let controlC = Key.control("c")
}

/// A mouse action at a cell, column and row 0-based from the top-left.
public enum MouseEvent: Hashable, Sendable {
    /// The primary button went down.
    case click(column: Int, row: Int)
    case wheelUp(column: Int, row: Int)
    case wheelDown(column: Int, row: Int)

    public var column: Int {
        switch self {
        case .click(let column, _), .wheelUp(let column, _), .wheelDown(let column, _): return column
        }
    }

    public var row: Int {
        switch self {
        case .click(_, let row), .wheelUp(_, let row), .wheelDown(_, let row): return row
        }
    }
}
