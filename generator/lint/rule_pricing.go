package lint

import (
	"github.com/shuyuan-project/shuyuan/generator/diag"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// rulePricing checks pricing policies against the public-interest and price-cap
// principles (公益免费, 政府指导价).
var rulePricing = &Rule{
	ID: "pricing", Category: CategoryPricing, Severity: diag.Error,
	Summary: "public-governance or public-welfare use is charged; bands overlap or leave gaps; a band price exceeds the cap; the cap lacks its approval",
	Check:   checkPricing,
}

func checkPricing(c *Context) {
	for _, d := range c.Catalog.Pricing {
		v := d.V
		charged := -1
		for i, t := range v.Tiers {
			if t.PriceFen > 0 {
				charged = i
				break
			}
		}
		if charged >= 0 {
			for i, u := range v.UseClasses {
				if u == model.UsePublicGovernance || u == model.UsePublicWelfare {
					c.Report(d.File, d.Pos("use_classes", i), "%s use must be free, but tiers[%d] charges %d fen: set every price_fen to 0, or move %s into a free policy",
						u, charged, v.Tiers[charged].PriceFen, u)
				}
			}
		}
		last := len(v.Tiers) - 1
		var prev *int64
		for i, t := range v.Tiers {
			switch {
			case t.UpTo == nil && i < last:
				c.Report(d.File, d.Pos("tiers", i), "tiers[%d] has no up_to but is not the last band: only the last band is open-ended, so add up_to or move this band last", i)
			case t.UpTo != nil && prev != nil && *t.UpTo <= *prev:
				c.Report(d.File, d.Pos("tiers", i, "up_to"), "tiers[%d].up_to %d overlaps the band before it, which ends at %d: each band's up_to must be larger than the previous one", i, *t.UpTo, *prev)
			case t.UpTo != nil && i == last:
				c.Report(d.File, d.Pos("tiers", i, "up_to"), "the last band ends at up_to %d, leaving quantities above it without a price: remove up_to from the last band, or add an open-ended band after it", *t.UpTo)
			}
			if t.UpTo != nil {
				prev = t.UpTo
			}
			if v.Cap != nil && t.PriceFen > v.Cap.PriceFen {
				c.Report(d.File, d.Pos("tiers", i, "price_fen"), "tiers[%d].price_fen %d exceeds the approved cap of %d fen: lower it to at most %d",
					i, t.PriceFen, v.Cap.PriceFen, v.Cap.PriceFen)
			}
		}
		if cp := v.Cap; cp != nil {
			var missing []string
			if cp.ApprovedBy == nil || cp.ApprovedBy.IsZero() {
				missing = append(missing, "approved_by: {zh: …} (the approving authority)")
			}
			if cp.Doc == "" {
				missing = append(missing, "doc: (the approval document number)")
			}
			if len(missing) > 0 {
				msg := missing[0]
				if len(missing) == 2 {
					msg += " and " + missing[1]
				}
				c.Report(d.File, d.KeyPos("cap"), "the price cap lacks its approval: add %s", msg)
			}
		}
	}
}
