#ifndef CLUSTERVIEW_NCURSES_SHIM_H
#define CLUSTERVIEW_NCURSES_SHIM_H
// The wide-character API is hidden unless this is defined before the header.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/ncurses.h>
#endif
