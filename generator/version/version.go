// Package version says which shuyuan made an output: the release number and the
// git revision the binary was built from (Go's build information). `shuyuan
// version` prints it, Parquet files carry it in created_by, SARIF names it as the
// tool's version and every page's footer shows it.
package version

import (
	"runtime/debug"
	"strings"
)

// Number is shuyuan's release version.
const Number = "0.1.0"

// Info is what the binary knows about its own build.
type Info struct {
	// Number is the release version (Number).
	Number string
	// Revision is the git commit the binary was built from, shortened to 12
	// characters; empty when the build did not record it (go test, go run).
	Revision string
	// Modified says the work tree had uncommitted changes when the binary was built.
	Modified bool
	// Go is the version of the Go toolchain that built the binary.
	Go string
}

// Read returns the build information of the running binary.
func Read() Info {
	in := Info{Number: Number}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return in
	}
	return fromBuildInfo(bi)
}

// fromBuildInfo reads Info from Go's build information.
func fromBuildInfo(bi *debug.BuildInfo) Info {
	in := Info{Number: Number, Go: bi.GoVersion}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			in.Revision = s.Value
			if len(in.Revision) > 12 {
				in.Revision = in.Revision[:12]
			}
		case "vcs.modified":
			in.Modified = s.Value == "true"
		}
	}
	return in
}

// String is the one-line description `shuyuan version` prints, for example
// "shuyuan 0.1.0 (build 0123456789ab, go1.26.8)"; "+modified" follows a revision
// built from a changed work tree.
func (in Info) String() string {
	var b strings.Builder
	b.WriteString("shuyuan " + in.Number)
	var parts []string
	if in.Revision != "" {
		rev := "build " + in.Revision
		if in.Modified {
			rev += "+modified"
		}
		parts = append(parts, rev)
	}
	if in.Go != "" {
		parts = append(parts, in.Go)
	}
	if len(parts) > 0 {
		b.WriteString(" (" + strings.Join(parts, ", ") + ")")
	}
	return b.String()
}

// Short is the release number with the revision when known, for example
// "0.1.0 (0123456789ab)": what the site's footer and SARIF's tool version show.
func (in Info) Short() string {
	if in.Revision == "" {
		return in.Number
	}
	return in.Number + " (" + in.Revision + ")"
}

// CreatedBy is the created_by of the Parquet files: "shuyuan version X.Y.Z (build
// <revision>)", "unknown" for a binary built without its revision (go test). It
// names shuyuan, never the Parquet library, so a library upgrade alone does not
// change the bytes, and two builds of one revision write identical files.
func (in Info) CreatedBy() string {
	rev := in.Revision
	if rev == "" {
		rev = "unknown"
	}
	return "shuyuan version " + in.Number + " (build " + rev + ")"
}
