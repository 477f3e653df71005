package importer

import (
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/load"
)

// FuzzImport: no input makes Import panic, and every file it writes passes the
// yaml and schema rules. Run with make fuzz.
func FuzzImport(f *testing.F) {
	f.Add(uint8(0), []byte(`{"success": true, "result": {"name": "a-b", "title": "标题\n<b>x</b>", "notes": "<p>说明</p>", "tags": [{"name": "交通"}], "license_id": "cc-by", "extras": [{"key": "更新頻度", "value": "毎月"}], "organization": {"name": "org", "title": "机构"}}}`))
	f.Add(uint8(1), []byte(`{"dataset": [{"title": "T", "description": "D", "keyword": ["k"], "modified": "2020-01-01", "publisher": {"name": "P"}, "contactPoint": {}, "identifier": "x", "accessLevel": "restricted public", "temporal": "2000/2010", "accrualPeriodicity": "R/P1M", "license": "https://creativecommons.org/publicdomain/zero/1.0/"}]}`))
	f.Add(uint8(2), []byte("---\ntitle: \"A: b\"\norganization: City\nnotes: |\n  x\n  y\ntags: [a, b]\nresources: []\ntime_period: 2009 - 2012\n---\nbody\n"))
	v, err := load.NewValidator()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		format := Formats[int(which)%len(Formats)]
		res, err := Import(format, "in", src, testOpts, nil)
		if err != nil {
			return
		}
		for _, out := range res.Files {
			file, fds := load.Parse(out.Path, out.Kind, out.Data)
			if len(fds) == 0 {
				fds = v.Validate(file)
			}
			for _, fd := range fds {
				t.Errorf("%s from %s input %q: %s\n%s", out.Path, format, src, fd, out.Data)
			}
		}
	})
}
