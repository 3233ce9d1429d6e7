import ClusterViewUI
public enum TerminalBackendPlaceholder {}
