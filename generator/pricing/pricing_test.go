package pricing

import (
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/model"
)

func up(n int64) *int64 { return &n }

func TestCost(t *testing.T) {
	tiers := []model.Tier{{UpTo: up(100), PriceFen: 500}, {UpTo: up(1000), PriceFen: 300}, {PriceFen: 100}}
	prog := &model.PricingPolicy{ID: "p", Scheme: "progressive", Tiers: tiers, FreeQuota: 10}
	vol := &model.PricingPolicy{ID: "v", Scheme: "volume", Tiers: tiers}
	capped := &model.PricingPolicy{ID: "c", Scheme: "progressive", Tiers: tiers, Cap: &model.Cap{PriceFen: 400}}
	free := &model.PricingPolicy{ID: "f", Scheme: "progressive", Tiers: []model.Tier{{PriceFen: 0}}}
	tests := []struct {
		name     string
		p        *model.PricingPolicy
		units    int64
		discount float64
		total    int64
		lines    int
	}{
		{"within free quota", prog, 5, 0, 0, 0},
		{"progressive first band", prog, 50, 0, 40 * 500, 1},
		{"progressive three bands", prog, 5000, 0, 100*500 + 900*300 + 3990*100, 3},
		{"progressive with discount", prog, 500, 20, (100*500 + 390*300) * 80 / 100, 2},
		{"volume middle band", vol, 500, 0, 500 * 300, 1},
		{"volume last band", vol, 5000, 0, 5000 * 100, 1},
		{"volume band edge", vol, 100, 0, 100 * 500, 1},
		{"cap lowers first band", capped, 500, 0, 100*400 + 400*300, 2},
		{"free policy", free, 5000, 0, 0, 1},
		{"zero", prog, 0, 0, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Cost(tt.p, tt.units, tt.discount)
			if err != nil {
				t.Fatal(err)
			}
			if q.TotalFen != tt.total || len(q.Lines) != tt.lines {
				t.Errorf("total %d fen in %d lines, want %d in %d: %+v", q.TotalFen, len(q.Lines), tt.total, tt.lines, q)
			}
			var billed int64
			for _, l := range q.Lines {
				billed += l.Units
			}
			if billed+q.Free != tt.units {
				t.Errorf("billed %d + free %d != %d units", billed, q.Free, tt.units)
			}
		})
	}
	if _, err := Cost(prog, -1, 0); err == nil {
		t.Error("negative quantity accepted")
	}
}

func TestYuan(t *testing.T) {
	for fen, want := range map[int64]string{0: "0.00", 5: "0.05", 12345: "123.45", -250: "-2.50"} {
		if got := Yuan(fen); got != want {
			t.Errorf("Yuan(%d) = %q, want %q", fen, got, want)
		}
	}
}
