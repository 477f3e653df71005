package pricing

import (
	"reflect"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

func up(n int64) *int64 { return &n }

// tiers is the demo catalog's commercial tariff: 5.00 up to 100 units, 3.00 up to
// 1000, 1.00 beyond.
var tiers = []model.Tier{{UpTo: up(100), PriceFen: 500}, {UpTo: up(1000), PriceFen: 300}, {PriceFen: 100}}

type costCase struct {
	name     string
	p        *model.PricingPolicy
	units    int64
	discount float64
	free     int64
	lines    []Line // From, To, Units, PriceFen, Capped, AmountFen
	total    int64
}

func line(from, to, price int64) Line {
	return Line{From: from, To: to, Units: to - from + 1, PriceFen: price, AmountFen: (to - from + 1) * price}
}

func runCases(t *testing.T, cases []costCase) {
	t.Helper()
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Cost(tt.p, tt.units, tt.discount)
			if err != nil {
				t.Fatal(err)
			}
			if q.Free != tt.free || q.TotalFen != tt.total || !reflect.DeepEqual(q.Lines, tt.lines) {
				t.Errorf("got free %d, lines %+v, total %d fen\nwant free %d, lines %+v, total %d fen", q.Free, q.Lines, q.TotalFen, tt.free, tt.lines, tt.total)
			}
			billed := int64(0)
			for _, l := range q.Lines {
				billed += l.Units
			}
			if billed+q.Free != tt.units {
				t.Errorf("billed %d + free %d != %d units", billed, q.Free, tt.units)
			}
		})
	}
}

func TestCostProgressive(t *testing.T) {
	prog := &model.PricingPolicy{ID: "p", Scheme: "progressive", Tiers: tiers}
	quota := &model.PricingPolicy{ID: "q", Scheme: "progressive", Tiers: tiers, FreeQuota: 10}
	bigQuota := &model.PricingPolicy{ID: "b", Scheme: "progressive", Tiers: tiers, FreeQuota: 150}
	capped := &model.PricingPolicy{ID: "c", Scheme: "progressive", Tiers: tiers, FreeQuota: 10, Cap: &model.Cap{PriceFen: 400}}
	free := &model.PricingPolicy{ID: "f", Scheme: "progressive", Tiers: []model.Tier{{PriceFen: 0}}}
	capLine := func(from, to int64) Line { l := line(from, to, 400); l.Capped = true; return l }
	runCases(t, []costCase{
		{"zero", quota, 0, 0, 0, nil, 0},
		{"within the free quota", quota, 5, 0, 5, nil, 0},
		{"exactly the free quota", quota, 10, 0, 10, nil, 0},
		{"first unit after the quota", quota, 11, 0, 10, []Line{line(11, 11, 500)}, 500},
		{"no quota, first band", prog, 50, 0, 0, []Line{line(1, 50, 500)}, 25000},
		{"quota inside the first band", quota, 50, 0, 10, []Line{line(11, 50, 500)}, 20000},
		{"first band edge", quota, 100, 0, 10, []Line{line(11, 100, 500)}, 45000},
		{"second band's first unit", quota, 101, 0, 10, []Line{line(11, 100, 500), line(101, 101, 300)}, 45300},
		// The demo policy of issue 13: ¥1650, not ¥1670 (the quota is the first units).
		{"500 units, quota 10", quota, 500, 0, 10, []Line{line(11, 100, 500), line(101, 500, 300)}, 165000},
		{"three bands", quota, 5000, 0, 10, []Line{line(11, 100, 500), line(101, 1000, 300), line(1001, 5000, 100)}, 715000},
		{"quota beyond the first band", bigQuota, 500, 0, 150, []Line{line(151, 500, 300)}, 105000},
		{"with a 20% discount", quota, 500, 20, 10, []Line{line(11, 100, 500), line(101, 500, 300)}, 132000},
		{"discount rounds half up", prog, 1, 12.5, 0, []Line{line(1, 1, 500)}, 500 - 63},
		{"cap lowers the first band", capped, 500, 0, 10, []Line{capLine(11, 100), line(101, 500, 300)}, 36000 + 120000},
		{"free policy", free, 5000, 0, 0, []Line{line(1, 5000, 0)}, 0},
	})
}

func TestCostVolume(t *testing.T) {
	vol := &model.PricingPolicy{ID: "v", Scheme: "volume", Tiers: tiers}
	quota := &model.PricingPolicy{ID: "q", Scheme: "volume", Tiers: tiers, FreeQuota: 10}
	capped := &model.PricingPolicy{ID: "c", Scheme: "volume", Tiers: tiers, FreeQuota: 10, Cap: &model.Cap{PriceFen: 400}}
	capLine := func(from, to int64) Line { l := line(from, to, 400); l.Capped = true; return l }
	runCases(t, []costCase{
		{"zero", quota, 0, 0, 0, nil, 0},
		{"within the free quota", quota, 10, 0, 10, nil, 0},
		{"no quota, first band", vol, 50, 0, 0, []Line{line(1, 50, 500)}, 25000},
		{"band edge", vol, 100, 0, 0, []Line{line(1, 100, 500)}, 50000},
		{"middle band", vol, 500, 0, 0, []Line{line(1, 500, 300)}, 150000},
		{"last band", vol, 5000, 0, 0, []Line{line(1, 5000, 100)}, 500000},
		// The whole quantity picks the band; the quota's units are not billed.
		{"quota, band of the whole quantity", quota, 101, 0, 10, []Line{line(11, 101, 300)}, 27300},
		{"quota, 500 units", quota, 500, 0, 10, []Line{line(11, 500, 300)}, 147000},
		{"quota, last band", quota, 5000, 0, 10, []Line{line(11, 5000, 100)}, 499000},
		{"quota and discount", quota, 500, 20, 10, []Line{line(11, 500, 300)}, 117600},
		{"cap", capped, 50, 0, 10, []Line{capLine(11, 50)}, 16000},
	})
}

func TestCostErrors(t *testing.T) {
	p := &model.PricingPolicy{ID: "p", Scheme: "progressive", Tiers: tiers}
	if _, err := Cost(p, -1, 0); err == nil {
		t.Error("negative quantity accepted")
	}
	for _, d := range []float64{-1, 101} {
		if _, err := Cost(p, 1, d); err == nil {
			t.Errorf("discount %g%% accepted", d)
		}
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 12345: "123.45", -250: "-2.50"} {
		if got := Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", fen, got, want)
		}
	}
}
