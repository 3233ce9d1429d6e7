import ClusterKit
print("clusterview")
