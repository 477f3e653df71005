package lint

import "github.com/shuyuan-project/shuyuan/generator/diag"

// ruleYAML reports files that are not valid, safe YAML; its findings come from load.
var ruleYAML = &Rule{
	ID: "yaml", Category: CategoryStructure, Severity: diag.Error,
	Summary: "the file is not valid YAML, has duplicate keys, or uses anchors or aliases; or a catalog file (guide pages too) is not UTF-8, holds control characters, is too large (1 MiB, guides 256 KiB) or is not a regular file",
}

// ruleSchema reports files that do not match their kind's JSON Schema; its findings
// come from load.
var ruleSchema = &Rule{
	ID: "schema", Category: CategoryStructure, Severity: diag.Error,
	Summary: "the file does not match its kind's JSON Schema: missing field, wrong type, unknown field, bad enum",
}

// Rules returns every rule in the order `shuyuan rules` lists them.
func Rules() []*Rule {
	return []*Rule{
		// Structure
		ruleSchema,
		ruleYAML,
		ruleIDMismatch,
		ruleRef,
		ruleDuplicateID,
		rulePath,
		ruleBadIgnore,
		ruleUnusedIgnore,
		// One data, one source
		ruleOneSource,
		ruleReplicaUse,
		ruleElementType,
		ruleRefetch,
		// Security and privacy
		ruleDeidRequired,
		ruleDirectID,
		ruleOpenType,
		ruleLevel,
		ruleKAnonymity,
		ruleSubject,
		ruleSecret,
		ruleUndeclaredPII,
		// Metadata quality
		ruleRequiredForOpen,
		ruleLicense,
		ruleDescription,
		ruleTranslation,
		ruleUntranslated,
		ruleStale,
		ruleMarkdown,
		ruleTodo,
		// Versions
		ruleBreaking,
		ruleVersionBump,
		ruleChangelog,
		ruleDowngrade,
		// Pricing
		rulePricing,
		// Governance records
		ruleRecordRef,
		ruleRecordState,
		ruleRecordFuture,
		ruleDeadline,
		ruleCalendar,
	}
}
