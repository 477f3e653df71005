package license

import (
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

func TestCheck(t *testing.T) {
	custom := []model.CustomLicense{{ID: "LicenseRef-City-1.0", URL: "https://data.example.gov.cn/licence/"}}
	for _, tc := range []struct{ id, want string }{
		{"CC-BY-4.0", ""},
		{"CC0-1.0", ""},
		{"ODbL-1.0", ""},
		{"MIT", ""},
		{"LicenseRef-City-1.0", ""},
		{"LicenseRef-Other", "does not declare"},
		{"GPL-2.0", "write GPL-2.0-only or GPL-2.0-or-later"},
		{"cc-by-4.0", "write CC-BY-4.0"},
		{"CC BY 4.0", "is not an SPDX licence id"},
		{"", "is not an SPDX licence id"},
	} {
		got := Check(tc.id, custom)
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("Check(%q) = %q, want %q", tc.id, got, tc.want)
		}
	}
	if n := len(IDs()); n < 700 {
		t.Errorf("%d SPDX ids embedded", n)
	}
	if u := URL("LicenseRef-City-1.0", custom); u != "https://data.example.gov.cn/licence/" {
		t.Errorf("custom URL %q", u)
	}
	if u := URL("CC-BY-4.0", custom); u != "https://spdx.org/licenses/CC-BY-4.0.html" {
		t.Errorf("SPDX URL %q", u)
	}
}
