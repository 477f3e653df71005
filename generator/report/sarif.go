package report

import (
	"io"

	"github.com/shuyuan-project/shuyuan/generator/diag"
)

// The SARIF 2.1.0 subset shuyuan writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool       sarifTool     `json:"tool"`
		ColumnKind string        `json:"columnKind"`
		Results    []sarifResult `json:"results"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name            string      `json:"name"`
		InformationURI  string      `json:"informationUri,omitempty"`
		Version         string      `json:"version,omitempty"`
		SemanticVersion string      `json:"semanticVersion,omitempty"`
		Rules           []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string             `json:"id"`
		ShortDescription     sarifMessage       `json:"shortDescription"`
		DefaultConfiguration sarifConfiguration `json:"defaultConfiguration"`
		HelpURI              string             `json:"helpUri,omitempty"`
		Properties           *sarifRuleProps    `json:"properties,omitempty"`
	}
	sarifRuleProps struct {
		Category string `json:"category,omitempty"`
	}
	sarifConfiguration struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifResult struct {
		RuleID       string             `json:"ruleId"`
		RuleIndex    *int               `json:"ruleIndex,omitempty"`
		Level        string             `json:"level"`
		Message      sarifMessage       `json:"message"`
		Locations    []sarifLocation    `json:"locations"`
		Suppressions []sarifSuppression `json:"suppressions,omitempty"`
	}
	// sarifSuppression says a result was silenced in the source (a shuyuan:ignore
	// comment), with the comment's reason and place.
	sarifSuppression struct {
		Kind          string         `json:"kind"`
		Justification string         `json:"justification,omitempty"`
		Location      *sarifLocation `json:"location,omitempty"`
	}
	sarifLocation struct {
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI string `json:"uri"`
	}
	sarifRegion struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn"`
		EndLine     int `json:"endLine,omitempty"`
		EndColumn   int `json:"endColumn,omitempty"`
	}
)

// sarifLevel maps a severity to a SARIF result level.
func sarifLevel(s diag.Severity) string {
	switch s {
	case diag.Warning:
		return "warning"
	case diag.Notice:
		return "note"
	}
	return "error"
}

func writeSARIF(w io.Writer, findings []diag.Finding, opts Options) error {
	driver := sarifDriver{Name: "shuyuan", InformationURI: "https://github.com/shuyuan-project/shuyuan",
		Version: opts.ToolVersion, SemanticVersion: opts.ToolSemanticVersion, Rules: []sarifRule{}}
	index := map[string]int{}
	for i, r := range opts.Rules {
		index[r.ID] = i
		sr := sarifRule{ID: r.ID, ShortDescription: sarifMessage{Text: r.Summary},
			DefaultConfiguration: sarifConfiguration{Level: sarifLevel(r.Severity)}, HelpURI: r.HelpURI}
		if r.Category != "" {
			sr.Properties = &sarifRuleProps{Category: r.Category}
		}
		driver.Rules = append(driver.Rules, sr)
	}
	result := func(f diag.Finding) sarifResult {
		res := sarifResult{RuleID: f.Rule, Level: sarifLevel(f.Severity), Message: sarifMessage{Text: f.Message}}
		if i, ok := index[f.Rule]; ok {
			res.RuleIndex = &i
		}
		res.Locations = []sarifLocation{opts.sarifLocation(f.File, f.Pos)}
		return res
	}
	results := make([]sarifResult, 0, len(findings)+len(opts.Suppressed))
	for _, f := range findings {
		results = append(results, result(f))
	}
	// Suppressed results are listed too, marked in source, so code scanning shows
	// them as suppressed (with the reason) instead of open.
	for _, s := range opts.Suppressed {
		res := result(s.Finding)
		at := opts.sarifLocation(s.File, diag.Pos{Line: s.CommentLine, Col: 1})
		res.Suppressions = []sarifSuppression{{Kind: "inSource", Justification: s.Reason, Location: &at}}
		results = append(results, res)
	}
	return encode(w, sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{{Tool: sarifTool{Driver: driver}, ColumnKind: "unicodeCodePoints", Results: results}},
	})
}

// sarifLocation is the physical location of a position in a catalog file.
func (o Options) sarifLocation(file string, p diag.Pos) sarifLocation {
	region := sarifRegion{StartLine: max(p.Line, 1), StartColumn: max(p.Col, 1)}
	if p.EndLine >= region.StartLine {
		region.EndLine = p.EndLine
		if p.EndCol > 0 {
			region.EndColumn = p.EndCol
		}
	}
	return sarifLocation{PhysicalLocation: sarifPhysical{
		ArtifactLocation: sarifArtifact{URI: uriPath(o.filePath(file))},
		Region:           region,
	}}
}

// uriPath percent-encodes the characters a relative URI reference may not hold
// (spaces, %, #, ?, and non-ASCII bytes), keeping slashes.
func uriPath(p string) string {
	const hex = "0123456789ABCDEF"
	var b []byte
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			c == '/', c == '-', c == '_', c == '.', c == '~':
			b = append(b, c)
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}
