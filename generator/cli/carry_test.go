package cli

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"aead.dev/minisign"

	"github.com/shuyuan-project/shuyuan/generator/internal/testcat"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// bumpMetro raises metro-ridership of the site test catalog to version with a
// changelog entry, and adds a row to its source.
func bumpMetro(t *testing.T, cat, version, row string) {
	t.Helper()
	p := filepath.Join(cat, "datasets", "sh-transport", "metro-ridership.yaml")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b = bytes.Replace(b, []byte("version: 1.0.0\n"), []byte("version: "+version+"\n"), 1)
	b = bytes.Replace(b, []byte("changelog:\n"), []byte("changelog:\n  - {version: "+version+", date: 2026-10-20, summary: {zh: 新增站点, en: Station added}}\n"), 1)
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(cat, "sources", "ridership.csv")
	s, _ := os.ReadFile(src)
	if err := os.WriteFile(src, append(s, []byte(row+"\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestVersionsStayPublished is issue 12's "Must show": build at 1.0.0, bump to
// 1.1.0 with a changelog entry, build into the same --out: the 1.0.0 files are
// byte-identical, listed in the signed SHA256SUMS, and `shuyuan verify` passes on
// the whole data/. A tampered old version is refused by the build.
func TestVersionsStayPublished(t *testing.T) {
	cat := writeSiteCatalog(t)
	out := filepath.Join(t.TempDir(), "site")
	keyFile := filepath.Join(t.TempDir(), "portal.key")
	_, priv := sign.DemoKey()
	os.WriteFile(keyFile, sign.SecretKeyText(priv), 0o600)
	env := map[string]string{"SHUYUAN_KEY_DEMO": "test-key-not-secret"}
	build := func() (int, string) {
		code, stdout, stderr := runCLI(t, env, "build", "--now", "2026-11-01", "--catalog", cat, "--out", out, "--sign-key", keyFile)
		return code, stdout + stderr
	}
	if code, msg := build(); code != ExitOK {
		t.Fatalf("build 1.0.0: exit %d\n%s", code, msg)
	}
	v1 := testcat.Tree(t, filepath.Join(out, "data", "metro-ridership", "1.0.0"))
	if len(v1) < 3 {
		t.Fatalf("1.0.0 published %d files", len(v1))
	}

	bumpMetro(t, cat, "1.1.0", "静安寺,31000")
	if code, msg := build(); code != ExitOK {
		t.Fatalf("build 1.1.0: exit %d\n%s", code, msg)
	}
	after := testcat.Tree(t, filepath.Join(out, "data", "metro-ridership", "1.0.0"))
	if len(after) != len(v1) {
		t.Errorf("1.0.0 has %d files after the bump, had %d", len(after), len(v1))
	}
	for name, b := range v1 {
		if !bytes.Equal(after[name], b) {
			t.Errorf("data/metro-ridership/1.0.0/%s changed", name)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "data", "metro-ridership", "1.1.0", "metro-ridership.parquet")); err != nil {
		t.Errorf("1.1.0 not published: %v", err)
	}
	sums, _ := os.ReadFile(filepath.Join(out, "data", sign.SumsFile))
	for name := range v1 {
		if !strings.Contains(string(sums), "  metro-ridership/1.0.0/"+name+"\n") {
			t.Errorf("SHA256SUMS does not list metro-ridership/1.0.0/%s:\n%s", name, sums)
		}
	}
	code, msg, _ := runCLI(t, nil, "verify", filepath.Join(out, "data"), "--pubkey", filepath.Join(cat, "keys", "portal.pub"))
	if code != ExitOK || !strings.Contains(msg, "signature: OK") {
		t.Errorf("verify data/ after the bump: exit %d\n%s", code, msg)
	}
	// the dataset page lists both versions, each with its own page
	page, _ := os.ReadFile(filepath.Join(out, "en", "datasets", "metro-ridership", "index.html"))
	for _, v := range []string{"1.0.0", "1.1.0"} {
		if !strings.Contains(string(page), `href="`+v+`/"`) {
			t.Errorf("the dataset page does not link version %s", v)
		}
		if _, err := os.Stat(filepath.Join(out, "en", "datasets", "metro-ridership", v, "index.html")); err != nil {
			t.Errorf("no page for version %s: %v", v, err)
		}
	}

	// building 1.1.0 again with the same data keeps its bytes; with other data it fails
	v11 := testcat.Tree(t, filepath.Join(out, "data", "metro-ridership", "1.1.0"))
	if code, msg := build(); code != ExitOK {
		t.Fatalf("rebuild: exit %d\n%s", code, msg)
	}
	for name, b := range testcat.Tree(t, filepath.Join(out, "data", "metro-ridership", "1.1.0")) {
		if !bytes.Equal(v11[name], b) {
			t.Errorf("rebuilding 1.1.0 rewrote %s", name)
		}
	}
	src := filepath.Join(cat, "sources", "ridership.csv")
	s, _ := os.ReadFile(src)
	os.WriteFile(src, append(s, []byte("龙阳路,12000\n")...), 0o644)
	before := testcat.Tree(t, out)
	code, msg = build()
	if code != ExitFindings || !strings.Contains(msg, "datasets/sh-transport/metro-ridership.yaml:3:10: metro-ridership 1.1.0 is published and its files are never rewritten") ||
		!strings.Contains(msg, "bump version (for example to 1.1.1)") {
		t.Errorf("changed data without a bump: exit %d\n%s", code, msg)
	}
	os.WriteFile(src, s, 0o644)
	if after := testcat.Tree(t, out); len(after) != len(before) || !bytes.Equal(after["data/SHA256SUMS"], before["data/SHA256SUMS"]) {
		t.Error("a failed build changed the published site")
	}

	// a tampered old version: the live site's 1.0.0 file changed
	live, _ := filepath.EvalSymlinks(out)
	old := filepath.Join(live, "data", "metro-ridership", "1.0.0", "metro-ridership.parquet")
	orig, _ := os.ReadFile(old)
	os.WriteFile(old, append([]byte{}, append(orig[:len(orig)-1:len(orig)-1], 'X')...), 0o644)
	code, msg = build()
	if code != ExitFindings || !strings.Contains(msg, "metro-ridership/1.0.0/metro-ridership.parquet of metro-ridership 1.0.0 does not match its checksum in the signed SHA256SUMS (tampered or damaged") {
		t.Errorf("tampered 1.0.0 file: exit %d\n%s", code, msg)
	}
	os.WriteFile(old, orig, 0o644)
	// tampered and re-checksummed: the signature no longer checks out
	sumsPath := filepath.Join(live, "data", sign.SumsFile)
	os.WriteFile(sumsPath, bytes.Replace(sums, []byte("  metro-ridership/1.0.0/"), []byte("  metro-ridership/1.0.0/./"), 1), 0o644)
	code, msg = build()
	if code != ExitFindings || !strings.Contains(msg, "SHA256SUMS.minisig is not a valid signature of SHA256SUMS by the portal's key") {
		t.Errorf("edited SHA256SUMS: exit %d\n%s", code, msg)
	}
	os.WriteFile(sumsPath, sums, 0o644)
	if code, msg := build(); code != ExitOK {
		t.Errorf("restored site: exit %d\n%s", code, msg)
	}
}

// TestBuildPrevious: --previous DIR (CI's restored deployment) carries its
// versions into a new --out.
func TestBuildPrevious(t *testing.T) {
	cat := writeSiteCatalog(t)
	keyFile := filepath.Join(t.TempDir(), "portal.key")
	_, priv := sign.DemoKey()
	os.WriteFile(keyFile, sign.SecretKeyText(priv), 0o600)
	env := map[string]string{"SHUYUAN_KEY_DEMO": "test-key-not-secret"}
	first := filepath.Join(t.TempDir(), "first")
	if code, o, e := runCLI(t, env, "build", "--now", "2026-11-01", "--catalog", cat, "--out", first, "--sign-key", keyFile); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, o, e)
	}
	// the publish workflow: fetch the live portal's data/, build with --previous
	srv := httptest.NewServer(http.FileServer(http.Dir(first)))
	defer srv.Close()
	prev := filepath.Join(t.TempDir(), "previous")
	pubFile := filepath.Join(cat, "keys", "portal.pub")
	code, o, e := runCLI(t, nil, "fetch", srv.URL+"/", "--out", prev, "--pubkey", pubFile)
	if code != ExitOK || !strings.Contains(o, "signed SHA256SUMS") {
		t.Fatalf("fetch: exit %d\n%s%s", code, o, e)
	}
	bumpMetro(t, cat, "2.0.0", "静安寺,31000")
	second := filepath.Join(t.TempDir(), "second")
	if code, o, e := runCLI(t, env, "build", "--now", "2026-11-01", "--catalog", cat, "--out", second, "--sign-key", keyFile, "--previous", prev); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, o, e)
	}
	// a portal that publishes nothing yet, a file changed on the server, another key
	empty := httptest.NewServer(http.NotFoundHandler())
	defer empty.Close()
	if code, o, e := runCLI(t, nil, "fetch", empty.URL, "--out", filepath.Join(t.TempDir(), "p")); code != ExitOK || !strings.Contains(o, "publishes no data/SHA256SUMS yet") {
		t.Errorf("nothing published: exit %d\n%s%s", code, o, e)
	}
	live, _ := filepath.EvalSymlinks(first)
	os.WriteFile(filepath.Join(live, "data", "metro-ridership", "1.0.0", "quality.json"), []byte("{}"), 0o644)
	if code, o, e := runCLI(t, nil, "fetch", srv.URL, "--out", filepath.Join(t.TempDir(), "p")); code != ExitFindings || !strings.Contains(e, "metro-ridership/1.0.0/quality.json does not match its checksum") {
		t.Errorf("changed file: exit %d\n%s%s", code, o, e)
	}
	other := filepath.Join(t.TempDir(), "other.pub")
	otherPub, _, _ := minisign.GenerateKey(nil)
	os.WriteFile(other, sign.PublicKeyText(otherPub, "other"), 0o644)
	if code, o, e := runCLI(t, nil, "fetch", srv.URL, "--out", filepath.Join(t.TempDir(), "p"), "--pubkey", other); code != ExitFindings || !strings.Contains(e, "is not signed by the key") {
		t.Errorf("another key: exit %d\n%s%s", code, o, e)
	}
	for _, v := range []string{"1.0.0", "2.0.0"} {
		if _, err := os.Stat(filepath.Join(second, "data", "metro-ridership", v, "metro-ridership.parquet")); err != nil {
			t.Errorf("version %s not in the new site: %v", v, err)
		}
	}
	if code, o, e := runCLI(t, env, "build", "--catalog", cat, "--out", second, "--previous", filepath.Join(t.TempDir(), "nope")); code != ExitUsage {
		t.Errorf("--previous of a missing directory: exit %d\n%s%s", code, o, e)
	}
}
