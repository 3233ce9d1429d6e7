#ifndef CLUSTERVIEW_NCURSES_SHIM_H
#define CLUSTERVIEW_NCURSES_SHIM_H
// The wide-character API, hidden unless this is defined before the header.
#define NCURSES_WIDECHAR 1
#if !defined(__APPLE__)
// What glibc's `pkg-config --cflags ncursesw` asks for (SwiftPM refuses -D flags from pkg-config).
#ifndef _DEFAULT_SOURCE
#define _DEFAULT_SOURCE 1
#endif
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 600
#endif
#endif
#include <limits.h>
#include <string.h>
#include <locale.h>
#include <langinfo.h>

// Linux distributions install the wide library as <ncursesw/...>; a few (Arch) only as
// <ncurses.h>, and Homebrew's pkg-config file may point straight into its include/ncursesw.
//
// macOS's own ncurses cannot serve, so the version check below stops the build when <ncurses.h>
// is the SDK's: it is 5.7 (2008), which has no init_extended_pair and refuses setcchar's pair
// pointer, and its header belongs to the SDK's `Darwin.ncurses` module, which is compiled without
// the macro above, so its wide-character half is never declared here. Homebrew's keg-only ncurses
// (6.x) is found through its pkg-config file instead (see Package.swift).
#if __has_include(<ncursesw/ncurses.h>)
#include <ncursesw/ncurses.h>
#include <ncursesw/term.h>
#else
#include <ncurses.h>
#include <term.h>
#endif

#if NCURSES_VERSION_MAJOR < 6 || (NCURSES_VERSION_MAJOR == 6 && NCURSES_VERSION_MINOR < 1)
#error "clusterview needs ncurses 6.1 or later with wide characters (init_extended_pair, setcchar's pair pointer); on macOS: brew install ncurses (macOS's own is 5.7)"
#endif

// Swift imports functions and simple constants from C, but not function-like or computed macros.
// These wrappers expose the few macros the terminal backend needs, under cv_ names.

static inline WINDOW *cv_stdscr(void) { return stdscr; }
static inline WINDOW *cv_curscr(void) { return curscr; }
static inline int cv_colors(void) { return COLORS; }
static inline int cv_color_pairs(void) { return COLOR_PAIRS; }
static inline int cv_width(void) { return getmaxx(stdscr); }
static inline int cv_height(void) { return getmaxy(stdscr); }
static inline int cv_key_f(int n) { return KEY_F(n); }

static inline attr_t cv_a_normal(void) { return A_NORMAL; }
static inline attr_t cv_a_bold(void) { return A_BOLD; }
static inline attr_t cv_a_dim(void) { return A_DIM; }
static inline attr_t cv_a_reverse(void) { return A_REVERSE; }
static inline attr_t cv_a_underline(void) { return A_UNDERLINE; }

static inline mmask_t cv_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t cv_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t cv_button5_pressed(void) { return BUTTON5_PRESSED; }

/// Writes one single-column character at (y, x) of stdscr with attributes and colour pair.
/// The pair is passed through setcchar's `opts` pointer so that pairs above SHRT_MAX work too.
static inline int cv_put_cell(int y, int x, wchar_t character, attr_t attributes, int pair) {
    cchar_t cell;
    wchar_t text[2] = { character, L'\0' };
    setcchar(&cell, text, attributes, (short)(pair <= SHRT_MAX ? pair : 0), &pair);
    return mvwadd_wch(stdscr, y, x, &cell);
}

/// Whether the current locale's character set (after setlocale) is UTF-8.
static inline int cv_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}
#endif
