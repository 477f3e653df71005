package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Session imports the inputs of one run into one catalog: department stubs are
// shared by all its files (a JKAN site's organization pages name the departments of
// its dataset pages), and withdrawn records are found once every input is read.
type Session struct {
	b      *builder
	broken map[string]bool // sources with a file that could not be read as the format
}

// NewSession starts an import of format. exists reports whether a catalog-relative
// path is already taken in the target catalog.
func NewSession(format string, opts Options, exists func(string) bool) (*Session, error) {
	if !slices.Contains(Formats, format) {
		return nil, fmt.Errorf("unknown format %q: use %s", format, strings.Join(Formats, ", "))
	}
	return &Session{b: newBuilder(format, opts, exists), broken: map[string]bool{}}, nil
}

// Add imports one input file of the harvest source named source. name is the
// file's name as shown in errors and comments. A file that is not the session's
// format at all is reported as an error of the result, and its source is not
// checked for withdrawn records.
func (s *Session) Add(source, name string, src []byte) {
	b := s.b
	b.sources[source] = true
	b.res.Stats.Files++
	var err error
	switch b.format {
	case "ckan":
		err = importCKAN(b, source, name, src)
	case "datajson":
		err = importDataJSON(b, source, name, src)
	case "jkan":
		err = importJKAN(b, source, name, src)
	}
	if err != nil {
		var e Error
		if !errors.As(err, &e) {
			e = Error{File: name, Message: err.Error()}
		}
		b.res.Errors = append(b.res.Errors, e)
		b.res.Stats.FileErrors++
		s.broken[source] = true
	}
}

// AddInput reads and imports the files of in. It fails only when a file cannot be
// read.
func (s *Session) AddInput(in *Input) error {
	for _, p := range in.Files {
		src, err := os.ReadFile(p)
		if err != nil {
			return fmt.Errorf("reading %s: %w", displayName(p), err)
		}
		s.Add(in.Source, p, src)
	}
	return nil
}

// Finish reports the withdrawn records (with Options.Update) and returns the
// result, its files sorted by path.
func (s *Session) Finish() *Result {
	b := s.b
	for _, src := range slices.Sorted(maps.Keys(s.broken)) {
		if b.opts.Update {
			b.res.Errors = append(b.res.Errors, Error{File: src,
				Message: "not looking for withdrawn records in this source: some of its files could not be read (above); fix them and run the update again"})
		}
		delete(b.sources, src)
	}
	b.withdraw()
	sortFiles(b.res.Files)
	return b.res
}

// Import converts one input file of the given format, as a session of its own
// whose source is the file's base name. name is the file's name as shown in errors
// and comments; exists reports whether a catalog-relative path is already taken in
// the target catalog. A file that is not the format at all is returned as the
// error.
func Import(format, name string, src []byte, opts Options, exists func(string) bool) (*Result, error) {
	s, err := NewSession(format, opts, exists)
	if err != nil {
		return nil, err
	}
	s.Add(sourceName(name), name, src)
	res := s.Finish()
	if res.Stats.FileErrors > 0 {
		return nil, res.Errors[0]
	}
	return res, nil
}

// extensions are the file name endings each format reads in a folder.
var extensions = map[string][]string{
	"ckan":     {".json"},
	"datajson": {".json"},
	"jkan":     {".md", ".markdown", ".html"},
}

// OpenInput lists what the path p names for format: a file; a folder, whose files
// with the format's endings are read (hidden ones skipped), in every subfolder;
// or a JKAN site root, recognized by its _datasets folder, whose _organizations
// pages are read before its _datasets pages (_dataset_categories and the rest of
// the site are not datasets). The source is named after the file, the folder, or
// the site root (also when p is the site's _datasets or _organizations folder).
func OpenInput(format, p string) (*Input, error) {
	info, err := os.Stat(p)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(p)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return &Input{Source: sourceName(abs), Files: []string{p}}, nil
	}
	isSite := func(dir string) bool {
		st, err := os.Stat(filepath.Join(dir, "_datasets"))
		return err == nil && st.IsDir()
	}
	base := filepath.Base(abs)
	switch {
	case isSite(p):
		if format != "jkan" {
			return nil, fmt.Errorf("%s is a JKAN site (it has a _datasets folder): import it with shuyuan import jkan", displayName(p))
		}
		in := &Input{Source: base}
		for _, sub := range []string{"_organizations", "_datasets"} {
			files, err := listFiles(filepath.Join(p, sub), extensions[format], false)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return nil, err
			}
			in.Files = append(in.Files, files...)
		}
		if len(in.Files) == 0 {
			return nil, fmt.Errorf("%s: the JKAN site has no pages in _datasets/", displayName(p))
		}
		return in, nil
	case (base == "_datasets" || base == "_organizations") && isSite(filepath.Dir(abs)):
		files, err := listFiles(p, extensions[format], false)
		if err != nil {
			return nil, err
		}
		return &Input{Source: filepath.Base(filepath.Dir(abs)), Files: files}, nil
	}
	files, err := listFiles(p, extensions[format], true)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("%s holds no %s files to import as %s", displayName(p), strings.Join(extensions[format], " or "), format)
	}
	return &Input{Source: base, Files: files}, nil
}

// listFiles returns the files of dir whose names end in one of exts, sorted, hidden
// files and folders skipped; in subfolders too when deep.
func listFiles(dir string, exts []string, deep bool) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if p != dir && !deep {
				return filepath.SkipDir
			}
			return nil
		}
		for _, e := range exts {
			if strings.EqualFold(filepath.Ext(p), e) && d.Type().IsRegular() {
				out = append(out, p)
				break
			}
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}
