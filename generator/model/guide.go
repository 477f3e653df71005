package model

// GuideFrontMatter is the YAML front matter of a guide page guide/<nn>-<slug>.md.
type GuideFrontMatter struct {
	// Title is the page title.
	Title Text `yaml:"title" json:"title"`
	// Order sorts guide pages in navigation.
	Order int `yaml:"order" json:"order"`
	// Summary is a one-line description for lists and search.
	Summary *Text `yaml:"summary,omitempty" json:"summary,omitempty"`
}
