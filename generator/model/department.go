package model

import (
	"github.com/invopop/jsonschema"
	orderedmap "github.com/pb33f/ordered-map/v2"
)

// Department is departments/<id>.yaml: a data-responsible department.
type Department struct {
	// Kind is always "Department".
	Kind string `yaml:"kind" json:"kind" jsonschema:"enum=Department"`
	// ID equals the file name; elements and datasets live in folders of this name.
	ID string `yaml:"id" json:"id" jsonschema:"pattern=^[a-z0-9]+(-[a-z0-9]+)*$,maxLength=64"`
	// Name is the department's name.
	Name Text `yaml:"name" json:"name"`
	// Level is city or district.
	Level string `yaml:"level" json:"level" jsonschema:"enum=city,enum=district"`
	// District is the GB/T 2260 code of the district; required when level is district.
	District string `yaml:"district,omitempty" json:"district,omitempty" jsonschema:"pattern=^[0-9]{6}$,format=gbt2260"`
	// Parent is the id of the department this one belongs to.
	Parent string `yaml:"parent,omitempty" json:"parent,omitempty"`
	// USCC is the unified social credit code (统一社会信用代码), checked under GB 32100.
	USCC string `yaml:"uscc,omitempty" json:"uscc,omitempty" jsonschema:"pattern=^[0-9A-HJ-NPQRTUWXY]{18}$,format=uscc"`
	// Contact is a role mailbox, not a person.
	Contact string `yaml:"contact" json:"contact" jsonschema:"format=email"`
	// Homepage is the department's web site: an http or https address.
	Homepage string `yaml:"homepage,omitempty" json:"homepage,omitempty" jsonschema:"pattern=^https?://[^\\s/?#@]+([/?#]\\S*)?$"`
	// Team is the code-review team that owns this department's folders (for CODEOWNERS),
	// for example "@shanghai-data/transport".
	Team string `yaml:"team,omitempty" json:"team,omitempty" jsonschema:"pattern=^@[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)?$"`
}

// JSONSchemaExtend requires district when level is district.
func (Department) JSONSchemaExtend(s *jsonschema.Schema) {
	level := orderedmap.New[string, *jsonschema.Schema]()
	level.Set("level", &jsonschema.Schema{Const: "district"})
	s.If = &jsonschema.Schema{Properties: level, Required: []string{"level"}}
	s.Then = &jsonschema.Schema{Required: []string{"district"}}
}
