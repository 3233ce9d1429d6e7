// swift-tools-version:6.0
import PackageDescription

// ncurses comes without flags on Linux (see CNcursesw below); on macOS it is Homebrew's keg-only
// ncurses, which only its pkg-config file locates (SwiftPM looks under `brew --prefix`/opt/ncurses).
#if os(macOS)
let ncursesPkgConfig: String? = "ncursesw"
#else
let ncursesPkgConfig: String? = nil
#endif

let package = Package(
    name: "clusterview",
    // macOS 15 for `Atomic` (Synchronization). SignalGuard's handlers need a lock-free atomic (a
    // lock is not async-signal-safe), and the toolchain has no other: the alternatives were a
    // dependency (swift-atomics) or a C target of C11 atomics. Building Swift 6 already takes
    // Xcode 16, hence macOS 14.5 or later, so this leaves out macOS 14 only.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "clusterview", targets: ["clusterview"]),
        .library(name: "ClusterKit", targets: ["ClusterKit"]),
        .library(name: "ClusterIO", targets: ["ClusterIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Pure core: data, algorithms, membership rules. No terminal, no file I/O.
        .target(name: "ClusterKit", dependencies: ["CKernels"]),
        // Hand-vectorised kernels for newer CPUs (checked at run time; ClusterKit's Swift is the fallback).
        .target(name: "CKernels"),
        // Pure UI: app state, actions, render(state, size) -> Screen. No curses.
        .target(name: "ClusterViewUI", dependencies: ["ClusterKit"]),
        // The C library, through a module map and a small shim for its macros. No pkgConfig on
        // Linux: its only flags there are -D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600, which SwiftPM
        // prohibits (a warning on every build); shim.h defines them itself.
        .systemLibrary(
            name: "CNcursesw",
            pkgConfig: ncursesPkgConfig,
            providers: [.apt(["libncurses-dev"]), .brew(["ncurses"])]
        ),
        // zlib, for .csv.gz inputs read as a stream.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Files and streams: reading (short reads, EINTR, gzip, part folders, the memory budget),
        // atomic writes, output destinations, model files. Unit-tested through its system-call seam.
        .target(name: "ClusterIO", dependencies: ["ClusterKit", "CZlib"]),
        // The only target that touches the terminal: copies a Screen, reads events.
        .target(name: "TerminalBackend", dependencies: ["CNcursesw", "ClusterViewUI"]),
        .executableTarget(
            name: "clusterview",
            dependencies: [
                "ClusterKit", "ClusterIO", "ClusterViewUI", "TerminalBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ClusterKitTests", dependencies: ["ClusterKit"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ClusterViewUITests", dependencies: ["ClusterViewUI", "ClusterKit"], exclude: ["Golden"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ClusterKit"]),
        .testTarget(name: "TerminalBackendTests", dependencies: ["TerminalBackend"]),
        .testTarget(name: "ClusterIOTests", dependencies: ["ClusterIO", "ClusterKit"]),
    ],
    swiftLanguageModes: [.v5]
)

// The libFuzzer harness (Fuzz/, built by scripts/fuzz only). Declared only when scripts/fuzz sets
// CLUSTERVIEW_FUZZ=1, with its own scratch path, so `swift build` / `swift test` never see it: it
// has no `main` (libFuzzer's, linked by -sanitize=fuzzer, calls LLVMFuzzerTestOneInput).
if Context.environment["CLUSTERVIEW_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "clusterview-fuzz",
        dependencies: ["ClusterKit", "ClusterViewUI"],
        path: "Fuzz",
        exclude: ["corpus"]
    ))
}
