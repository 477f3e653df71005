package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

var shared Shared

func TestMain(m *testing.M) { os.Exit(Main(m, &shared)) }

func TestCheckChar(t *testing.T) {
	// Worked example of GB 11643-1999 (appendix): 11010519491231002 → X.
	for _, tc := range []struct{ first17, want string }{
		{"11010519491231002", "X"},
		{"44052418800101001", "4"},
	} {
		if got := string(CheckChar(tc.first17)); got != tc.want {
			t.Errorf("CheckChar(%s) = %s, want %s", tc.first17, got, tc.want)
		}
	}
}

func TestPeopleAreValidAndDeterministic(t *testing.T) {
	a, b := People(200, 7), People(200, 7)
	for i, p := range a {
		if p != b[i] {
			t.Fatalf("person %d differs between runs: %+v vs %+v", i, p, b[i])
		}
		id := p.ResidentID
		if len(id) != 18 || id[17] != CheckChar(id[:17]) {
			t.Fatalf("person %d: bad resident id %q", i, id)
		}
		if id[6:14] != p.BirthDate.Format("20060102") || id[:6] != p.District {
			t.Fatalf("person %d: id %q does not carry birth date %s and district %s", i, id, p.BirthDate, p.District)
		}
		if len(p.Phone) != 11 || p.Phone[0] != '1' || p.Phone[1] < '3' {
			t.Fatalf("person %d: bad phone %q", i, p.Phone)
		}
	}
	if People(1, 8)[0] == a[0] {
		t.Fatal("a different seed gave the same person")
	}
}

func TestClusterListensOnLoopbackAndLoadsPeople(t *testing.T) {
	c := shared.Require(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := c.Connect(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var listen, sock string
	if err := conn.QueryRow(ctx, "select current_setting('listen_addresses'), current_setting('unix_socket_directories')").Scan(&listen, &sock); err != nil {
		t.Fatal(err)
	}
	if listen != "127.0.0.1" || sock != c.Dir {
		t.Fatalf("listen_addresses=%q unix_socket_directories=%q, want 127.0.0.1 and %q", listen, sock, c.Dir)
	}
	if _, err := os.Stat(filepath.Join(c.Dir, ".s.PGSQL."+strconv.Itoa(c.Port))); err != nil {
		t.Fatalf("no unix socket in the temp dir: %v", err)
	}
	n, err := LoadPeople(ctx, conn, "people_check", 500, 1)
	if err != nil {
		t.Fatal(err)
	}
	if n != 500 {
		t.Fatalf("copied %d rows, want 500", n)
	}
	// The database itself agrees every id is checksum-valid.
	var bad int
	err = conn.QueryRow(ctx, `select count(*) from people_check p
		where substr('10X98765432', 1 + (
		  select sum(substr(p.resident_id, i, 1)::int * (array[7,9,10,5,8,4,2,1,6,3,7,9,10,5,8,4,2])[i]) % 11
		  from generate_series(1, 17) i)::int, 1) <> substr(p.resident_id, 18, 1)`).Scan(&bad)
	if err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Fatalf("%d ids fail the check in SQL", bad)
	}
}

func TestRunStopsAndRemovesCluster(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a second cluster")
	}
	var dir string
	t.Run("inner", func(t *testing.T) {
		c := Run(t)
		dir = c.Dir
		if err := c.Exec(context.Background(), "", "select 1"); err != nil {
			t.Fatal(err)
		}
	})
	if dir == "" {
		return // skipped: no server
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("cluster directory %s still exists after cleanup (err=%v)", dir, err)
	}
}

// fakeTB records how require ends a test.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper()                        {}
func (f *fakeTB) Skipf(format string, a ...any)  { f.skipped = fmt.Sprintf(format, a...) }
func (f *fakeTB) Fatalf(format string, a ...any) { f.failed = fmt.Sprintf(format, a...) }

func TestRequireSkipsOnlyWhenUninstalledAndNotInCI(t *testing.T) {
	missing := fmt.Errorf("wrapped: %w", ErrUnavailable)
	for _, tc := range []struct {
		name, ci  string
		err       error
		skip, bad bool
	}{
		{"not installed", "", missing, true, false},
		{"not installed under CI", "true", missing, false, true},
		{"installed but broken", "", errors.New("initdb: boom"), false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("CI", tc.ci)
			f := &fakeTB{}
			require(f, nil, tc.err)
			if (f.skipped != "") != tc.skip || (f.failed != "") != tc.bad {
				t.Fatalf("skipped %q, failed %q; want skip %v, fail %v", f.skipped, f.failed, tc.skip, tc.bad)
			}
			if msg := f.skipped + f.failed; !strings.Contains(msg, "make pg-deps") && tc.err == missing {
				t.Errorf("message %q does not say how to install the server", msg)
			}
		})
	}
}

func TestStartReapsClustersOfDeadTests(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a second cluster")
	}
	shared.Require(t) // skips or fails like the others when there is no server
	ctx := context.Background()
	c, err := Start(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	// Pretend its test process died: the pid of a process that has exited.
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.Dir, "owner.pid"), []byte(strconv.Itoa(dead.Process.Pid)), 0o644); err != nil {
		t.Fatal(err)
	}
	reapOrphans(filepath.Dir(c.Dir), c.bin, c.runAs)
	if _, err := os.Stat(c.Dir); !os.IsNotExist(err) {
		t.Fatalf("orphan cluster %s not removed (err=%v)", c.Dir, err)
	}
	if err := c.Exec(ctx, "", "select 1"); err == nil {
		t.Fatal("the orphan server still answers")
	}
	// The shared cluster belongs to this live process and stays.
	if err := shared.Require(t).Exec(ctx, "", "select 1"); err != nil {
		t.Fatalf("a live test's cluster was reaped: %v", err)
	}
}
