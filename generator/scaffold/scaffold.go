// Package scaffold writes the skeleton of a new catalog file (`shuyuan new`): a
// valid, commented file with its yaml-language-server schema line, in the folder
// the catalog layout requires. Every value the author must write is marked
// TODO(author); the `todo` lint rule reports each marker until it is gone, so a new
// file lints clean except for exactly those places.
package scaffold

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shuyuan-project/shuyuan/generator/load"
	"github.com/shuyuan-project/shuyuan/generator/model"
	"github.com/shuyuan-project/shuyuan/generator/schema"
)

// Marker flags a value the author must fill in.
const Marker = "TODO(author)"

// Kinds that `shuyuan new` can write.
const (
	KindDataset    = "dataset"
	KindElement    = "element"
	KindDepartment = "department"
)

var idRe = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Request says what to scaffold.
type Request struct {
	// Kind is dataset, element or department.
	Kind string
	// ID is the new file's id.
	ID string
	// Department owns a dataset or element.
	Department string
	// Now dates the first changelog entry.
	Now time.Time
}

// Path returns the catalog-relative path the file of r belongs at.
func (r Request) Path() string {
	switch r.Kind {
	case KindDataset:
		return "datasets/" + r.Department + "/" + r.ID + ".yaml"
	case KindElement:
		return "elements/" + r.Department + "/" + r.ID + ".yaml"
	}
	return "departments/" + r.ID + ".yaml"
}

// Write creates the file of r in the catalog directory and returns its path. It
// refuses to overwrite an existing file and checks ids and references first.
func Write(catalogDir string, r Request) (string, error) {
	cat, err := load.Load(catalogDir)
	if err != nil {
		return "", err
	}
	src, err := Render(cat, r)
	if err != nil {
		return "", err
	}
	p := filepath.Join(catalogDir, filepath.FromSlash(r.Path()))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return "", err
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("%s already exists: shuyuan new never overwrites; pick another id or edit the file", p)
	}
	if err != nil {
		return "", err
	}
	if _, err := f.Write(src); err != nil {
		f.Close()
		return "", err
	}
	return p, f.Close()
}

// Departments lists the departments a new dataset or element can belong to, as
// "id  name" lines in id order, for the prompt and the error that ask for one.
func Departments(cat *load.Catalog) []string {
	out := make([]string, 0, len(cat.Departments))
	for _, d := range cat.Departments {
		line := d.V.ID
		if name := d.V.Name.Zh; name != "" {
			line += "  " + name
			if d.V.Name.En != "" {
				line += " / " + d.V.Name.En
			}
		}
		out = append(out, line)
	}
	slices.Sort(out)
	return out
}

// Render returns the skeleton of r for the catalog cat.
func Render(cat *load.Catalog, r Request) ([]byte, error) {
	if !idRe.MatchString(r.ID) || len(r.ID) > 64 {
		return nil, fmt.Errorf("id %q is not valid: use lowercase letters, digits and single hyphens, at most 64 characters, e.g. metro-station-ridership", r.ID)
	}
	switch r.Kind {
	case KindDataset, KindElement:
		if r.Department == "" {
			// Never a silent default: the department answers for the data (一数一源).
			what := map[string]string{KindDataset: "dataset", KindElement: "data element"}[r.Kind]
			if len(cat.Departments) == 0 {
				return nil, fmt.Errorf("a %s belongs to a department and %s has none: create it first with `shuyuan new department ID`, then pass --department ID", what, cat.Root)
			}
			ids := make([]string, len(cat.Departments))
			for i, d := range cat.Departments {
				ids[i] = d.V.ID
			}
			slices.Sort(ids)
			return nil, fmt.Errorf("a %s belongs to the department that answers for it: pass --department DEPT, one of %s", what, strings.Join(ids, ", "))
		}
		if cat.Department(r.Department) == nil {
			return nil, fmt.Errorf("department %q does not exist in %s: create it first with `shuyuan new department %s`", r.Department, cat.Root, r.Department)
		}
	case KindDepartment:
		if cat.Department(r.ID) != nil {
			return nil, fmt.Errorf("department %q already exists", r.ID)
		}
	default:
		return nil, fmt.Errorf("unknown kind %q: use dataset, element or department", r.Kind)
	}
	switch r.Kind {
	case KindDataset:
		if cat.Dataset(r.ID) != nil {
			return nil, fmt.Errorf("dataset %q already exists", r.ID)
		}
		if cat.Portal == nil || len(cat.Portal.V.Themes) == 0 {
			return nil, errors.New("portal.yaml is missing or has no themes: a dataset needs a theme from it")
		}
		return dataset(cat, r), nil
	case KindElement:
		if cat.Element(r.ID) != nil {
			return nil, fmt.Errorf("element %q already exists", r.ID)
		}
		return element(r, SchemaBase(cat)), nil
	}
	return department(r, SchemaBase(cat)), nil
}

// SchemaBase is where the $schema line of a scaffolded file points: the schemas/
// folder of the catalog's own portal (every build publishes the JSON Schemas there),
// or the project's published schemas when the catalog has no portal.yaml yet.
func SchemaBase(cat *load.Catalog) string {
	if cat != nil && cat.Portal != nil && cat.Portal.V.BaseURL != "" {
		b := cat.Portal.V.BaseURL
		if !strings.HasSuffix(b, "/") {
			b += "/"
		}
		return b + "schemas/"
	}
	return schema.BaseURL
}

func header(b *strings.Builder, base, kind, what string) {
	fmt.Fprintf(b, "# yaml-language-server: $schema=%s%s\n", base, schema.FileFor(kind))
	fmt.Fprintf(b, "# %s, written by `shuyuan new`. Every value you must write carries a\n", what)
	b.WriteString("# TODO marker; `shuyuan lint` reports each one (rule todo) until it is gone.\n")
	b.WriteString("# Field reference: catalog-format.md. Lines starting with # are comments.\n")
}

func dataset(cat *load.Catalog, r Request) []byte {
	var themes []string
	for _, t := range cat.Portal.V.Themes {
		themes = append(themes, t.ID)
	}
	var b strings.Builder
	header(&b, SchemaBase(cat), model.KindDataset, "Dataset "+r.ID+" of "+r.Department)
	date := r.Now.Format(time.DateOnly)
	fmt.Fprintf(&b, `kind: Dataset
id: %[1]s
version: 0.1.0        # semver: raise it with every change; a new major for breaking changes
status: draft         # draft | active | deprecated | retired
title:
  zh: "%[2]s: 数据集名称"
  en: "%[2]s: dataset title"
description:          # Markdown, 50 to 5000 characters: what the data is, who collects it, how to use it
  zh: "%[2]s: 请用五十字以上说明本数据集包含哪些数据、由哪个系统采集、覆盖的时间和地域范围、更新方式以及如何使用。"
  en: "%[2]s: describe in at least 50 characters what the data holds, how it is collected, what it covers and how to use it."
department: %[3]s
themes: [%[4]s]   # %[2]s: choose from portal.yaml: %[5]s
keywords: []
# How widely the data may be opened: unconditional (needs license) | conditional (needs
# rights and access.application) | non-open. Start narrow; widening later is a downgrade.
open_type: non-open
rights:
  zh: "%[2]s: 使用条件"
  en: "%[2]s: terms of use"
grade: general        # core | important | general (GB/T 43697)
level: 1              # 1..4, the highest level of the columns
update:
  frequency: irregular   # realtime | hourly | daily | weekly | monthly | quarterly | yearly | irregular
# source:               # required unless non-open: where the raw rows come from
#   format: csv         # csv | jsonl | postgres
#   path: sources/%[3]s/%[1]s.csv
columns:              # the data dictionary, in output order; one entry per column
  - name: "%[2]s"
    title: {zh: "%[2]s: 字段名称", en: "%[2]s: column title"}
    type: string        # string | integer | number | boolean | date | datetime
    level: 1
    personal_info: none # none | personal | sensitive: personal columns need deid
    role: insensitive   # direct-identifier | quasi-identifier | sensitive | insensitive
    # element: …        # the DataElement id this column carries (一数一源)
    # deid: {op: tokenize, key: env:SHUYUAN_KEY_…}
changelog:            # newest first; one entry per published version
  - {version: 0.1.0, date: %[6]s, summary: {zh: 首次发布, en: First release}}
`, r.ID, Marker, r.Department, themes[0], strings.Join(themes, ", "), date)
	return []byte(b.String())
}

func element(r Request, base string) []byte {
	var b strings.Builder
	header(&b, base, model.KindDataElement, "Data element "+r.ID+" of "+r.Department+" (数源目录)")
	fmt.Fprintf(&b, `kind: DataElement
id: %[1]s
version: 0.1.0
status: draft         # draft | active | deprecated | retired
name:
  zh: "%[2]s: 数据项名称"
  en: "%[2]s: item name"
definition:           # Markdown: exactly what the item is
  zh: "%[2]s: 数据项定义"
  en: "%[2]s: definition"
department: %[3]s     # 数据责任部门: the one department responsible
source:               # 数据源头
  system:
    zh: "%[2]s: 源头系统名称"
    en: "%[2]s: source system"
  collection: registration   # registration | business | sensing | aggregation
# replicas:           # known copies consumers must not use
#   - {system: {zh: …}, department: …}
value:
  type: string        # string | integer | number | boolean | date | datetime
  # validator: …      # cn-resident-id | uscc | cn-mobile | bank-card | email | cn-plate | ipv4 | gbt2260
  # standard: …       # code standard, e.g. GB 11643-1999
update:               # 更新机制
  frequency: irregular   # realtime | hourly | daily | weekly | monthly | quarterly | yearly | irregular
  mode: full             # full | incremental | realtime
quality:              # 质量标准
  rules:
    - {kind: completeness, threshold: 0.99}   # %[2]s: the agreed quality rules
usage:                # 使用方法
  channels: [share-api]   # share-api | verify-api | batch | open-platform
  guide:
    zh: "%[2]s: 如何申请使用该数据项"
    en: "%[2]s: how to apply to use this item"
classification:
  grade: general      # core | important | general
  level: 1            # 1..4
  personal_info: none # none | personal | sensitive
  open_type: non-open # unconditional | conditional | non-open
`, r.ID, Marker, r.Department)
	return []byte(b.String())
}

func department(r Request, base string) []byte {
	var b strings.Builder
	header(&b, base, model.KindDepartment, "Department "+r.ID)
	fmt.Fprintf(&b, `kind: Department
id: %[1]s
name:
  zh: "%[2]s: 部门名称"
  en: "%[2]s: department name"
level: city           # city | district; a district department also needs district: "<GB/T 2260 code>"
contact: data@example.gov.cn   # %[2]s: the department's role mailbox, not a person
# parent: …           # the Department id this one belongs to
# uscc: …             # 统一社会信用代码 (GB 32100)
# homepage: https://…
# team: "@org/team"   # the GitHub team that reviews this department's changes (CODEOWNERS)
`, r.ID, Marker)
	return []byte(b.String())
}
