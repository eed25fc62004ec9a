package main

import (
	"runtime/debug"
	"strings"
)

// readBuildInfo is debug.ReadBuildInfo; tests substitute a fixed one.
var readBuildInfo = debug.ReadBuildInfo

// versionLine is what `symtui version` prints. A release build names its
// version through the Makefile's ldflags; any other build (go build, go
// install) reports what Go recorded in the binary: the module version and
// the VCS revision, its time and whether the tree had local changes.
func versionLine(ldVersion string, info func() (*debug.BuildInfo, bool)) string {
	if ldVersion != "dev" {
		return "symtui " + ldVersion
	}
	bi, ok := info()
	if !ok {
		return "symtui dev (no build information)"
	}
	v := bi.Main.Version
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	var rev, at string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	var details []string
	if rev != "" {
		details = append(details, "revision "+rev[:min(len(rev), 12)])
	}
	if at != "" {
		details = append(details, at)
	}
	if modified {
		details = append(details, "modified")
	}
	if bi.GoVersion != "" {
		details = append(details, bi.GoVersion)
	}
	if len(details) == 0 {
		return "symtui " + v
	}
	return "symtui " + v + " (" + strings.Join(details, ", ") + ")"
}

// userAgentVersion is the version the pod sees in the User-Agent: the
// release, else the module version of a `go install`, else "dev".
func userAgentVersion(ldVersion string, info func() (*debug.BuildInfo, bool)) string {
	if ldVersion != "dev" {
		return ldVersion
	}
	if bi, ok := info(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
