package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// ruleRequiredForOpen checks the fields an open type makes necessary.
var ruleRequiredForOpen = &Rule{
	ID: "required-for-open", Category: CategoryMetadata, Severity: diag.Error,
	Summary: "license missing on an unconditional dataset; rights missing otherwise; application block missing on a conditional dataset",
	Check:   checkRequiredForOpen, Partial: true,
}

func checkRequiredForOpen(c *Context) {
	portalLicense := ""
	if c.Catalog.Portal != nil {
		portalLicense = c.Catalog.Portal.V.License
	}
	for _, d := range c.Catalog.Datasets {
		if d.Invalid("open_type") || d.Invalid("license") || d.Invalid("rights") || d.Invalid("access") {
			continue
		}
		v := d.V
		at := func() diag.Pos { return d.Pos("open_type") } // only when reporting: positions are built on demand
		switch v.OpenType {
		case model.OpenUnconditional:
			if v.License == "" && portalLicense == "" {
				c.Report(d.File, at(), "an unconditional dataset needs a licence: add `license: CC-BY-4.0` (an SPDX id), or set a default license in portal.yaml")
			}
		default:
			if v.Rights == nil || v.Rights.IsZero() {
				c.Report(d.File, at(), "a %s dataset needs its terms of use: add `rights: {zh: …, en: …}`", v.OpenType)
			}
		}
		if v.OpenType == model.OpenConditional && (v.Access == nil || v.Access.Application == nil) {
			p := at
			if v.Access != nil {
				p = func() diag.Pos { return d.KeyPos("access") }
			}
			c.Report(d.File, p(), "a conditional dataset needs its application guide (申请指南): add access.application with eligible, materials, review_days and delivery")
		}
	}
}
