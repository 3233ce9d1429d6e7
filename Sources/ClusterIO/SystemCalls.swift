#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

// open(2) and read(2) by names no member hides: inside `InputFile` (which has `open(_:)`) and a
// `ByteSource` (which has `read(into:)`) the bare names find the members first, and naming the
// C library's module instead (`Glibc.read`) would tie the code to one platform.

/// `open(2)`: a descriptor, or −1 with `errno` set.
func posixOpen(_ path: String, _ flags: Int32) -> Int32 {
    open(path, flags)
}

/// `read(2)`: the number of bytes read, 0 at the end, or −1 with `errno` set.
func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}
