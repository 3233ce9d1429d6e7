/// The settings every method's fit takes: how many clusters, how it starts (init method and
/// seed) and when it stops (iteration limit and tolerance). Each method's `Configuration` holds
/// one and adds its own parameters (β, covariance type and reg_covar, fuzziness m); its defaults
/// stay in that `Configuration`'s init, since they differ by method (GMM: 100 and 1e-3), and it is
/// built there with the memberwise init.
public struct CommonFitSettings: Sendable, Equatable, Hashable {
    public var k: Int
    public var initMethod: InitMethod
    public var seed: UInt32
    public var maxIterations: Int
    /// What the method compares its convergence measure with (see each method's note).
    public var tolerance: Double
}

/// A method's `Configuration`: its common settings, read and set through it as its own fields
/// (`configuration.k`, `configuration.tolerance`), written once here rather than in each method.
protocol FitConfiguration {
    var common: CommonFitSettings { get set }
}

extension FitConfiguration {
    public var k: Int { get { common.k } set { common.k = newValue } }
    public var initMethod: InitMethod { get { common.initMethod } set { common.initMethod = newValue } }
    public var seed: UInt32 { get { common.seed } set { common.seed = newValue } }
    public var maxIterations: Int { get { common.maxIterations } set { common.maxIterations = newValue } }
    public var tolerance: Double { get { common.tolerance } set { common.tolerance = newValue } }
}
