package testcat

import (
	"fmt"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
)

// Synthetic returns an in-memory catalog of n datasets over 25 departments and 10
// themes, for benchmarks of the site writers.
func Synthetic(n int) *load.Catalog {
	themes := make([]model.Theme, 10)
	for i := range themes {
		themes[i] = model.Theme{ID: fmt.Sprintf("theme-%d", i), Name: model.Text{Zh: fmt.Sprintf("主题%d", i), En: fmt.Sprintf("Theme %d", i)}}
	}
	cat := &load.Catalog{Portal: &load.Doc[model.Portal]{File: &load.File{Path: "portal.yaml"}, V: &model.Portal{
		Kind: model.KindPortal, ID: "portal", Title: model.Text{Zh: "基准平台", En: "Benchmark portal"},
		BaseURL: "https://data.example.gov.cn/", Languages: []string{"zh", "en"}, Publisher: "dept-0",
		Contact: "opendata@example.gov.cn", Themes: themes, License: "CC-BY-4.0",
	}}}
	for i := 0; i < 25; i++ {
		id := fmt.Sprintf("dept-%d", i)
		cat.Departments = append(cat.Departments, &load.Doc[model.Department]{File: &load.File{Path: "departments/" + id + ".yaml"}, V: &model.Department{
			Kind: model.KindDepartment, ID: id, Name: model.Text{Zh: fmt.Sprintf("部门%d", i), En: fmt.Sprintf("Department %d", i)},
			Level: "city", Contact: fmt.Sprintf("d%d@example.gov.cn", i),
		}})
	}
	opens := []string{model.OpenUnconditional, model.OpenConditional, model.OpenNonOpen}
	for i := 0; i < n; i++ {
		id := fmt.Sprintf("dataset-%06d", i)
		dept := fmt.Sprintf("dept-%d", i%25)
		ds := &model.Dataset{
			Kind: model.KindDataset, ID: id, Version: "1.1.0",
			Title:       model.Text{Zh: fmt.Sprintf("城市交通客流统计数据集%d", i), En: fmt.Sprintf("City transport ridership %d", i)},
			Description: model.Text{Zh: "本数据集记录本市轨道交通与公交各站点按日统计的进出站客流量，含站点、线路与日期，可用于客流分析与出行研究。", En: "Daily entries and exits at every metro and bus station of the city, by station, line and date, for ridership analysis and travel research."},
			Department:  dept, Themes: []string{themes[i%10].ID}, Keywords: []model.Text{{Zh: "客流", En: "ridership"}, {Zh: "交通"}},
			OpenType: opens[i%3], Grade: "general", Level: 1,
			Update: model.DatasetUpdate{Frequency: model.Frequencies[i%len(model.Frequencies)], LastModified: model.Date(fmt.Sprintf("2026-%02d-%02d", 1+i%12, 1+i%28))},
			Issued: model.Date(fmt.Sprintf("20%02d-01-01", 10+i%16)),
			Changelog: []model.ChangelogEntry{
				{Version: "1.1.0", Date: model.Date(fmt.Sprintf("2026-%02d-01", 1+i%12)), Summary: model.Text{Zh: "更新", En: "Update"}},
				{Version: "1.0.0", Date: model.Date(fmt.Sprintf("20%02d-01-01", 10+i%16)), Summary: model.Text{Zh: "首次发布", En: "First release"}},
			},
		}
		if ds.OpenType == model.OpenUnconditional {
			ds.License = "CC-BY-4.0"
		} else {
			ds.Rights = &model.Text{Zh: "按申请使用。"}
		}
		cat.Datasets = append(cat.Datasets, &load.Doc[model.Dataset]{File: &load.File{Path: "datasets/" + dept + "/" + id + ".yaml"}, V: ds})
	}
	return cat
}
