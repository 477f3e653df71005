package cli

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/rogpeppe/go-internal/txtar"
)

// TestMain lets the scripts run `shuyuan` as a real command in a subprocess.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"shuyuan": func() { os.Exit(Main(OSEnv(), os.Args[1:])) },
	})
}

// TestScripts runs the CLI scripts in testdata/script. Each script starts with the
// clean base catalog of the lint rule tests in $WORK/catalog; files the script
// itself writes under catalog/ take precedence.
func TestScripts(t *testing.T) {
	base, err := txtar.ParseFile(filepath.Join("..", "lint", "testdata", "base.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: filepath.Join("testdata", "script"),
		Setup: func(env *testscript.Env) error {
			for _, f := range base.Files {
				p := filepath.Join(env.WorkDir, "catalog", filepath.FromSlash(f.Name))
				if _, err := os.Stat(p); err == nil {
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
		},
	})
}
