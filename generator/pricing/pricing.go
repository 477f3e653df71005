// Package pricing computes what a quantity of a data product costs under a
// PricingPolicy: the free quota covers the first units of the period, the rest is
// priced by progressive or volume tiers, each unit price held to the approved cap, then
// a scenario discount is taken off. Money is integer fen (0.01 CNY) throughout; the
// only rounding is of the discount, half up to the fen.
//
// The tiers' up_to bounds count every unit of the period, free ones included, as
// people read a tiered tariff: with a free quota of 10 and a first band up to 100,
// units 1–10 are free and units 11–100 are billed at the first band's price. Under the
// volume scheme the band is the one the whole quantity reaches, and every unit beyond
// the free quota is billed at its price.
//
// templates/assets/pricing.js mirrors Cost for the pricing page's calculator; a test
// in generator/portal runs it in Node against Cost and the page's worked examples.
package pricing

import (
	"fmt"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Line is one band of a worked example: Units billed at PriceFen each.
type Line struct {
	// From and To are the first and last billed unit of the band, counted from the
	// first unit of the period, free ones included (1-based, inclusive).
	From, To int64
	// Units is To-From+1.
	Units int64
	// PriceFen is the unit price applied, after the cap.
	PriceFen int64
	// Capped is true when the tier's own price exceeded the cap.
	Capped bool
	// AmountFen is Units × PriceFen.
	AmountFen int64
}

// Quote is the cost of a quantity under one policy.
type Quote struct {
	// Units is the quantity asked for.
	Units int64
	// Free is how many of them the free quota covered.
	Free int64
	// Lines are the billed bands, in order.
	Lines []Line
	// SubtotalFen is the sum of the lines.
	SubtotalFen int64
	// DiscountPercent is the discount applied (0 when none).
	DiscountPercent float64
	// DiscountFen is the amount taken off.
	DiscountFen int64
	// TotalFen is what is paid.
	TotalFen int64
}

// Cost prices units of p's product. discount is a percentage (0 for none), normally
// one of p.Discounts. Units beyond the last band with an up_to are billed at the last
// tier's price; a policy without tiers costs nothing.
func Cost(p *model.PricingPolicy, units int64, discount float64) (Quote, error) {
	q := Quote{Units: units, DiscountPercent: discount}
	if units < 0 {
		return q, fmt.Errorf("pricing %s: quantity %d is negative", p.ID, units)
	}
	if discount < 0 || discount > 100 {
		return q, fmt.Errorf("pricing %s: discount %g%% is outside 0–100", p.ID, discount)
	}
	q.Free = min(units, max(p.FreeQuota, 0))
	billed := units - q.Free
	if billed == 0 || len(p.Tiers) == 0 {
		return q, nil
	}
	capFen := int64(-1)
	if p.Cap != nil {
		capFen = p.Cap.PriceFen
	}
	price := func(t model.Tier) (int64, bool) {
		if capFen >= 0 && t.PriceFen > capFen {
			return capFen, true
		}
		return t.PriceFen, false
	}
	switch p.Scheme {
	case "volume":
		// Every billed unit at the rate of the band the whole quantity falls in.
		t := p.Tiers[len(p.Tiers)-1]
		for _, tier := range p.Tiers {
			if tier.UpTo == nil || units <= *tier.UpTo {
				t = tier
				break
			}
		}
		pr, capped := price(t)
		q.Lines = append(q.Lines, Line{From: q.Free + 1, To: units, Units: billed, PriceFen: pr, Capped: capped, AmountFen: billed * pr})
	default: // progressive: each band at its own rate, the free units taken from the first
		var lower int64 // the last unit of the previous band
		for i, tier := range p.Tiers {
			upper := units
			if tier.UpTo != nil && *tier.UpTo < units && i < len(p.Tiers)-1 {
				upper = *tier.UpTo
			}
			from := max(lower, q.Free) // the last unit before this band's billed part
			if upper > from {
				pr, capped := price(tier)
				n := upper - from
				q.Lines = append(q.Lines, Line{From: from + 1, To: upper, Units: n, PriceFen: pr, Capped: capped, AmountFen: n * pr})
			}
			lower = max(lower, upper)
			if lower >= units {
				break
			}
		}
	}
	for _, l := range q.Lines {
		q.SubtotalFen += l.AmountFen
	}
	// Half-up rounding of the discount to the fen, in integer arithmetic on
	// hundredths of a percent.
	bp := int64(discount*100 + 0.5)
	q.DiscountFen = (q.SubtotalFen*bp + 5000) / 10000
	q.TotalFen = q.SubtotalFen - q.DiscountFen
	return q, nil
}

// Yuan formats fen as yuan with two decimals, e.g. 12345 → "123.45".
func Yuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return fmt.Sprintf("%s%d.%02d", sign, fen/100, fen%100)
}
