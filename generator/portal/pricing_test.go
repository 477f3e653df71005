package portal

import (
	"encoding/json"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/pricing"
)

// calcCase is one quantity and discount priced under one policy of the calculator data.
type calcCase struct {
	Policy   int     `json:"policy"`
	Units    int64   `json:"units"`
	Discount float64 `json:"discount"`
}

// runCalculator prices every case with templates/assets/pricing.js in Node, reading the
// policies as the page embeds them (PricingJSON), and returns the totals in fen.
func runCalculator(t *testing.T, policiesJSON string, cases []calcCase) []int64 {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("node not found (CI=true: not skipping)")
		}
		t.Skip("node not installed: the calculator is not checked against generator/pricing")
	}
	const harness = `
globalThis.window = globalThis;
globalThis.document = {getElementById: function () { return null; }};
require(process.argv[1]);
const policies = JSON.parse(process.argv[2]), cases = JSON.parse(process.argv[3]);
process.stdout.write(JSON.stringify(cases.map(c => window.shuyuanPricingCost(policies[c.policy], c.units, c.discount))));
`
	script, _ := filepath.Abs("../../templates/assets/pricing.js")
	in, _ := json.Marshal(cases)
	out, err := exec.Command(node, "-e", harness, script, policiesJSON, string(in)).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var totals []int64
	if err := json.Unmarshal(out, &totals); err != nil || len(totals) != len(cases) {
		t.Fatalf("node printed %q: %v", out, err)
	}
	return totals
}

// checkCalculator compares pricing.js with pricing.Cost on every policy, at the page's
// worked-example quantities, every band edge and free quota ±1, with no discount and
// each of the policy's discounts.
func checkCalculator(t *testing.T, policies []*model.PricingPolicy) {
	t.Helper()
	var cases []calcCase
	for i, p := range policies {
		qty := []int64{0, 1, 50, 500, 5000, 123457}
		for _, tier := range p.Tiers {
			if tier.UpTo != nil {
				qty = append(qty, *tier.UpTo-1, *tier.UpTo, *tier.UpTo+1)
			}
		}
		qty = append(qty, p.FreeQuota-1, p.FreeQuota, p.FreeQuota+1, p.FreeQuota+150)
		discounts := []float64{0}
		for _, d := range p.Discounts {
			discounts = append(discounts, d.Percent)
		}
		for _, n := range qty {
			for _, d := range discounts {
				if n >= 0 {
					cases = append(cases, calcCase{Policy: i, Units: n, Discount: d})
				}
			}
		}
	}
	page := &Page{Site: &Site{Pricing: policies}, Lang: "zh"}
	js := runCalculator(t, string(page.PricingJSON()), cases)
	for i, c := range cases {
		q, err := pricing.Cost(policies[c.Policy], c.Units, c.Discount)
		if err != nil {
			t.Fatal(err)
		}
		if js[i] != q.TotalFen {
			t.Errorf("%s, %d units, %g%% off: pricing.js %d fen, generator/pricing %d fen", policies[c.Policy].ID, c.Units, c.Discount, js[i], q.TotalFen)
		}
	}
}

// TestCalculatorMatchesGo runs the calculator script against generator/pricing on
// synthetic policies (both schemes, free quotas inside and beyond the first band, a
// cap, an odd discount) and on the default catalog's policies.
func TestCalculatorMatchesGo(t *testing.T) {
	up := func(n int64) *int64 { return &n }
	tiers := []model.Tier{{UpTo: up(100), PriceFen: 500}, {UpTo: up(1000), PriceFen: 300}, {PriceFen: 100}}
	synthetic := []*model.PricingPolicy{
		{ID: "prog", Scheme: "progressive", Tiers: tiers, FreeQuota: 10, Discounts: []model.Discount{{Percent: 12.5}}},
		{ID: "prog-big-quota", Scheme: "progressive", Tiers: tiers, FreeQuota: 150},
		{ID: "prog-cap", Scheme: "progressive", Tiers: tiers, FreeQuota: 10, Cap: &model.Cap{PriceFen: 400}},
		{ID: "vol", Scheme: "volume", Tiers: tiers, FreeQuota: 10, Discounts: []model.Discount{{Percent: 33.3}}},
		{ID: "vol-cap", Scheme: "volume", Tiers: tiers, Cap: &model.Cap{PriceFen: 200}},
		{ID: "flat", Scheme: "progressive", Tiers: []model.Tier{{PriceFen: 50}}, FreeQuota: 100},
	}
	t.Run("synthetic", func(t *testing.T) { checkCalculator(t, synthetic) })
	t.Run("default catalog", func(t *testing.T) {
		cat, err := load.Load(filepath.Join("..", "..", "catalog"))
		if err != nil {
			t.Fatal(err)
		}
		var ps []*model.PricingPolicy
		for _, p := range cat.Pricing {
			ps = append(ps, p.V)
		}
		if len(ps) == 0 {
			t.Fatal("the default catalog has no pricing policy")
		}
		checkCalculator(t, ps)
	})
}

var (
	pricingDataRe = regexp.MustCompile(`(?s)<script type="application/json" id="pricing-data">(.*?)</script>`)
	exampleRowRe  = regexp.MustCompile(`<tr><th scope="row">(\d+)[^<]*</th>(.*?)</tr>`)
	exampleCellRe = regexp.MustCompile(`<td[^>]*>¥(\d+\.\d\d)`)
)

// TestPricingPageExamples reads the built pricing page as a visitor's browser would:
// the worked-example table, the calculator's embedded data and pricing.js must give the
// same totals, and they are generator/pricing's.
func TestPricingPageExamples(t *testing.T) {
	dir := writeCatalog(t, "")
	cat := loadCatalog(t, dir)
	site := build(t, dir, Options{DemoKeys: true, Extracts: testExtracts()})
	for _, lang := range []string{"", "en/"} {
		page := read(t, site, lang+"pricing/index.html")
		m := pricingDataRe.FindStringSubmatch(page)
		if m == nil {
			t.Fatalf("%spricing: no calculator data", lang)
		}
		var policies []struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal([]byte(m[1]), &policies); err != nil {
			t.Fatal(err)
		}
		var cases []calcCase
		var table []string
		for _, row := range exampleRowRe.FindAllStringSubmatch(page, -1) {
			units, _ := strconv.ParseInt(row[1], 10, 64)
			cells := exampleCellRe.FindAllStringSubmatch(row[2], -1)
			if len(cells) != len(policies) {
				t.Fatalf("%spricing: %d units row has %d totals for %d policies", lang, units, len(cells), len(policies))
			}
			for i, c := range cells {
				cases = append(cases, calcCase{Policy: i, Units: units})
				table = append(table, c[1])
			}
		}
		if len(cases) == 0 {
			t.Fatalf("%spricing: no worked example found", lang)
		}
		js := runCalculator(t, html.UnescapeString(m[1]), cases)
		for i, c := range cases {
			p := cat.PricingPolicy(policies[c.Policy].ID)
			if p == nil {
				t.Fatalf("policy %q not in the catalog", policies[c.Policy].ID)
			}
			q, _ := pricing.Cost(p.V, c.Units, 0)
			want := pricing.Yuan(q.TotalFen)
			if table[i] != want || pricing.Yuan(js[i]) != want {
				t.Errorf("%spricing: %s at %d units: table ¥%s, pricing.js ¥%s, generator/pricing ¥%s", lang, p.V.ID, c.Units, table[i], pricing.Yuan(js[i]), want)
			}
		}
		// The test catalog's commercial tariff: 10 free units, then 5.00 up to 100 and
		// 3.00 up to 1000: 500 units are 90×5 + 400×3.
		if !strings.Contains(page, "¥1650.00") {
			t.Errorf("%spricing: 500 units of commercial-metered should cost ¥1650.00", lang)
		}
	}
}
