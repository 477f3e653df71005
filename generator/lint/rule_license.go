package lint

import (
	"fmt"
	"strings"

	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/internal/xstrings"
	"github.com/shuyuan-project/shuyuan/generator/license"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleLicense checks that every licence a catalog names is an SPDX id or a
// custom licence declared in portal.yaml.
var ruleLicense = &Rule{
	ID: "license", Category: CategoryMetadata, Severity: diag.Error,
	Summary: "a licence is neither a current SPDX licence id nor a custom licence (LicenseRef-…) declared under `licenses:` in portal.yaml, or a custom licence is declared twice",
	Check:   checkLicense,
}

func checkLicense(c *Context) {
	p := c.Catalog.Portal
	if p == nil {
		return
	}
	custom := p.V.Licenses
	seen := map[string]bool{}
	for i, l := range custom {
		if seen[l.ID] {
			c.Report(p.File, p.Pos("licenses", i, "id"), "licenses[%d].id %q is declared twice: keep one", i, l.ID)
		}
		seen[l.ID] = true
	}
	if id := p.V.License; id != "" {
		if why := licenseProblem(id, custom); why != "" {
			c.Report(p.File, p.Pos("license"), "license %q %s", id, why)
		}
	}
	for _, d := range c.Catalog.Datasets {
		if id := d.V.License; id != "" {
			if why := licenseProblem(id, custom); why != "" {
				c.Report(d.File, d.Pos("license"), "license %q %s", id, why)
			}
		}
	}
}

// licenseProblem is license.Check with the closest SPDX id suggested for a near miss.
func licenseProblem(id string, custom []model.CustomLicense) string {
	why := license.Check(id, custom)
	if why == "" || strings.HasPrefix(id, license.CustomPrefix) || !strings.HasPrefix(why, "is not an SPDX") {
		return why
	}
	best, bestD := "", 3
	for _, k := range license.IDs() {
		if d := xstrings.Distance(strings.ToLower(id), strings.ToLower(k)); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		return fmt.Sprintf("is not an SPDX licence id: did you mean %q?", best)
	}
	return why
}
