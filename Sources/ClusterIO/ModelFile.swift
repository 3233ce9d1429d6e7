import ClusterKit
import Foundation

/// Reads a saved model file, checking its size against the shape it declares before reading it
/// whole (`SavedModel.sizeProblem`): a file larger than the fixed allowance is first scanned in
/// chunks, in constant memory, for its declared k, D, method and covariance type, so a stranger's
/// 1 GB "model" is refused without being held, while a wide model is read whatever its size.
/// Standard input cannot be read twice: it is read whole and checked the same way in memory.
public enum ModelFile {
    public static func load(_ path: String, calls: SystemCalls = .live) throws -> SavedModel {
        if path != "-" {
            var info = stat()
            if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, case let size = Int(info.st_size),
               let problem = try SavedModel.sizeProblem(bytes: size, shape: { try declaredShape(path, calls: calls) }) {
                throw SavedModelError(source: path, problem)
            }
        }
        return try SavedModel(json: try InputFile.read(path, calls: calls), source: path)
    }

    /// The shape a model file declares, from one streamed pass over it (gzip too).
    private static func declaredShape(_ path: String, calls: SystemCalls) throws -> SavedModel.DeclaredShape? {
        let source = try InputFile.open(path, calls: calls)
        var scanner = DeclaredShapeScanner()
        try source.forEachChunk(size: 1 << 20) { bytes in
            scanner.scan(bytes)
            return !scanner.isDone
        }
        return scanner.shape
    }
}
