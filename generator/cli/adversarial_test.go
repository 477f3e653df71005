package cli

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shuyuan-project/shuyuan/generator/internal/cputime"
	"github.com/shuyuan-project/shuyuan/generator/internal/fixture"
	"github.com/shuyuan-project/shuyuan/generator/internal/servetest"
	"github.com/shuyuan-project/shuyuan/generator/serve"
	"github.com/shuyuan-project/shuyuan/generator/sign"
)

// adversarialCase is one line of testdata/adversarial/manifest.txt.
type adversarialCase struct {
	name    string
	exit    int    // the exit status shuyuan must give in the case's main command
	run     string // fast, stress, or go:<package dir>.<Test>
	outcome string
	line    int
}

func readManifest(t *testing.T, path string) []adversarialCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []adversarialCase
	seen := map[string]bool{}
	sc := bufio.NewScanner(f)
	for ln := 1; sc.Scan(); ln++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(line)
		if len(fields) < 4 {
			t.Fatalf("manifest.txt:%d: want `case exit run outcome…`", ln)
		}
		exit, err := strconv.Atoi(fields[1])
		if err != nil {
			t.Fatalf("manifest.txt:%d: exit %q is not a number", ln, fields[1])
		}
		c := adversarialCase{name: fields[0], exit: exit, run: fields[2], outcome: strings.Join(fields[3:], " "), line: ln}
		if seen[c.name] {
			t.Fatalf("manifest.txt:%d: case %s listed twice", ln, c.name)
		}
		seen[c.name] = true
		cases = append(cases, c)
	}
	return cases
}

// TestAdversarial runs the adversarial sweep of issue 16 kept in
// testdata/adversarial (see its README.md). Each case of manifest.txt is a
// testscript <case>.txtar run against the portal test catalog, whose main command
// must exit with the manifest's status (`exits $EXPECT …`), or a Go test that
// guards it (go:<package dir>.<Test>, checked to exist). Stress cases (kill loops,
// large inputs) run only under SHUYUAN_STRESS=1 (make stress).
func TestAdversarial(t *testing.T) {
	dir := fixture.Path(t, "testdata/adversarial")
	root := fixture.Root(t)
	cases := readManifest(t, filepath.Join(dir, "manifest.txt"))
	scripts, _ := filepath.Glob(filepath.Join(dir, "*.txtar"))
	listed := map[string]bool{}
	for _, c := range cases {
		listed[c.name] = true
	}
	for _, s := range scripts {
		if name := strings.TrimSuffix(filepath.Base(s), ".txtar"); !listed[name] {
			t.Errorf("testdata/adversarial/%s.txtar is not in manifest.txt", name)
		}
	}
	stress := os.Getenv("SHUYUAN_STRESS") == "1"
	base, err := txtar.ParseFile(filepath.Join("..", "portal", "testdata", "site.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			switch {
			case strings.HasPrefix(c.run, "go:"):
				checkGoGuard(t, root, c)
				return
			case c.run == "stress" && !stress:
				t.Skip("a stress case: run `make stress`")
			case c.run != "fast" && c.run != "stress":
				t.Fatalf("manifest.txt:%d: run %q is not fast, stress or go:…", c.line, c.run)
			}
			script := filepath.Join(dir, c.name+".txtar")
			src, err := os.ReadFile(script)
			if err != nil {
				t.Fatalf("manifest.txt:%d: %v", c.line, err)
			}
			if !strings.Contains(string(src), "exits $EXPECT ") {
				t.Fatalf("%s never checks the manifest's exit status with `exits $EXPECT …`", c.name)
			}
			testscript.Run(t, testscript.Params{
				Files: []string{script},
				Setup: func(env *testscript.Env) error {
					env.Setenv("EXPECT", strconv.Itoa(c.exit))
					env.Setenv("CI", "true")
					env.Setenv("HOME", env.WorkDir)
					for _, k := range []string{"GIT_AUTHOR_NAME", "GIT_COMMITTER_NAME"} {
						env.Setenv(k, "adversarial")
					}
					for _, k := range []string{"GIT_AUTHOR_EMAIL", "GIT_COMMITTER_EMAIL"} {
						env.Setenv(k, "adversarial@example.gov.cn")
					}
					env.Setenv("GIT_CONFIG_NOSYSTEM", "1")
					env.Setenv("REPO", root) // the repository, for cases that copy its default catalog
					return writeBase(env.WorkDir, base)
				},
				Cmds: adversarialCmds,
			})
		})
	}
}

// writeBase writes the portal test catalog into work/catalog, leaving the files a
// script writes there itself.
func writeBase(work string, base *txtar.Archive) error {
	for _, f := range base.Files {
		p := filepath.Join(work, "catalog", filepath.FromSlash(f.Name))
		if _, err := os.Lstat(p); err == nil {
			continue
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// checkGoGuard makes sure the Go test a go: case names exists, so the manifest
// cannot point at a test that was renamed or removed.
func checkGoGuard(t *testing.T, root string, c adversarialCase) {
	ref := strings.TrimPrefix(c.run, "go:")
	i := strings.LastIndexByte(ref, '.')
	if i < 0 {
		t.Fatalf("manifest.txt:%d: %q is not go:<package dir>.<Test>", c.line, c.run)
	}
	pkg, test := ref[:i], ref[i+1:]
	files, _ := filepath.Glob(filepath.Join(root, filepath.FromSlash(pkg), "*_test.go"))
	re := regexp.MustCompile(`(?m)^func ` + regexp.QuoteMeta(test) + `\(t \*testing\.T\)`)
	for _, f := range files {
		if b, err := os.ReadFile(f); err == nil && re.Match(b) {
			return
		}
	}
	t.Errorf("manifest.txt:%d: no test %s in %s", c.line, test, pkg)
}

// adversarialCmds are the script commands of the sweep besides testscript's own.
var adversarialCmds = map[string]func(ts *testscript.TestScript, neg bool, args []string){
	// exits N [within=DURATION] CMD ARGS…: CMD exits with status N (using at most
	// DURATION of CPU time, and at most 30 times DURATION, or a minute, on the clock)
	"exits": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) < 2 {
			ts.Fatalf("usage: exits N [within=DURATION] command args…")
		}
		want, err := strconv.Atoi(args[0])
		ts.Check(err)
		args = args[1:]
		limit := time.Duration(0)
		if d, ok := strings.CutPrefix(args[0], "within="); ok {
			limit, err = time.ParseDuration(d)
			ts.Check(err)
			args = args[1:]
		}
		// the work is the CPU time of the command (the scripts run one at a time);
		// the wall clock, which other jobs on the machine stretch, only bounds a wait
		start, cpu0 := time.Now(), cputime.Children()
		err = ts.Exec(args[0], args[1:]...)
		took, used := time.Since(start), cputime.Children()-cpu0
		got := 0
		var ee *exec.ExitError
		switch {
		case errors.As(err, &ee):
			got = ee.ExitCode()
		case err != nil:
			ts.Fatalf("%s: %v", args[0], err)
		}
		if got != want {
			ts.Fatalf("%s exited %d, want %d", strings.Join(args, " "), got, want)
		}
		if limit > 0 && used > limit {
			ts.Fatalf("%s used %v of CPU, more than %v", strings.Join(args, " "), used.Round(time.Millisecond), limit)
		}
		if wait := max(30*limit, time.Minute); limit > 0 && took > wait {
			ts.Fatalf("%s took %v, more than %v: it waited for something", strings.Join(args, " "), took.Round(time.Millisecond), wait)
		}
		ts.Logf("exit %d in %v (%v of CPU)", got, took.Round(time.Millisecond), used.Round(time.Millisecond))
	},
	// treehash DIR VAR: sets $VAR to a hash of every path, link and byte under DIR
	"treehash": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: treehash DIR VAR")
		}
		h := sha256.New()
		root := ts.MkAbs(args[0])
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			fmt.Fprintf(h, "%s\x00%v\x00", rel, d.Type())
			switch {
			case d.Type()&fs.ModeSymlink != 0:
				l, err := os.Readlink(p)
				fmt.Fprintf(h, "%s\x00", l)
				return err
			case d.Type().IsRegular():
				f, err := os.Open(p)
				if err != nil {
					return err
				}
				defer f.Close()
				_, err = io.Copy(h, f)
				return err
			}
			return nil
		})
		ts.Check(err)
		ts.Setenv(args[1], fmt.Sprintf("%x", h.Sum(nil)))
	},
	// eq A B: the two words are equal (with !, different)
	"eq": func(ts *testscript.TestScript, neg bool, args []string) {
		if len(args) != 2 {
			ts.Fatalf("usage: eq A B")
		}
		if (args[0] == args[1]) == neg {
			ts.Fatalf("eq %q %q: want them %s", args[0], args[1], map[bool]string{false: "equal", true: "different"}[neg])
		}
	},
	// cp-tree SRC DST: copies the regular files of a directory tree
	"cp-tree": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 2 {
			ts.Fatalf("usage: cp-tree SRC DST")
		}
		src, dst := ts.MkAbs(args[0]), ts.MkAbs(args[1])
		ts.Check(filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(src, p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			if !d.Type().IsRegular() {
				return nil
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		}))
	},
	// mkfifo PATH
	"mkfifo": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: mkfifo PATH")
		}
		ts.Check(syscall.Mkfifo(ts.MkAbs(args[0]), 0o644))
	},
	// gen KIND SIZE FILE: writes an adversarial input of about SIZE bytes (k and M
	// suffixes): nested-guide, marks-guide, prose-guide, ridership-csv,
	// ridership-gbk, sparse
	"gen": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: gen KIND SIZE FILE")
		}
		size := parseSize(ts, args[1])
		p := ts.MkAbs(args[2])
		ts.Check(os.MkdirAll(filepath.Dir(p), 0o755))
		front := "---\ntitle: {zh: 对抗样本, en: Adversarial}\norder: 90\n---\n"
		var body string
		switch args[0] {
		case "nested-guide":
			body = front + "正文。\n\n" + strings.Repeat("- ", int(size)/2) + "[\n"
		case "marks-guide":
			body = front + "正文。\n\n" + strings.Repeat("*a_", int(size)/3) + "\n"
		case "prose-guide":
			body = front + strings.Repeat("申请人应当提交[申请表](https://data.example.gov.cn/a)和*承诺书*。\n\n", int(size)/100)
		case "ridership-csv", "ridership-gbk":
			// station,entries rows; the GBK kind encodes the station names in GBK
			f, err := os.Create(p)
			ts.Check(err)
			w := bufio.NewWriterSize(f, 1<<20)
			w.WriteString("station,entries\n")
			names := []string{"人民广场", "徐家汇", "静安寺", "陆家嘴", "虹桥火车站"}
			if args[0] == "ridership-gbk" {
				for i, n := range names {
					b, err := simplifiedchinese.GBK.NewEncoder().String(n)
					ts.Check(err)
					names[i] = b
				}
			}
			written := int64(0)
			for i := 0; written < size; i++ {
				n, _ := fmt.Fprintf(w, "%s,%d\n", names[i%len(names)], 1000+i%50000)
				written += int64(n)
			}
			ts.Check(w.Flush())
			ts.Check(f.Close())
			return
		case "sparse":
			f, err := os.Create(p)
			ts.Check(err)
			ts.Check(f.Truncate(size))
			ts.Check(f.Close())
			return
		default:
			ts.Fatalf("gen: unknown kind %q", args[0])
		}
		ts.Check(os.WriteFile(p, []byte(body), 0o644))
	},
	// serve-probe SITE: serves SITE as `shuyuan serve` does and checks that every
	// missing path and escape attempt gets one 404 and that other hosts are refused
	"serve-probe": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 1 {
			ts.Fatalf("usage: serve-probe SITE")
		}
		srv := httptest.NewUnstartedServer(nil)
		srv.Config.Handler = serve.Handler(ts.MkAbs(args[0]), serve.LoopbackHosts(srv.Listener.Addr()))
		srv.Start()
		defer srv.Close()
		servetest.CheckOracle(scriptT{ts}, srv.URL+"/")
	},
	// kill-loop N CATALOG OUT: N times starts `shuyuan build` and kills it with
	// SIGKILL after a random moment; after each kill the previous site is live and
	// verifies, and a last build leaves nothing of the killed ones behind
	"kill-loop": func(ts *testscript.TestScript, neg bool, args []string) {
		if neg || len(args) != 3 {
			ts.Fatalf("usage: kill-loop N CATALOG OUT")
		}
		n, err := strconv.Atoi(args[0])
		ts.Check(err)
		killLoop(ts, n, ts.MkAbs(args[1]), ts.MkAbs(args[2]))
	},
}

func parseSize(ts *testscript.TestScript, s string) int64 {
	mult := int64(1)
	switch {
	case strings.HasSuffix(s, "k"):
		mult, s = 1<<10, strings.TrimSuffix(s, "k")
	case strings.HasSuffix(s, "M"):
		mult, s = 1<<20, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "G"):
		mult, s = 1<<30, strings.TrimSuffix(s, "G")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	ts.Check(err)
	return n * mult
}

// scriptT lets checks written for *testing.T report through a script.
type scriptT struct{ ts *testscript.TestScript }

func (s scriptT) Helper()                           {}
func (s scriptT) Errorf(format string, args ...any) { s.ts.Fatalf(format, args...) }
func (s scriptT) Fatalf(format string, args ...any) { s.ts.Fatalf(format, args...) }

// killLoop is the kill-loop command.
func killLoop(ts *testscript.TestScript, n int, catalog, out string) {
	// the script's PATH holds the shuyuan command TestMain registers
	bin := ""
	for _, d := range filepath.SplitList(ts.Getenv("PATH")) {
		if p := filepath.Join(d, "shuyuan"); isExecutable(p) {
			bin = p
			break
		}
	}
	if bin == "" {
		ts.Fatalf("no shuyuan command on the script's PATH")
	}
	build := func() *exec.Cmd {
		cmd := exec.Command(bin, "build", "--catalog", catalog, "--out", out, "--now", "2026-11-01")
		cmd.Env = append(os.Environ(), "CI=true", "SHUYUAN_KEY_DEMO="+ts.Getenv("SHUYUAN_KEY_DEMO"))
		return cmd
	}
	start := time.Now()
	if b, err := build().CombinedOutput(); err != nil {
		ts.Fatalf("first build: %v\n%s", err, b)
	}
	// kills land anywhere within the time a whole build takes
	whole := time.Since(start)
	rng := rand.New(rand.NewPCG(16, 16))
	killed := 0
	for i := range n {
		cmd := build()
		ts.Check(cmd.Start())
		time.Sleep(time.Duration(rng.Int64N(int64(whole))))
		_ = cmd.Process.Signal(syscall.SIGKILL)
		if err := cmd.Wait(); err != nil {
			killed++ // killed before it ended
		}
		// the site is complete after every kill: the previous one, or a whole new one
		rep, err := sign.Verify(out, nil)
		if err != nil || rep.Failed() {
			ts.Fatalf("kill %d: the live site does not verify: %v %+v", i+1, err, rep)
		}
		if _, err := os.Stat(filepath.Join(out, "index.html")); err != nil {
			ts.Fatalf("kill %d: no live site: %v", i+1, err)
		}
	}
	builds := filepath.Join(filepath.Dir(out), "."+filepath.Base(out)+".builds")
	stale := dirSize(builds)
	if b, err := build().CombinedOutput(); err != nil {
		ts.Fatalf("last build: %v\n%s", err, b)
	}
	entries, _ := os.ReadDir(builds)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	live, _ := os.Readlink(out)
	if want := []string{".lock", filepath.Base(live)}; !slices.Equal(names, want) {
		ts.Fatalf("after the last build the builds directory holds %v, want %v", names, want)
	}
	fmt.Fprintf(os.Stderr, "kill-loop: a build takes %v; %d of %d builds killed before they ended; %.1f MiB they left, removed by the next build\n",
		whole.Round(time.Millisecond), killed, n, float64(stale)/(1<<20))
}

func isExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode().IsRegular() && st.Mode()&0o111 != 0
}

func dirSize(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}
