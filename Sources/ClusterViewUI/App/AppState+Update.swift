import ClusterKit

extension AppState {
    /// Applies one action; returns the effects the runtime must perform. Never blocks.
    public mutating func update(_ action: Action) -> [Effect] {
        if case .resize = action {} else if !isReport(action) { message = nil }
        switch action {
        case .stepForward:
            if cursor < history.count - 1 {
                cursor += 1
                return modelChanged()
            }
            if let b = busy {
                // Keys typed while a step computes are not lost: they queue further steps.
                if b.what == "stepping" { queuedSteps += 1 } else { message = "busy: \(b.what) (Esc cancels)" }
                return []
            }
            if model.isFinished {
                autoplay = false
                message = model.converged ? "converged at iter \(model.iteration)" : "iteration limit reached"
                return []
            }
            return startSteps(count: 1)
        case .stepBack:
            guard cursor > 0 else { message = "already at iter 0"; return [] }
            cursor -= 1
            return modelChanged()
        case .runToConvergence:
            if let b = busy { message = "busy: \(b.what) (Esc cancels)"; return [] }
            cursor = history.count - 1
            if model.isFinished { message = "converged at iter \(model.iteration)"; return modelChanged() }
            return startSteps(count: nil)
        case .toggleAutoplay:
            autoplay.toggle()
            return []
        case .autoplayTick:
            guard autoplay, busy == nil else { return [] }
            return update(.stepForward)
        case .reinitialise:
            var s = settings
            s.seed = s.seed &+ 1
            // Fixed rows ignore the seed: a new draw needs a random init.
            if case .rows = s.initMethod { s.initMethod = .kMeansPlusPlus }
            message = "seed \(s.seed)"
            return refit(s)
        case .cycleMethod:
            var s = settings
            let all = ClusteringMethod.allCases
            s.method = all[(all.firstIndex(of: s.method)! + 1) % all.count]
            return refit(s)
        case .cycleCovariance:
            var s = settings
            let all = CovarianceType.allCases
            s.covarianceType = all[(all.firstIndex(of: s.covarianceType)! + 1) % all.count]
            return refit(s)
        case .changeK(let delta):
            var s = settings
            s.k = min(max(1, s.k + delta), min(26, data.matrix.rows))
            if s.k == settings.k { message = "k stays \(s.k)"; return [] }
            if case .rows = s.initMethod { s.initMethod = .kMeansPlusPlus }
            return refit(s)
        case .scaleBeta(let factor):
            return setBeta(settings.beta * factor)
        case .resetBeta:
            return setBeta(1)
        case .toggleStandardize:
            let newData = PreparedData(dataset, standardize: !data.standardized)
            if let problem = ValueRange.problem(in: newData) { message = "\(problem)"; return [] }
            return refit(settings, data: newData)
        case .cycleXAxis, .cycleYAxis:
            var p = projection
            if case .cycleXAxis = action { p.cycle(xAxis: true, data: data) } else { p.cycle(xAxis: false, data: data) }
            projection = p
            zoom = nil
            return []
        case .toggleTrueLabels:
            if dataset.labelCodes == nil { message = "this file has no label column"; return [] }
            showTrueLabels.toggle()
            return []
        case .toggleEllipses:
            showEllipses.toggle()
            if model.gaussianMixture == nil && showEllipses { message = "ellipses show for GMM (press m)" }
            return []
        case .zoomIn, .zoomOut:
            let factor = { if case .zoomIn = action { return 0.5 } else { return 2.0 } }()
            let p = projection.point(selected)
            zoomAround(x: p.x, y: p.y, factor: factor)
            return []
        case .zoomAt(let column, let row, let zoomIn):
            guard let p = dataCoordinates(column: column, row: row) else { return [] }
            zoomAround(x: p.x, y: p.y, factor: zoomIn ? 0.5 : 2)
            return []
        case .fitAll:
            zoom = nil
            return []
        case .moveSelection(let dx, let dy):
            if let p = probe {
                // The probe moves one cell on screen per key press.
                let c = layout.canvas, r = visibleRange
                let stepX = (r.x.upperBound - r.x.lowerBound) / Double(max(c.width, 1))
                let stepY = (r.y.upperBound - r.y.lowerBound) / Double(max(c.height, 1))
                probe = (p.x + Double(dx) * stepX, p.y - Double(dy) * stepY)
                return []
            }
            if let next = nearestInDirection(dx: dx, dy: dy) { selected = next }
            return []
        case .nextRow:
            selected = (selected + 1) % data.matrix.rows
            return []
        case .previousRow:
            selected = (selected - 1 + data.matrix.rows) % data.matrix.rows
            return []
        case .beginGoTo:
            prompt = ""
            return []
        case .promptInput(let c):
            if c.isNumber, (prompt?.count ?? 0) < 12 { prompt = (prompt ?? "") + String(c) }
            return []
        case .promptBackspace:
            if var p = prompt, !p.isEmpty { p.removeLast(); prompt = p }
            return []
        case .promptSubmit:
            defer { prompt = nil }
            guard let text = prompt, let row = Int(text) else { return [] }
            if let position = data.position(ofFileRow: row) {
                selected = position
            } else {
                message = dataset.dropped.contains { $0.rowIndex == row } ? "row \(row) was dropped (missing value)" : "no row \(row)"
            }
            return []
        case .click(let column, let row):
            guard let p = dataCoordinates(column: column, row: row) else { return [] }
            if probe != nil {
                probe = p
            } else if let nearest = nearestPoint(toX: p.x, y: p.y) {
                selected = nearest
            }
            return []
        case .toggleMap:
            showMap.toggle()
            return []
        case .cycleMapRule:
            let rules: [MembershipRule] = [.softmax, .gmm, .inversePower]
            mapRule = rules[((rules.firstIndex(of: mapRule) ?? 0) + 1) % rules.count]
            message = "map rule: \(mapRule.rawValue)"
            return []
        case .dropProbe:
            probe = probe ?? projection.point(selected)
            message = "probe: arrows or a click move it, P removes it"
            return []
        case .removeProbe:
            probe = nil
            return []
        case .toggleCompare:
            showCompare.toggle()
            showExplain = false
            return []
        case .toggleExplain:
            showExplain.toggle()
            showCompare = false
            return []
        case .toggleSweep:
            if showSweep {
                showSweep = false
                return []
            }
            showSweep = true
            showHelp = false
            showCompare = false
            showExplain = false
            // A finished sweep for these settings is reused; otherwise fit k = 2…12 in the background.
            if let sweep, sweepSettings == sweepKey { sweepCursor = sweep.points.firstIndex { $0.k == model.k } ?? sweepCursor; return [] }
            if sweepJob != nil { return [] }
            let ks = Array(2...max(2, min(12, data.matrix.rows - 1)))
            var s = settings
            if case .rows = s.initMethod { s.initMethod = .kMeansPlusPlus }
            let job = newJob()
            sweepJob = job
            sweep = nil
            sweepSettings = sweepKey
            sweepProgress = (0, ks.count)
            return [.sweep(job: job, data: data, settings: s, ks: ks)]
        case .moveSweepCursor(let delta):
            guard let sweep else { return [] }
            sweepCursor = min(max(0, sweepCursor + delta), sweep.points.count - 1)
            return []
        case .chooseSweepK:
            guard let sweep, sweep.points.indices.contains(sweepCursor) else { return [] }
            showSweep = false
            var s = settings
            s.k = sweep.points[sweepCursor].k
            if s.k == settings.k { return [] }
            if case .rows = s.initMethod { s.initMethod = .kMeansPlusPlus }
            return refit(s)
        case .sweepProgress(let job, let completed, let total):
            if job == sweepJob { sweepProgress = (completed, total) }
            return []
        case .sweepComputed(let job, let result):
            guard job == sweepJob else { return [] }
            sweepJob = nil
            sweepProgress = nil
            sweep = result
            sweepCursor = result.points.firstIndex { $0.k == model.k } ?? 0
            return []
        case .nextAmbiguous:
            // Rows ordered from the most ambiguous (smallest margin); go to the next after the current.
            let m = margins()
            let order = m.indices.sorted { m[$0] != m[$1] ? m[$0] < m[$1] : $0 < $1 }
            // Continue down the list only if the selection is still where the last jump left it.
            let at = (order.firstIndex(of: selected).map { $0 == ambiguityRank ? $0 + 1 : 0 } ?? 0) % order.count
            ambiguityRank = at
            selected = order[at]
            probe = nil
            message = "margin \(NumberFormat.probability(m[selected])) under \(mapRule.rawValue) (rank \(at + 1) of \(order.count))"
            return []
        case .exportScreen:
            return [.exportScreen(fileName: exportName("txt"))]
        case .exportMemberships:
            let report = FitReport(data: data, model: model, settings: settings,
                                   bootstrap: bootstrapCentroids == model.centroids ? bootstrap : nil)
            return [.exportMemberships(fileName: exportName("csv"), report: report)]
        case .toggleHelp:
            showHelp.toggle()
            return []
        case .escape:
            if prompt != nil { prompt = nil; return [] }
            if showHelp { showHelp = false; return [] }
            if showCompare || showExplain { showCompare = false; showExplain = false; return [] }
            if showSweep {
                showSweep = false
                if let job = sweepJob {
                    sweepJob = nil
                    sweepProgress = nil
                    message = "sweep cancelled"
                    return [.cancel(job: job)]
                }
                return []
            }
            if let b = busy {
                busy = nil
                autoplay = false
                queuedSteps = 0
                message = "cancelled \(b.what)"
                return [.cancel(job: b.job)]
            }
            if bootstrapJob != nil {
                message = "bootstrap cancelled"
                return cancelBootstrap()
            }
            return []
        case .quit:
            return [.quit]
        case .resize(let w, let h):
            width = w
            height = h
            return []
        case .stepsComputed(let job, let snapshots):
            guard busy?.job == job else { return [] }
            busy = nil
            history.append(contentsOf: snapshots)
            cursor = history.count - 1
            if let last = snapshots.last {
                let changed = last.model.changedLabels
                message = snapshots.count > 1
                    ? "ran \(snapshots.count) iterations" + (last.model.converged ? ", converged" : "")
                    : "\(changed) point\(changed == 1 ? "" : "s") changed cluster"
            }
            if queuedSteps > 0 && !model.isFinished {
                queuedSteps -= 1
                return startSteps(count: 1)
            }
            queuedSteps = 0
            return modelChanged()
        case .refitComputed(let job, let snapshot, let newSettings, let newData):
            guard busy?.job == job else { return [] }
            busy = nil
            let sameSpace = newData.standardized == data.standardized
            let oldCentroids = model.centroids, oldSlots = colorSlots
            if !sameSpace {
                data = newData
                projection = Projection(data: newData)
                zoom = nil
            }
            settings = newSettings
            history = [snapshot]
            cursor = 0
            colorSlots = sameSpace ? matchedSlots(new: snapshot.model.centroids, old: oldCentroids, oldSlots: oldSlots)
                                   : Array(0..<newSettings.k)
            bootstrap = nil
            bootstrapCentroids = nil
            return modelChanged()
        case .stepProgress(let job, let iteration):
            if busy?.job == job { busy?.what = "running to convergence: iter \(iteration)" }
            return []
        case .bootstrapProgress(let job, let done):
            if job == bootstrapJob { bootstrapDone = done }
            return []
        case .bootstrapComputed(let job, let result):
            guard job == bootstrapJob else { return [] }
            bootstrap = result
            bootstrapJob = nil
            bootstrapDone = nil
            return []
        case .jobFailed(let job, let reason):
            if busy?.job == job { busy = nil; autoplay = false; message = reason }
            if bootstrapJob == job { bootstrapJob = nil; bootstrapDone = nil }
            if sweepJob == job { sweepJob = nil; sweepProgress = nil; showSweep = false; message = reason }
            return []
        case .exported(let path):
            message = "exported \(path)"
            return []
        case .exportFailed(let reason):
            message = "export failed: \(reason)"
            return []
        }
    }

    private func isReport(_ action: Action) -> Bool {
        switch action {
        case .bootstrapProgress, .bootstrapComputed, .autoplayTick, .sweepProgress, .sweepComputed, .stepProgress: return true
        default: return false
        }
    }

    private mutating func startSteps(count: Int?) -> [Effect] {
        let job = newJob()
        busy = Busy(job: job, what: count == nil ? "running to convergence" : "stepping")
        var effects = cancelBootstrap()
        effects.append(.steps(job: job, from: model, count: count, data: data, settings: settings))
        return effects
    }

    private mutating func refit(_ newSettings: ModelSettings, data newData: PreparedData? = nil) -> [Effect] {
        var effects: [Effect] = []
        if let b = busy { effects.append(.cancel(job: b.job)) }
        effects += cancelBootstrap()
        let job = newJob()
        busy = Busy(job: job, what: "fitting")
        autoplay = false
        effects.append(.refit(job: job, data: newData ?? data, settings: newSettings))
        return effects
    }

    private mutating func setBeta(_ beta: Double) -> [Effect] {
        let clamped = min(max(beta, 1e-6), 1e9)
        if settings.method == .soft {
            var s = settings
            s.beta = clamped
            return refit(s)
        }
        // Beta only changes the softmax rule: every number updates at once, no refit.
        settings.beta = clamped
        for i in history.indices { history[i].context.beta = clamped }
        return []
    }

    private mutating func cancelBootstrap() -> [Effect] {
        guard let job = bootstrapJob else { return [] }
        bootstrapJob = nil
        bootstrapDone = nil
        return [.cancel(job: job)]
    }

    /// After the current model changed: start the bootstrap for its centroids unless it is known.
    private mutating func modelChanged() -> [Effect] {
        if selected >= data.matrix.rows { selected = 0 }
        guard busy == nil else { return [] }
        if bootstrapCentroids == model.centroids { return [] }
        var effects = cancelBootstrap()
        let job = newJob()
        bootstrapJob = job
        bootstrapDone = 0
        bootstrapCentroids = model.centroids
        bootstrap = nil
        effects.append(.bootstrap(job: job, data: data, reference: model.centroids, runs: bootstrapRuns, seed: settings.seed))
        return effects
    }

    /// New clusters take the colour of the old cluster they match (minimum-cost assignment of
    /// centroid distances); clusters with no counterpart get the unused slots.
    func matchedSlots(new: Matrix, old: Matrix, oldSlots: [Int]) -> [Int] {
        let n = max(new.rows, old.rows)
        var cost = Matrix(rows: n, columns: n)
        for a in 0..<new.rows {
            for b in 0..<old.rows { cost[a, b] = squaredDistance(new.row(a), old.row(b)).squareRoot() }
        }
        let match = minimumCostAssignment(cost)
        var slots = [Int](repeating: -1, count: new.rows)
        for a in 0..<new.rows where match[a] < old.rows { slots[a] = oldSlots[match[a]] }
        var free = (0..<max(n, 26)).filter { !slots.contains($0) }
        for a in slots.indices where slots[a] < 0 { slots[a] = free.removeFirst() }
        return slots
    }

    mutating func zoomAround(x: Double, y: Double, factor: Double) {
        let r = visibleRange
        let w = (r.x.upperBound - r.x.lowerBound) * factor / 2, h = (r.y.upperBound - r.y.lowerBound) * factor / 2
        guard w > 1e-12, h > 1e-12 else { return }
        let full = projection.bounds
        if w * 2 >= (full.x.upperBound - full.x.lowerBound) && h * 2 >= (full.y.upperBound - full.y.lowerBound) {
            zoom = nil
            return
        }
        zoom = ((x - w)...(x + w), (y - h)...(y + h))
    }

    /// The data coordinates under a screen cell of the plot, if it is on the canvas.
    public func dataCoordinates(column: Int, row: Int) -> (x: Double, y: Double)? {
        let c = layout.canvas
        guard c.contains(x: column, y: row), c.width > 0, c.height > 0 else { return nil }
        let r = visibleRange
        let fx = (Double(column - c.x) + 0.5) / Double(c.width)
        let fy = (Double(row - c.y) + 0.5) / Double(c.height)
        return (r.x.lowerBound + fx * (r.x.upperBound - r.x.lowerBound),
                r.y.upperBound - fy * (r.y.upperBound - r.y.lowerBound))
    }

    /// Position of a data point in canvas cells (fractional), y downwards.
    func screenPosition(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) {
        let c = layout.canvas, r = visibleRange
        return (Double(c.width) * (p.x - r.x.lowerBound) / (r.x.upperBound - r.x.lowerBound),
                Double(c.height) * (r.y.upperBound - p.y) / (r.y.upperBound - r.y.lowerBound))
    }

    func nearestPoint(toX x: Double, y: Double) -> Int? {
        let target = screenPosition((x, y))
        var best: Int?, bestD = Double.infinity
        for i in 0..<data.matrix.rows {
            let s = screenPosition(projection.point(i))
            // A cell is about twice as tall as it is wide.
            let d = (s.x - target.x) * (s.x - target.x) + 4 * (s.y - target.y) * (s.y - target.y)
            if d < bestD { bestD = d; best = i }
        }
        return best
    }

    /// The nearest point on screen that lies in the direction (dx, dy) from the selection,
    /// favouring points straight ahead over points off to the side.
    func nearestInDirection(dx: Int, dy: Int) -> Int? {
        let origin = screenPosition(projection.point(selected))
        let c = layout.canvas
        var best: Int?, bestScore = Double.infinity
        for i in 0..<data.matrix.rows where i != selected {
            let s = screenPosition(projection.point(i))
            guard s.x >= 0, s.y >= 0, s.x <= Double(c.width), s.y <= Double(c.height) else { continue }
            let vx = s.x - origin.x, vy = (s.y - origin.y) * 2
            let along = vx * Double(dx) + vy * Double(dy)
            guard along > 0.25 else { continue }
            let across = abs(vx * Double(dy) - vy * Double(dx))
            let score = along + 2 * across
            if score < bestScore { bestScore = score; best = i }
        }
        return best
    }
}

extension AppState {
    /// The work a freshly built state needs before the user presses anything (its bootstrap).
    public mutating func initialEffects() -> [Effect] {
        bootstrapCentroids == nil ? modelChanged() : []
    }
}

extension AppState {
    /// What a sweep depends on: the data space and every setting but k.
    var sweepKey: String {
        "\(data.standardized) \(settings.method) \(settings.covarianceType) \(settings.seed) \(settings.beta) \(settings.regCovar)"
    }
}
