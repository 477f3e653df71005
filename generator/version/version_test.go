package version

import (
	"runtime/debug"
	"testing"
)

func TestFromBuildInfo(t *testing.T) {
	for _, c := range []struct {
		name                  string
		settings              []debug.BuildSetting
		str, short, createdBy string
	}{
		{"release build", []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "false"}},
			"shuyuan " + Number + " (build 0123456789ab, go1.26.8)", Number + " (0123456789ab)", "shuyuan version " + Number + " (build 0123456789ab)"},
		{"changed work tree", []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789ab"}, {Key: "vcs.modified", Value: "true"}},
			"shuyuan " + Number + " (build 0123456789ab+modified, go1.26.8)", Number + " (0123456789ab)", "shuyuan version " + Number + " (build 0123456789ab)"},
		{"go test or go run", nil,
			"shuyuan " + Number + " (go1.26.8)", Number, "shuyuan version " + Number + " (build unknown)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := fromBuildInfo(&debug.BuildInfo{GoVersion: "go1.26.8", Settings: c.settings})
			if got := in.String(); got != c.str {
				t.Errorf("String = %q, want %q", got, c.str)
			}
			if got := in.Short(); got != c.short {
				t.Errorf("Short = %q, want %q", got, c.short)
			}
			if got := in.CreatedBy(); got != c.createdBy {
				t.Errorf("CreatedBy = %q, want %q", got, c.createdBy)
			}
		})
	}
}
