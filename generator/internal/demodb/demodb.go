// Package demodb loads the default catalog's department databases into a PostgreSQL
// cluster: the tables of generator/synth (the sources of the datasets whose
// source.format is postgres), one database per connection variable (source.dsn_env),
// each readable by a login role that may only read, as a department would grant the
// publishing platform. `make run` serves the demonstration with them
// (generator/internal/demorun), and tests that need the demo's PostgreSQL tables load
// them into their pgtest cluster:
//
//	env, err := demodb.Load(ctx, pg.Require(t))
//	getenv := func(k string) string { return env[k] }   // SHUYUAN_PG_TRANSPORT → postgres://…
//
// The rows are generated, never read from files, and are the same on every load.
package demodb

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/shuyuan-project/shuyuan/generator/internal/pgtest"
	"github.com/shuyuan-project/shuyuan/generator/internal/xsync"
	"github.com/shuyuan-project/shuyuan/generator/synth"
)

// Reader is the login role the connection strings use: it may connect to the demo's
// databases and read their tables, nothing else.
const Reader = "shuyuan_reader"

// Load creates, in c, one database per connection variable of synth.Tables (dropping
// any earlier one of that name), the Reader role with a new random password, and
// every table with its rows. It returns the connection string of each variable, for
// the Reader role over TCP on loopback.
func Load(ctx context.Context, c *pgtest.Cluster) (map[string]string, error) {
	tables := synth.Tables()
	byDB := map[string][]synth.Table{}
	for _, t := range tables {
		byDB[t.Database()] = append(byDB[t.Database()], t)
	}
	dbs := make([]string, 0, len(byDB))
	for db := range byDB {
		dbs = append(dbs, db)
	}
	sort.Strings(dbs)

	password, err := randomHex(16)
	if err != nil {
		return nil, err
	}
	admin, err := c.Connect(ctx, "")
	if err != nil {
		return nil, fmt.Errorf("demodb: %w", err)
	}
	defer admin.Close(ctx)
	role := pgx.Identifier{Reader}.Sanitize()
	var exists bool
	if err := admin.QueryRow(ctx, "select exists (select 1 from pg_roles where rolname = $1)", Reader).Scan(&exists); err != nil {
		return nil, fmt.Errorf("demodb: %w", err)
	}
	verb := "create"
	if exists {
		verb = "alter"
	}
	// a utility statement takes no parameters: the password (hex) is quoted as a literal
	if _, err := admin.Exec(ctx, fmt.Sprintf("%s role %s login password %s", verb, role, pgtest.Quote(password))); err != nil {
		return nil, fmt.Errorf("demodb: the reader role: %w", err)
	}
	// the databases are created and filled concurrently: most of the time goes into
	// CREATE DATABASE copying the template, and each has its own connections
	if err := xsync.Each(ctx, len(dbs), func(ctx context.Context, i int) error {
		return createDatabase(ctx, c, dbs[i], byDB[dbs[i]])
	}); err != nil {
		return nil, err
	}
	env := map[string]string{}
	for _, db := range dbs {
		env[byDB[db][0].Env] = c.DSNFor(Reader, password, db)
	}
	return env, nil
}

// createDatabase (re)creates one database, readable by the Reader role, and fills
// its tables.
func createDatabase(ctx context.Context, c *pgtest.Cluster, db string, tables []synth.Table) error {
	admin, err := c.Connect(ctx, "")
	if err != nil {
		return fmt.Errorf("demodb: %w", err)
	}
	defer admin.Close(ctx)
	ident, role := pgx.Identifier{db}.Sanitize(), pgx.Identifier{Reader}.Sanitize()
	for _, sql := range []string{
		"drop database if exists " + ident + " with (force)",
		"create database " + ident,
		"revoke all on database " + ident + " from public",
		"grant connect on database " + ident + " to " + role,
	} {
		if _, err := admin.Exec(ctx, sql); err != nil {
			return fmt.Errorf("demodb: database %s: %w", db, err)
		}
	}
	return loadDatabase(ctx, c, db, tables)
}

// loadDatabase creates and fills the tables of one database.
func loadDatabase(ctx context.Context, c *pgtest.Cluster, db string, tables []synth.Table) error {
	conn, err := c.Connect(ctx, db)
	if err != nil {
		return fmt.Errorf("demodb: database %s: %w", db, err)
	}
	defer conn.Close(ctx)
	role := pgx.Identifier{Reader}.Sanitize()
	for _, t := range tables {
		schema := pgx.Identifier{t.Schema}.Sanitize()
		name := pgx.Identifier{t.Schema, t.Name}
		cols := make([]string, len(t.Columns))
		ddl := ""
		for i, col := range t.Columns {
			cols[i] = col.Name
			if i > 0 {
				ddl += ", "
			}
			ddl += pgx.Identifier{col.Name}.Sanitize() + " " + col.Type
		}
		for _, sql := range []string{
			"create schema if not exists " + schema,
			"create table " + name.Sanitize() + " (" + ddl + ")",
		} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				return fmt.Errorf("demodb: %s.%s: %w", db, t.Schema+"."+t.Name, err)
			}
		}
		n, err := conn.CopyFrom(ctx, name, cols, pgx.CopyFromRows(t.Rows))
		if err != nil {
			return fmt.Errorf("demodb: loading %s.%s: %w", db, t.Schema+"."+t.Name, err)
		}
		if n != int64(len(t.Rows)) {
			return fmt.Errorf("demodb: loading %s.%s: %d of %d rows copied", db, t.Schema+"."+t.Name, n, len(t.Rows))
		}
		for _, sql := range []string{
			"grant usage on schema " + schema + " to " + role,
			"grant select on " + name.Sanitize() + " to " + role,
			"analyze " + name.Sanitize(),
		} {
			if _, err := conn.Exec(ctx, sql); err != nil {
				return fmt.Errorf("demodb: %s.%s: %w", db, t.Schema+"."+t.Name, err)
			}
		}
	}
	return nil
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}
