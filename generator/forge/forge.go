// Package forge builds the links a portal page makes into the catalog's repository
// and its other channels: a catalog file's web address, a GitHub issue form pre-filled
// through its URL parameters, a mailto: link with subject and body, and an external
// form address with the dataset filled in. It is the one place these URLs are made,
// so every value is percent-encoded the same way (RFC 3986: a space is %20, never +).
package forge

import (
	"net/url"
	"regexp"
	"strings"
)

// The issue forms in .github/ISSUE_TEMPLATE that portal pages open, and the ids of
// the fields they pre-fill. A test keeps these in step with the forms themselves.
const (
	// ApplicationForm is the application for a conditionally open dataset.
	ApplicationForm = "data-application.yml"
	// ObjectionForm is the data objection (数据异议).
	ObjectionForm = "data-objection.yml"

	FieldDataset = "dataset" // the dataset id
	FieldVersion = "version" // the dataset's (or element's) version
	FieldColumn  = "column"  // the column concerned, optional
	FieldElement = "element" // the data element id, on an element's page
)

// Field is one pre-filled field of an issue form: its id in the form and the value.
type Field struct{ ID, Value string }

// Repo is the catalog repository named by portal.yaml's repository.
type Repo struct {
	// Files is the web address that catalog-relative paths are appended to, ending
	// in "/"; "" when the address is not http(s).
	Files string
	// Issues is the address of the repository's new-issue page on GitHub
	// (https://github.com/owner/name/issues/new), "" on any other host.
	Issues string
	// Home is the repository's own address (https://host/owner/name), "" when the
	// address names no repository.
	Home string // on GitLab it ends in "/-", so that Home + "/blob/" is a file's address
	// Branch is the branch or commit the address names, "" when it names none.
	Branch string
}

// repoBlob reads a folder or file address on GitHub, GitLab or Gitea:
// https://host/owner/name[/-]/(blob|tree|src/branch)/<branch>/...
var repoBlob = regexp.MustCompile(`^(https?://[^/]+/[^/]+/[^/]+?)(/-)?/(?:blob|tree|src/branch)/([^/]+)(/|$)`)

// repoHome reads the address of a repository itself: https://host/owner/name.
var repoHome = regexp.MustCompile(`^(https?://[^/]+/[^/?#]+/[^/?#]+?)(\.git)?/?$`)

// ParseRepo reads portal.yaml's repository address. A zero Repo (no links) is
// returned for "" or an address that is not http(s).
func ParseRepo(address string) Repo {
	if !strings.HasPrefix(address, "https://") && !strings.HasPrefix(address, "http://") {
		return Repo{}
	}
	r := Repo{Files: address}
	if !strings.HasSuffix(r.Files, "/") {
		r.Files += "/"
	}
	if m := repoBlob.FindStringSubmatch(address); m != nil {
		r.Home, r.Branch = m[1]+m[2], m[3]
	} else if m := repoHome.FindStringSubmatch(address); m != nil {
		r.Home = m[1]
	}
	if strings.HasPrefix(r.Home, "https://github.com/") {
		r.Issues = r.Home + "/issues/new"
	}
	return r
}

// FileURL is the web address of a catalog-relative file, "" when unknown.
func (r Repo) FileURL(file string) string {
	if r.Files == "" {
		return ""
	}
	return r.Files + file
}

// DocURL is the web address of a file of the repository itself (relative to its
// root, such as docs/rules.md) at the branch the address names, HEAD when it names
// none; "" when the address names no repository.
func (r Repo) DocURL(file string) string {
	if r.Home == "" {
		return ""
	}
	branch := r.Branch
	if branch == "" {
		branch = "HEAD"
	}
	return r.Home + "/blob/" + branch + "/" + file
}

// IssueForm is the address that opens the issue form template with the issue's
// title and the fields pre-filled (GitHub's issue-form URL parameters: template,
// title, and one parameter a field id). Fields with an empty value are left out;
// the parameters keep the order given, so the address is the same on every build.
// It is "" when the repository is not on GitHub.
func (r Repo) IssueForm(template, title string, fields ...Field) string {
	if r.Issues == "" {
		return ""
	}
	q := query{}
	q.add("template", template)
	q.add("title", title)
	for _, f := range fields {
		q.add(f.ID, f.Value)
	}
	return r.Issues + "?" + q.String()
}

// Mailto is a mailto: link (RFC 6068) to addr with the subject and body filled in;
// the body's lines are joined with CRLF, as the RFC asks.
func Mailto(addr, subject string, body ...string) string {
	q := query{}
	q.add("subject", subject)
	q.add("body", strings.Join(body, "\r\n"))
	u := "mailto:" + url.PathEscape(addr)
	if s := q.String(); s != "" {
		u += "?" + s
	}
	return u
}

// placeholder is a {name} in an external form's address.
var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// Fill replaces each {name} in an address with the value of that name, encoded as
// a query value; a name not in values is left as it is written.
func Fill(address string, values map[string]string) string {
	return placeholder.ReplaceAllStringFunc(address, func(m string) string {
		if v, ok := values[m[1:len(m)-1]]; ok {
			return escape(v)
		}
		return m
	})
}

// query is URL parameters in the order they were added.
type query []string

func (q *query) add(key, value string) {
	if value == "" {
		return
	}
	*q = append(*q, escape(key)+"="+escape(value))
}

func (q query) String() string { return strings.Join(q, "&") }

// escape percent-encodes s for a query: everything but unreserved characters, a
// space as %20 (a + would stay a + in a mailto: subject).
func escape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}
