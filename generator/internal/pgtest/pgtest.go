// Package pgtest starts a throwaway PostgreSQL cluster for tests: initdb into a temporary
// directory, a server that listens only on 127.0.0.1 (and a unix socket in that directory),
// started and stopped with pg_ctl. When the test process runs as root, the server runs as
// the postgres (or nobody) user, since PostgreSQL refuses to run as root.
//
// Debian's postgresql package puts the programs in /usr/lib/postgresql/<version>/bin;
// `make pg-deps` installs it. When no server can be found, Start returns an error that
// wraps ErrUnavailable, and Require skips the test with that message — except under
// CI=true, where a missing server fails the test instead of silently passing.
package pgtest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ErrUnavailable means no PostgreSQL server programs were found on this machine.
var ErrUnavailable = errors.New("PostgreSQL server programs (initdb, pg_ctl) not found; run `make pg-deps` (installs Debian's postgresql)")

// SuperUser is the name of the cluster's superuser.
const SuperUser = "shuyuan"

// Cluster is a running throwaway PostgreSQL server.
type Cluster struct {
	// Dir is the temporary directory holding the data directory, the log and the socket.
	Dir string
	// Port is the TCP port on 127.0.0.1.
	Port int
	// Password is the superuser's password.
	Password string

	bin    string // directory of initdb, pg_ctl
	runAs  string // user the server runs as when we are root; "" otherwise
	data   string
	logf   string
	closed bool
}

// BinDir finds the directory holding initdb and pg_ctl: $PATH first, then the newest
// /usr/lib/postgresql/<version>/bin.
func BinDir() (string, error) {
	if p, err := exec.LookPath("initdb"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil {
			p = real
		}
		dir := filepath.Dir(p)
		if isExec(filepath.Join(dir, "pg_ctl")) {
			return dir, nil
		}
	}
	matches, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb")
	sort.Slice(matches, func(i, j int) bool { return version(matches[i]) > version(matches[j]) })
	for _, m := range matches {
		dir := filepath.Dir(m)
		if isExec(m) && isExec(filepath.Join(dir, "pg_ctl")) {
			return dir, nil
		}
	}
	return "", ErrUnavailable
}

func version(initdb string) int {
	v, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(initdb))))
	return v
}

func isExec(p string) bool {
	st, err := os.Stat(p)
	return err == nil && !st.IsDir() && st.Mode()&0o111 != 0
}

// Start initializes and starts a new cluster. The caller must call Stop.
func Start(ctx context.Context) (*Cluster, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	c := &Cluster{bin: bin}
	if os.Geteuid() == 0 {
		c.runAs = serverUser()
		if c.runAs == "" {
			return nil, errors.New("pgtest: running as root and neither a postgres nor a nobody user exists to run the server")
		}
	}
	base := tempBase(c.runAs != "")
	reapOrphans(base, bin, c.runAs)
	c.Dir, err = os.MkdirTemp(base, "shuyuan-pg-*")
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(c.Dir, "owner.pid"), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		return nil, err
	}
	ok := false
	defer func() {
		if !ok {
			c.Stop()
		}
	}()
	c.data = filepath.Join(c.Dir, "data")
	c.logf = filepath.Join(c.Dir, "server.log")
	c.Password = randomHex(16)
	pwfile := filepath.Join(c.Dir, "pwfile")
	if err := os.WriteFile(pwfile, []byte(c.Password+"\n"), 0o600); err != nil {
		return nil, err
	}
	if err := c.chown(c.Dir, pwfile); err != nil {
		return nil, err
	}
	if out, err := c.run(ctx, "initdb", "-D", c.data, "-U", SuperUser, "--pwfile", pwfile,
		"--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C", "--no-sync", "--no-instructions"); err != nil {
		return nil, fmt.Errorf("pgtest: initdb: %v\n%s", err, out)
	}
	os.Remove(pwfile)

	var lastErr error
	for attempt := 0; attempt < 5; attempt++ {
		c.Port, err = FreePort()
		if err != nil {
			return nil, err
		}
		conf := fmt.Sprintf(`
# pgtest: a throwaway test cluster
listen_addresses = '127.0.0.1'
port = %d
unix_socket_directories = '%s'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 30
shared_buffers = 32MB
`, c.Port, c.Dir)
		if err := os.WriteFile(filepath.Join(c.data, "postgresql.auto.conf"), []byte(conf), 0o600); err != nil {
			return nil, err
		}
		if err := c.chown(filepath.Join(c.data, "postgresql.auto.conf")); err != nil {
			return nil, err
		}
		out, err := c.run(ctx, "pg_ctl", "-D", c.data, "-l", c.logf, "-w", "-t", "60", "start")
		if err == nil {
			// pgcrypto (Debian's postgresql ships the contrib modules) in template1 and
			// postgres, so every database of the cluster has hmac() for pushed-down tokens
			for _, db := range []string{"template1", "postgres"} {
				if err := c.Exec(ctx, db, "create extension if not exists pgcrypto"); err != nil {
					return nil, fmt.Errorf("pgtest: enabling pgcrypto in %s (Debian's postgresql package ships it): %v", db, err)
				}
			}
			ok = true
			return c, nil
		}
		log, _ := os.ReadFile(c.logf)
		lastErr = fmt.Errorf("pgtest: pg_ctl start: %v\n%s\n%s", err, out, log)
		if !bytes.Contains(log, []byte("in use")) {
			break
		}
	}
	return nil, lastErr
}

// Stop stops the server and removes its directory. It is safe to call more than once.
func (c *Cluster) Stop() {
	if c == nil || c.closed {
		return
	}
	c.closed = true
	if c.data != "" {
		if _, err := os.Stat(filepath.Join(c.data, "postmaster.pid")); err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			if out, err := c.run(ctx, "pg_ctl", "-D", c.data, "-m", "fast", "-w", "stop"); err != nil {
				fmt.Fprintf(os.Stderr, "pgtest: pg_ctl stop: %v\n%s", err, out)
			}
			cancel()
		}
	}
	if c.Dir != "" {
		os.RemoveAll(c.Dir)
	}
}

// reapOrphans stops and removes the clusters of test processes that died without
// stopping theirs (killed by a timeout, say): a server started by pg_ctl outlives them.
func reapOrphans(base, bin, runAs string) {
	dirs, _ := filepath.Glob(filepath.Join(base, "shuyuan-pg-*"))
	for _, dir := range dirs {
		b, err := os.ReadFile(filepath.Join(dir, "owner.pid"))
		if err != nil {
			continue
		}
		pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
		if err != nil || pid <= 0 || syscall.Kill(pid, 0) != syscall.ESRCH {
			continue // its owner is alive (or unknown): not ours to touch
		}
		orphan := &Cluster{Dir: dir, bin: bin, runAs: runAs, data: filepath.Join(dir, "data")}
		orphan.Stop()
	}
}

// DSN is a connection URL for database db (the default "postgres" when empty) as the
// superuser over TCP on 127.0.0.1.
func (c *Cluster) DSN(db string) string {
	return c.DSNFor(SuperUser, c.Password, db)
}

// DSNFor is a connection URL for database db as the given user and password.
func (c *Cluster) DSNFor(usr, password, db string) string {
	if db == "" {
		db = "postgres"
	}
	u := url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(usr, password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port)),
		Path:     "/" + db,
		RawQuery: "sslmode=disable&connect_timeout=10",
	}
	return u.String()
}

// Connect opens a connection to database db as the superuser.
func (c *Cluster) Connect(ctx context.Context, db string) (*pgx.Conn, error) {
	return pgx.Connect(ctx, c.DSN(db))
}

// Exec runs SQL statements (separated by semicolons) in database db.
func (c *Cluster) Exec(ctx context.Context, db, sql string) error {
	conn, err := c.Connect(ctx, db)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	// The simple protocol accepts several statements in one string.
	_, err = conn.Exec(ctx, sql, pgx.QueryExecModeSimpleProtocol)
	return err
}

// CreateDatabase creates a new empty database.
func (c *Cluster) CreateDatabase(ctx context.Context, name string) error {
	return c.Exec(ctx, "", "create database "+pgx.Identifier{name}.Sanitize())
}

func (c *Cluster) run(ctx context.Context, prog string, args ...string) ([]byte, error) {
	path := filepath.Join(c.bin, prog)
	var cmd *exec.Cmd
	if c.runAs != "" {
		cmd = exec.CommandContext(ctx, "runuser", append([]string{"-u", c.runAs, "--", path}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, path, args...)
	}
	// pg_ctl start leaves the server running with our stdout unless it is redirected (-l);
	// the combined output here is only pg_ctl's own.
	cmd.Dir = c.Dir
	cmd.Env = append(os.Environ(), "LC_ALL=C", "PGTZ=UTC")
	return cmd.CombinedOutput()
}

func (c *Cluster) chown(paths ...string) error {
	if c.runAs == "" {
		return nil
	}
	u, err := user.Lookup(c.runAs)
	if err != nil {
		return err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	for _, p := range paths {
		if err := os.Chown(p, uid, gid); err != nil {
			return fmt.Errorf("pgtest: chown %s to %s: %w", p, c.runAs, err)
		}
	}
	return nil
}

// tempBase is where the cluster directory goes: the usual temporary directory, or /tmp
// when the server runs as another user who could not reach the usual one (TMPDIR under
// a private home).
func tempBase(otherUser bool) string {
	dir := os.TempDir()
	if !otherUser {
		return dir
	}
	for d := dir; ; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err != nil || st.Mode().Perm()&0o001 == 0 {
			return "/tmp"
		}
		if d == filepath.Dir(d) {
			return dir
		}
	}
}

func serverUser() string {
	for _, name := range []string{"postgres", "nobody"} {
		if _, err := user.Lookup(name); err == nil {
			if _, err := exec.LookPath("runuser"); err == nil {
				return name
			}
		}
	}
	return ""
}

func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on Linux
	}
	return hex.EncodeToString(b)
}

// Shared holds one cluster shared by the tests of a package: run the tests through Main
// from TestMain, and get the cluster in each test with Require. The cluster starts on the
// first Require, so tests that need none do not wait for it.
type Shared struct {
	once    sync.Once
	c       *Cluster
	err     error
	mainRan bool
}

// Main runs the tests and stops the shared cluster if one was started.
func Main(m *testing.M, s *Shared) int {
	s.mainRan = true
	defer func() { s.c.Stop() }()
	return m.Run()
}

// Require returns the shared cluster, starting it on first use. When no PostgreSQL is
// installed it skips the test with the reason, or fails it under CI=true; any other start
// failure fails the test.
func (s *Shared) Require(t testing.TB) *Cluster {
	t.Helper()
	if !s.mainRan {
		t.Fatal("pgtest: call pgtest.Main from TestMain so the shared cluster is stopped")
	}
	s.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		s.c, s.err = Start(ctx)
	})
	return require(t, s.c, s.err)
}

func require(t testing.TB, c *Cluster, err error) *Cluster {
	t.Helper()
	if err != nil {
		if errors.Is(err, ErrUnavailable) && os.Getenv("CI") != "true" {
			t.Skipf("skipping PostgreSQL test: %v", err)
			return nil
		}
		t.Fatalf("PostgreSQL test cluster: %v", err)
		return nil
	}
	return c
}

// Run starts a cluster for one test and stops it in t.Cleanup; see Require for when it
// skips or fails.
func Run(t testing.TB) *Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := Start(ctx)
	c = require(t, c, err)
	t.Cleanup(c.Stop)
	return c
}

// Quote quotes s as an SQL string literal.
func Quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
