package model

import "github.com/invopop/jsonschema"

// Portal is portal.yaml: the site-wide settings of one catalog.
type Portal struct {
	// Kind is always "Portal".
	Kind string `yaml:"kind" json:"kind" jsonschema:"enum=Portal"`
	// ID is the portal id, conventionally "portal".
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^[a-z0-9]+(-[a-z0-9]+)*$,maxLength=64"`
	// Title is the portal's name.
	Title Text `yaml:"title" json:"title"`
	// Description introduces the portal (Markdown).
	Description *Text `yaml:"description,omitempty" json:"description,omitempty"`
	// BaseURL is the absolute URL the site is published at, ending in "/".
	BaseURL string `yaml:"base_url" json:"base_url" jsonschema:"format=uri,pattern=^https?://.*/$"`
	// Languages lists the site languages; the first is the default.
	Languages []string `yaml:"languages" json:"languages" jsonschema:"minItems=1,uniqueItems=true,enum=zh,enum=en"`
	// Publisher is the Department id that publishes the portal.
	Publisher string `yaml:"publisher" json:"publisher"`
	// Logo is the catalog-relative path of the portal's logo, an SVG or PNG image
	// shown beside the title on every page (published as assets/logo.svg or .png).
	Logo string `yaml:"logo,omitempty" json:"logo,omitempty" jsonschema:"pattern=\\.(svg|png)$"`
	// Favicon is the catalog-relative path of the browser tab icon, an SVG, PNG or ICO
	// image; the logo when omitted.
	Favicon string `yaml:"favicon,omitempty" json:"favicon,omitempty" jsonschema:"pattern=\\.(svg|png|ico)$"`
	// Contact is the portal's role mailbox.
	Contact string `yaml:"contact,omitempty" json:"contact,omitempty" jsonschema:"format=email"`
	// Themes is the theme list datasets choose from.
	Themes []Theme `yaml:"themes" json:"themes" jsonschema:"minItems=1"`
	// Signing names the minisign public key published with the downloads.
	Signing *Signing `yaml:"signing,omitempty" json:"signing,omitempty"`
	// Repository is the web URL of the catalog repository, used for "view source" links
	// (for example https://github.com/org/catalog/blob/main/catalog/).
	// It is an http or https address.
	Repository string `yaml:"repository,omitempty" json:"repository,omitempty" jsonschema:"pattern=^https?://[^\\s/?#@]+([/?#]\\S*)?$"`
	// Applications is where applications for conditionally open data go when the
	// catalog does not take them as issues in its repository (the application form in
	// .github/ISSUE_TEMPLATE): a web form or a mailbox. Omitted, a conditional
	// dataset's "apply" link opens that issue form.
	Applications *Applications `yaml:"applications,omitempty" json:"applications,omitempty"`
	// License is the default licence of unconditional datasets: an SPDX id, or the
	// id of a custom licence of Licenses.
	License string `yaml:"license,omitempty" json:"license,omitempty"`
	// Licenses declares the custom licences datasets may name besides the SPDX
	// list (for example a city's open-data licence).
	Licenses []CustomLicense `yaml:"licenses,omitempty" json:"licenses,omitempty"`
	// Federation lists district catalogs included in this portal (联邦数据治理).
	Federation []FederationMember `yaml:"federation,omitempty" json:"federation,omitempty"`
}

// Theme is one subject area of the portal.
type Theme struct {
	// ID is the theme id datasets refer to.
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^[a-z0-9]+(-[a-z0-9]+)*$,maxLength=64"`
	// Name is the theme's display name.
	Name Text `yaml:"name" json:"name"`
	// Description says what the theme covers.
	Description *Text `yaml:"description,omitempty" json:"description,omitempty"`
}

// Signing configures download signatures.
type Signing struct {
	// PublicKey is the catalog-relative path of the minisign public key.
	PublicKey string `yaml:"public_key" json:"public_key"`
}

// Applications is the channel that takes applications for conditionally open data:
// exactly one of URL and Email.
type Applications struct {
	// URL is the http or https address of the application form; {dataset},
	// {version} and {title} in it are replaced by the dataset's id, version and title
	// (percent-encoded), for example https://apply.example.gov.cn/new?dataset={dataset}.
	URL string `yaml:"url,omitempty" json:"url,omitempty" jsonschema:"pattern=^https?://[^\\s/?#@]+([/?#]\\S*)?$"`
	// Email is the mailbox that takes applications; the apply link opens a message
	// whose subject and body name the dataset's id, version and title.
	Email string `yaml:"email,omitempty" json:"email,omitempty" jsonschema:"format=email"`
}

// JSONSchemaExtend requires exactly one of url and email.
func (Applications) JSONSchemaExtend(s *jsonschema.Schema) {
	s.OneOf = []*jsonschema.Schema{{Required: []string{"url"}}, {Required: []string{"email"}}}
}

// FederationMember is a district catalog included in a city portal.
type FederationMember struct {
	// ID namespaces the member's ids (for example "pudong").
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^[a-z0-9]+(-[a-z0-9]+)*$,maxLength=32"`
	// Path is the member catalog directory, relative to this catalog.
	Path string `yaml:"path" json:"path"`
}

// CustomLicense is a licence that is not on the SPDX list, declared once in
// portal.yaml and named by datasets with its id.
type CustomLicense struct {
	// ID is what a dataset's license field names: LicenseRef- and letters, digits,
	// dots and hyphens (the SPDX form of a custom licence id).
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^LicenseRef-[A-Za-z0-9.-]+$,maxLength=64"`
	// Name is the licence's title.
	Name Text `yaml:"name" json:"name"`
	// URL is the http or https address of the licence's full text.
	URL string `yaml:"url" json:"url" jsonschema:"pattern=^https?://[^\\s/?#@]+([/?#]\\S*)?$"`
}
