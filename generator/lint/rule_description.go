package lint

import (
	"strings"
	"unicode/utf8"

	"github.com/shuyuan-project/shuyuan/generator/diag"
)

// Description length limits, in characters (runes).
const (
	minDescription = 50
	maxDescription = 5000
)

// ruleDescription checks the length of each dataset description, in each language.
var ruleDescription = &Rule{
	ID: "description", Category: CategoryMetadata, Severity: diag.Error,
	Summary: "description shorter than 50 or longer than 5000 characters",
	Check:   checkDescription, Partial: true,
}

func checkDescription(c *Context) {
	for _, d := range c.Catalog.Datasets {
		if d.Invalid("description") {
			continue
		}
		for _, l := range []struct{ lang, text string }{{"zh", d.V.Description.Zh}, {"en", d.V.Description.En}} {
			if l.lang == "en" && l.text == "" {
				continue // a missing translation is the translation rule's finding
			}
			n := utf8.RuneCountInString(strings.TrimSpace(l.text))
			switch {
			case n < minDescription:
				c.Report(d.File, d.Pos("description", l.lang), "description.%s has %d characters; write at least %d: what the data holds, who collects it and how, how often it is updated, and what it can be used for",
					l.lang, n, minDescription)
			case n > maxDescription:
				c.Report(d.File, d.Pos("description", l.lang), "description.%s has %d characters; keep it to %d and move the details into a guide page or the column descriptions",
					l.lang, n, maxDescription)
			}
		}
	}
}
