public enum ClusterViewUIPlaceholder {}
