package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// writeSiteCatalog writes the portal package's test catalog into a directory.
func writeSiteCatalog(t *testing.T) string {
	t.Helper()
	return testcat.Write(t, testcat.Overlay(t, testcat.Archive(t, filepath.Join("..", "portal", "testdata", "site.txtar"))))
}

func testEnv(stdout, stderr io.Writer, vars map[string]string) Env {
	return Env{Stdin: strings.NewReader(""), Stdout: stdout, Stderr: stderr, Getenv: func(k string) string { return vars[k] }}
}

func TestBuildCommand(t *testing.T) {
	cat := writeSiteCatalog(t)
	out := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	code := Main(testEnv(&stdout, &stderr, map[string]string{"SHUYUAN_DEMO": "1"}), []string{"build", "--now", "2026-11-01", "--catalog", cat, "--out", out})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(filepath.Join(out, "en", "datasets", "clinic-visits", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "demo keys") {
		t.Error("SHUYUAN_DEMO=1 did not mark the footer")
	}
	// not on a terminal: no progress, only warnings (outputs.md "Command line")
	if strings.Contains(stderr.String(), "shuyuan build:") || stdout.Len() > 0 {
		t.Errorf("build printed progress when not on a terminal:\nstdout: %s\nstderr: %s", stdout.String(), stderr.String())
	}
	for _, f := range []string{"feeds/datasets.atom", "catalog.jsonld", "data.json", "sitemap.xml", "robots.txt", "elements.json", "elements.csv",
		"data/metro-ridership/1.0.0/metro-ridership.parquet", "data/SHA256SUMS", "search/index.html", "search/search.js"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	page, err := os.ReadFile(filepath.Join(out, "datasets", "metro-ridership", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"人民广场", "52310", `href="../../data/metro-ridership/1.0.0/metro-ridership.parquet"`, "sha256sum -c"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("metro-ridership page lacks %q (preview and downloads from the extract)", want)
		}
	}

	// The whole site — pages, extracts, feeds, harvest catalogs, search index — is
	// byte-identical when built again from the same catalog.
	out2 := filepath.Join(t.TempDir(), "site")
	if code := Main(testEnv(&stdout, &stderr, map[string]string{"SHUYUAN_DEMO": "1"}), []string{"build", "--now", "2026-11-01", "--catalog", cat, "--out", out2}); code != ExitOK {
		t.Fatalf("second build: exit %d: %s", code, stderr.String())
	}
	first, second := testcat.Tree(t, out), testcat.Tree(t, out2)
	if len(first) != len(second) {
		t.Errorf("second build wrote %d files, the first %d", len(second), len(first))
	}
	for p, data := range first {
		if !bytes.Equal(data, second[p]) {
			t.Errorf("%s differs between two builds of the same catalog", p)
		}
	}

	// A lint error stops the build and leaves the site alone.
	if err := os.WriteFile(filepath.Join(cat, "datasets", "sh-health", "clinic-visits.yaml"), []byte("kind: Dataset\nid: clinic-visits\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	stderr.Reset()
	code = Main(testEnv(&stdout, &stderr, nil), []string{"build", "--now", "2026-11-01", "--catalog", cat, "--out", out})
	if code != ExitFindings || !strings.Contains(stderr.String(), "clinic-visits.yaml:") {
		t.Fatalf("exit %d, stderr %s; want 1 with the positioned finding", code, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "datasets", "clinic-visits", "index.html")); err != nil {
		t.Error("a failed build removed the previous site")
	}
	if code := Main(testEnv(&stdout, &stderr, nil), []string{"build", "--catalog", filepath.Join(cat, "missing")}); code != ExitUsage {
		t.Errorf("missing catalog: exit %d, want %d", code, ExitUsage)
	}
}

func TestServeRejectsPublicAddress(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := Main(testEnv(&stdout, &stderr, nil), []string{"serve", "--addr", "0.0.0.0:8080"}); code != ExitUsage {
		t.Errorf("exit %d, want %d: %s", code, ExitUsage, stderr.String())
	}
}

func TestBuildSignKeyFlag(t *testing.T) {
	// outputs.md "Keys": the signing key may come from --sign-key FILE
	cat := writeSiteCatalog(t)
	out := filepath.Join(t.TempDir(), "site")
	pub, priv := sign.DemoKey()
	keyFile := filepath.Join(t.TempDir(), "portal.key")
	if err := os.WriteFile(keyFile, sign.SecretKeyText(priv), 0o600); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	code := Main(testEnv(&stdout, &stderr, nil), []string{"build", "--now", "2026-11-01", "--catalog", cat, "--out", out, "--sign-key", keyFile})
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	rep, err := sign.Verify(out, &pub)
	if err != nil || rep.Failed() || !rep.SignatureOK {
		t.Errorf("site signed with --sign-key does not verify: %+v %v", rep, err)
	}
	if strings.Contains(stderr.String(), "no signing key") {
		t.Errorf("warned about a missing signing key: %s", stderr.String())
	}
	// outputs.md: SHA256SUMS holds the checksums of every published file of data/
	sums, _ := os.ReadFile(filepath.Join(out, "data", sign.SumsFile))
	for rel := range testcat.Tree(t, filepath.Join(out, "data")) {
		if rel != sign.SumsFile && rel != sign.SigFile && !strings.Contains(string(sums), "  "+rel+"\n") {
			t.Errorf("data/%s is published but not listed in SHA256SUMS:\n%s", rel, sums)
		}
	}
}

func TestBuildExtractFindingExit(t *testing.T) {
	// a dataset that cannot be extracted (here k-anonymity is not reachable) is a
	// finding, exit 1, as with shuyuan extract; the previous site stays
	cat := writeSiteCatalog(t)
	p := filepath.Join(cat, "datasets", "sh-transport", "metro-ridership.yaml")
	b, _ := os.ReadFile(p)
	b = bytes.Replace(b, []byte("    role: insensitive\n  - name: entries"), []byte("    role: quasi-identifier\n  - name: entries"), 1)
	b = bytes.Replace(b, []byte("access:\n"), []byte("privacy: {k: 5, max_suppression: 0}\naccess:\n"), 1)
	os.WriteFile(p, b, 0o644)
	var stdout, stderr bytes.Buffer
	code := Main(testEnv(&stdout, &stderr, nil), []string{"build", "--now", "2026-11-01", "--catalog", cat, "--out", filepath.Join(t.TempDir(), "site")})
	if code != ExitFindings || !strings.Contains(stderr.String(), "metro-ridership") {
		t.Errorf("exit %d, want %d; stderr: %s", code, ExitFindings, stderr.String())
	}
}

func TestBuildRefusesUndeclaredPII(t *testing.T) {
	// issue 16 "One gate": build runs the rules lint runs, source scans included. A
	// column declared personal_info: none whose CSV holds resident ids exits 1 with
	// the undeclared-pii finding, as lint does, and leaves the previous site.
	cat := writeSiteCatalog(t)
	out := filepath.Join(t.TempDir(), "site")
	var stdout, stderr bytes.Buffer
	args := []string{"build", "--now", "2026-11-01", "--catalog", cat, "--out", out}
	if code := Main(testEnv(&stdout, &stderr, nil), args); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	before := testcat.Tree(t, out)
	p := filepath.Join(cat, "datasets", "sh-transport", "metro-ridership.yaml")
	b, _ := os.ReadFile(p)
	b = bytes.Replace(b, []byte("  - name: entries\n"), []byte("  - {name: holder, type: string, level: 1, personal_info: none, role: insensitive}\n  - name: entries\n"), 1)
	csv := "station,holder,entries\n"
	for i, id := range testcat.ResidentIDs(50) {
		csv += fmt.Sprintf("s%d,%s,%d\n", i, id, i)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cat, "sources", "ridership.csv"), []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range [][]string{{"lint", "--now", "2026-11-01", "--catalog", cat}, args} {
		stdout.Reset()
		stderr.Reset()
		code := Main(testEnv(&stdout, &stderr, nil), cmd)
		if code != ExitFindings || !strings.Contains(stdout.String()+stderr.String(), `error [undeclared-pii] column "holder"`) {
			t.Errorf("%s: exit %d, want 1 with the undeclared-pii finding:\n%s%s", cmd[0], code, stdout.String(), stderr.String())
		}
	}
	after := testcat.Tree(t, out)
	if len(after) != len(before) {
		t.Errorf("the failed build changed the site: %d files, %d before", len(after), len(before))
	}
	for rel, data := range after {
		if !bytes.Equal(data, before[rel]) {
			t.Errorf("%s changed", rel)
		}
	}
}
