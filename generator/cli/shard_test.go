package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// dataTree hashes every file under dir/data.
func dataTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	root := filepath.Join(dir, "data")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := sha256.Sum256(b)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = hex.EncodeToString(s[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestShardsMergeToTheSingleProcessOutput runs the real binary: `plan --shards 3`,
// three concurrent `extract --shard I/3` processes and `merge` must give the data/ of
// one `extract` of the same datasets byte for byte, signature included; a share that
// is tampered with, missing or given twice makes merge fail and write nothing.
func TestShardsMergeToTheSingleProcessOutput(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and extracts the default catalog four times")
	}
	work := t.TempDir()
	bin := filepath.Join(work, "shuyuan")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/shuyuan").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	catalog, _ := filepath.Abs(filepath.Join(repoRoot, "catalog"))
	keys := filepath.Join(work, "keys")
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + work, "CI=true",
		"SHUYUAN_KEY_DEMO=shard-test-key-0123456789abcdef"}
	run := func(args ...string) (string, error) {
		cmd := exec.Command(bin, args...)
		cmd.Env, cmd.Dir = env, work
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		err := cmd.Run()
		return out.String(), err
	}
	if out, err := run("keygen", "--demo", "--secret", filepath.Join(keys, "k.key"), "--public", filepath.Join(keys, "k.pub")); err != nil {
		t.Fatalf("keygen: %v\n%s", err, out)
	}
	env = append(env, "SHUYUAN_SIGNING_KEY=file:"+filepath.Join(keys, "k.key"))

	planFile := filepath.Join(work, "plan.json")
	matrix, err := run("plan", "--catalog", catalog, "--shards", "3", "--out", planFile)
	if err != nil {
		t.Fatalf("plan: %v\n%s", err, matrix)
	}
	if !strings.Contains(matrix, `{"shard":["1/3","2/3","3/3"]}`) {
		t.Fatalf("plan's matrix output: %q", matrix)
	}
	var plan struct {
		Datasets []struct {
			ID    string
			Shard int
		}
	}
	b, _ := os.ReadFile(planFile)
	if err := json.Unmarshal(b, &plan); err != nil {
		t.Fatal(err)
	}
	var ids []string
	perShard := map[int]int{}
	for _, d := range plan.Datasets {
		ids = append(ids, d.ID)
		perShard[d.Shard]++
	}
	if len(ids) < 3 || len(perShard) != 3 {
		t.Fatalf("plan: %d datasets over shards %v; want every shard used", len(ids), perShard)
	}

	single := filepath.Join(work, "single")
	if out, err := run(append([]string{"extract", "--catalog", catalog, "--out", single}, ids...)...); err != nil {
		t.Fatalf("single extract: %v\n%s", err, out)
	}
	shares := make([]string, 3)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	outs := make([]string, 3)
	for i := range shares {
		shares[i] = filepath.Join(work, "share", string(rune('1'+i)))
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i], errs[i] = run("extract", "--catalog", catalog, "--plan", planFile, "--shard", string(rune('1'+i))+"/3", "--out", shares[i])
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("extract --shard %d/3: %v\n%s", i+1, err, outs[i])
		}
	}
	merged := filepath.Join(work, "merged")
	if out, err := run(append([]string{"merge", "--plan", planFile, "--out", merged}, shares...)...); err != nil {
		t.Fatalf("merge: %v\n%s", err, out)
	}
	want, got := dataTree(t, single), dataTree(t, merged)
	if len(want) == 0 || want["SHA256SUMS.minisig"] == "" {
		t.Fatalf("the single-process extract wrote %d files, unsigned?", len(want))
	}
	for p, h := range want {
		if got[p] != h {
			t.Errorf("merged data/%s differs from the single-process output (or is missing)", p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("merged data/%s is not in the single-process output", p)
		}
	}
	if out, err := run("verify", merged, "--pubkey", filepath.Join(keys, "k.pub")); err != nil {
		t.Errorf("verify of the merged output: %v\n%s", err, out)
	}

	// the publish workflow's last step: a build around the merged extracts publishes
	// the data/ a build that extracts itself publishes
	built, extracted := filepath.Join(work, "site-built"), filepath.Join(work, "site-extracted")
	if out, err := run("build", "--catalog", catalog, "--now", "2026-11-24", "--out", built); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	if out, err := run("build", "--catalog", catalog, "--now", "2026-11-24", "--out", extracted, "--extracted", merged); err != nil {
		t.Fatalf("build --extracted: %v\n%s", err, out)
	}
	want, got = dataTree(t, built), dataTree(t, extracted)
	if len(want) != len(got) || want["SHA256SUMS.minisig"] == "" {
		t.Errorf("build --extracted published %d files of data/, a build %d", len(got), len(want))
	}
	for p, h := range want {
		if got[p] != h {
			t.Errorf("build --extracted: data/%s differs from a build's", p)
		}
	}

	// failures: nothing is written
	failures := []struct {
		name  string
		parts []string
		setup func()
		want  string
	}{
		{"a share missing", shares[:2], nil, "is in no share"},
		{"a share twice", append(shares[:3:3], shares[0]), nil, "is in two shares"},
		{"a tampered file", shares, func() {
			for p := range dataTree(t, shares[1]) {
				if strings.HasSuffix(p, ".parquet") {
					f := filepath.Join(shares[1], "data", filepath.FromSlash(p))
					b, _ := os.ReadFile(f)
					b[len(b)/2] ^= 1
					os.WriteFile(f, b, 0o644)
					return
				}
			}
			t.Fatal("share 2 has no Parquet file")
		}, "does not verify"},
	}
	for _, f := range failures {
		t.Run(f.name, func(t *testing.T) {
			if f.setup != nil {
				f.setup()
			}
			out := filepath.Join(work, "fail-"+strings.ReplaceAll(f.name, " ", "-"))
			msg, err := run(append([]string{"merge", "--plan", planFile, "--out", out}, f.parts...)...)
			if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != ExitFindings || !strings.Contains(msg, f.want) {
				t.Fatalf("merge: %v\n%s\nwant exit 1 and %q", err, msg, f.want)
			}
			if _, err := os.Stat(filepath.Join(out, "data", "SHA256SUMS")); err == nil {
				t.Errorf("a failed merge wrote data/SHA256SUMS")
			}
		})
	}
}
