import ClusterKit
import Foundation

/// Reads a saved model file, checking its size before reading it: a stranger's 1 GB "model"
/// is refused in constant memory rather than read and parsed.
enum ModelFile {
    static func load(_ path: String) throws -> SavedModel {
        if path != "-" {
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, Int(info.st_size) > SavedModel.maximumDocumentBytes {
                throw SavedModelError(source: path, SavedModel.tooLargeMessage(bytes: Int(info.st_size)))
            }
        }
        return try SavedModel(json: try InputFile.read(path), source: path)
    }
}
