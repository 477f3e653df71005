package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
)

// TestWithoutPostgreSQL: when no server can be started, demorun says why and which
// datasets lose their downloads, runs the command anyway, without connection
// variables, and exits with the command's status.
func TestWithoutPostgreSQL(t *testing.T) {
	t.Setenv("SHUYUAN_PG_TRANSPORT", "")
	out := filepath.Join(t.TempDir(), "env")
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"not installed", fmt.Errorf("pgtest: %w", pgtest.ErrUnavailable), "make pg-deps"},
		{"does not start", errors.New("initdb: out of disk"), "could not be started"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			code := run([]string{"sh", "-c", "env > " + out + "; exit 3"}, func() (*pgtest.Cluster, map[string]string, error) { return nil, nil, tc.err }, &stderr)
			if code != 3 {
				t.Errorf("exit %d, want the command's 3", code)
			}
			msg := stderr.String()
			if !strings.Contains(msg, tc.want) || !strings.Contains(msg, "without a download") {
				t.Errorf("stderr %q does not say %q and that datasets lose their download", msg, tc.want)
			}
			if tc.err != nil && errors.Is(tc.err, pgtest.ErrUnavailable) && !strings.Contains(msg, "SHUYUAN_PG_TRANSPORT") {
				t.Errorf("stderr %q does not name the connection variables", msg)
			}
			env, err := os.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(env), "SHUYUAN_PG_TRANSPORT=postgres") {
				t.Error("the command got a connection string without a database")
			}
		})
	}
}

// TestWithDatabases: the command gets every connection variable not already set,
// and keeps the one that is.
func TestWithDatabases(t *testing.T) {
	t.Setenv("SHUYUAN_PG_FINANCE", "postgres://mine")
	out := filepath.Join(t.TempDir(), "env")
	var stderr bytes.Buffer
	vars := map[string]string{"SHUYUAN_PG_FINANCE": "postgres://demo/finance", "SHUYUAN_PG_TRANSPORT": "postgres://demo/transport"}
	code := run([]string{"sh", "-c", "env > " + out}, func() (*pgtest.Cluster, map[string]string, error) { return &pgtest.Cluster{}, vars, nil }, &stderr)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	env, _ := os.ReadFile(out)
	if !strings.Contains(string(env), "SHUYUAN_PG_TRANSPORT=postgres://demo/transport\n") || !strings.Contains(string(env), "SHUYUAN_PG_FINANCE=postgres://mine\n") ||
		strings.Contains(string(env), "postgres://demo/finance") {
		t.Errorf("the command's environment:\n%s", env)
	}
	if strings.Contains(stderr.String(), "postgres://") {
		t.Errorf("stderr shows a connection string: %s", stderr.String())
	}
}
