package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLintFederation: lint reads the district catalogs portal.yaml lists and checks
// one data, one source across them; a finding points at the district's own file.
func TestLintFederation(t *testing.T) {
	dir := t.TempDir()
	copyDir(t, filepath.Join(repoRoot, "catalog"), dir)
	portal, err := os.ReadFile(filepath.Join(dir, "portal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "portal.yaml"), append(portal, []byte("federation:\n  - {id: pudong, path: federation/pudong}\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	// A district element that copies a city element under a new id.
	elems, _ := filepath.Glob(filepath.Join(dir, "elements", "*", "*.yaml"))
	if len(elems) == 0 {
		t.Fatal("the default catalog has no element")
	}
	src, err := os.ReadFile(elems[0])
	if err != nil {
		t.Fatal(err)
	}
	id := strings.TrimSuffix(filepath.Base(elems[0]), ".yaml")
	dept := filepath.Base(filepath.Dir(elems[0]))
	member := filepath.Join(dir, "federation", "pudong")
	copyElem := strings.NewReplacer("id: "+id, "id: pudong-copy", "department: "+dept, "department: pudong-data").Replace(string(src))
	for rel, data := range map[string]string{
		"departments/pudong-data.yaml":          "kind: Department\nid: pudong-data\nname: {zh: 浦东新区大数据中心, en: Pudong Big Data Center}\nlevel: district\ndistrict: \"310115\"\ncontact: data@pudong.example.gov.cn\n",
		"elements/pudong-data/pudong-copy.yaml": copyElem,
	} {
		p := filepath.Join(member, filepath.FromSlash(rel))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var stdout, stderr bytes.Buffer
	code := Main(Env{Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }},
		[]string{"lint", "--catalog", dir, "--now", "2026-11-01"})
	if code != ExitFindings {
		t.Fatalf("exit %d, want %d\n%s%s", code, ExitFindings, stdout.String(), stderr.String())
	}
	found := false
	for _, line := range strings.Split(stdout.String(), "\n") {
		found = found || strings.HasPrefix(line, "federation/pudong/elements/pudong-data/pudong-copy.yaml:") && strings.Contains(line, "[one-source]")
	}
	if !found {
		t.Errorf("no one-source finding on the district's element:\n%s", stdout.String())
	}
}
